import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { systemClock, type SessionView, type UserView } from '@onestop/shared';
import { openDb } from '../../hub/src/db/open.js';
import { MIGRATIONS } from '../../hub/src/db/migrations.js';
import { defaultPasswords, verifyPassword } from '../../hub/src/auth/passwords.js';
import { AuthService } from '../../hub/src/auth/service.js';
import { CounterService } from '../../hub/src/counters/service.js';
import { EventBus } from '../../hub/src/events.js';
import { silentLogger } from '../../hub/src/log.js';
import { tmpDir } from '../helpers/procs.js';
import { ADMIN_PW, adminClient, catalogue, Client, STAFF_PW, staffClient, testHub, type TestHub } from '../files/testHub.js';

let h: TestHub | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await h?.close();
  h = null;
});

const hub = () => h!;
const hashOf = (username: string) => (hub().db.prepare('SELECT password_hash FROM users WHERE username = ?').get(username) as { password_hash: string }).password_hash;

describe('passwords', () => {
  it('are stored as scrypt at one of OWASP’s parameter sets (N = 2^15, r = 8, p = 3: 32 MiB) with a 16-byte salt, never in clear', async () => {
    // the one hub test with the real hasher: every other test signs in with the kit's tiny parameters
    h = await testHub({ passwords: defaultPasswords });
    const { password } = await hub().hub.services.auth.createUser({ username: 'lan', role: 'staff' });
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    const stored = hashOf('lan');
    const [alg, logN, r, p, salt, key] = stored.split('$');
    expect({ alg, logN, r, p }).toEqual({ alg: 'scrypt', logN: '15', r: '8', p: '3' });
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(stored).not.toContain(password!);
    expect(scryptSync(password!, Buffer.from(salt!, 'base64url'), 32, { N: 2 ** 15, r: 8, p: 3, maxmem: 256 * 1024 * 1024 }).toString('base64url')).toBe(key);
  });

  it('the temporary admin password of an older hub becomes the "admin" account, upgraded at its first sign-in', async () => {
    const dir = tmpDir('legacy-');
    const file = path.join(dir, 'hub.sqlite');
    const v1 = openDb(file, MIGRATIONS.filter((m) => m.version === 1));
    const salt = randomBytes(16);
    const legacy = `scrypt$${salt.toString('hex')}$${scryptSync('old-admin-pw', salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString('hex')}`;
    v1.prepare("INSERT INTO settings (key, value) VALUES ('admin_password', ?)").run(legacy);
    v1.close();
    const db = openDb(file);
    const row = db.prepare("SELECT role, password_hash FROM users WHERE username = 'admin'").get() as { role: string; password_hash: string };
    expect(row).toEqual({ role: 'admin', password_hash: legacy });
    expect(db.prepare("SELECT * FROM settings WHERE key = 'admin_password'").get()).toBeUndefined();
    expect(await verifyPassword('old-admin-pw', legacy)).toEqual({ ok: true, rehash: true });
    const auth = new AuthService(db, systemClock, new EventBus(silentLogger()), new CounterService(db, systemClock));
    await auth.login({ password: 'old-admin-pw' }, '127.0.0.1', { adminOnly: true });
    expect((db.prepare("SELECT password_hash FROM users WHERE username = 'admin'").get() as { password_hash: string }).password_hash).toMatch(/^scrypt\$15\$8\$3\$/);
    await auth.login({ password: 'old-admin-pw' }, '127.0.0.1', { adminOnly: true });
    db.close();
  });
});

describe('the first admin', () => {
  it('is made at first start with a generated password handed to keep first; a password configured later is not applied', async () => {
    h = await testHub();
    const auth = hub().hub.services.auth;
    const kept: { username: string; password: string }[] = [];
    const first = await auth.ensureFirstAdmin(undefined, (c) => kept.push(c));
    expect(first).toEqual({ username: 'admin', password: expect.stringMatching(/^[A-Za-z2-9]{12}$/), fromConfig: false });
    expect(kept).toEqual([{ username: 'admin', password: first!.password }]);
    const pw = first!.password;
    expect(await auth.ensureFirstAdmin()).toBeNull();
    // HUB_ADMIN_PASSWORD set later: applied only when the account is made, so nothing changes
    expect(await auth.ensureFirstAdmin(ADMIN_PW)).toBeNull();
    const c = new Client(hub().url);
    expect((await c.post('/api/admin/login', { password: ADMIN_PW })).status).toBe(401);
    expect((await c.post('/api/admin/login', { password: pw })).status).toBe(200);
  });

  it('takes the configured password when it is made, if it is long enough', async () => {
    h = await testHub();
    const auth = hub().hub.services.auth;
    await expect(auth.ensureFirstAdmin('nine-char')).rejects.toMatchObject({ reason: 'weak-password' });
    expect(await auth.ensureFirstAdmin(ADMIN_PW)).toEqual({ username: 'admin', password: ADMIN_PW, fromConfig: true });
    expect((await new Client(hub().url).post('/api/admin/login', { password: ADMIN_PW })).status).toBe(200);
  });
});

describe('signing in and out', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie; the session names the person; signing out ends it', async () => {
    h = await testHub();
    await hub().hub.services.auth.ensureFirstAdmin(ADMIN_PW);
    const c = new Client(hub().url);
    // the admin page's login: no username means "admin"
    const res = await c.post<SessionView>('/api/admin/login', { password: ADMIN_PW });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hub_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    expect(JSON.stringify(hub().db.prepare('SELECT * FROM sessions').all())).not.toContain(c.cookie!.split('=')[1]);
    expect((await c.get<SessionView>('/api/auth/session')).body.data).toMatchObject({ signedIn: true, user: { username: 'admin', role: 'admin' }, counter: null });
    expect((await c.get<SessionView>('/api/admin/session')).body.data).toMatchObject({ signedIn: true });

    const old = c.cookie;
    expect((await c.post('/api/admin/logout')).status).toBe(200);
    const again = new Client(hub().url);
    again.cookie = old;
    expect((await again.get('/api/admin/counters')).status).toBe(401);
    expect((await again.get<SessionView>('/api/auth/session')).body.data).toEqual({ signedIn: false });
  });

  it('marks the cookie Secure when the hub is reached over HTTPS through a local proxy', async () => {
    h = await testHub();
    await hub().hub.services.auth.ensureFirstAdmin(ADMIN_PW);
    const res = await new Client(hub().url).post('/api/auth/login', { username: 'admin', password: ADMIN_PW }, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('staff sign in at a counter: without one, or at one that does not exist, they are refused; the admin page refuses them', async () => {
    h = await testHub();
    const { counter } = catalogue(hub());
    await hub().hub.services.auth.createUser({ username: 'lan', displayName: 'Lan', role: 'staff', password: STAFF_PW });
    const c = new Client(hub().url);
    expect((await c.login('lan', STAFF_PW)).body.reason).toBe('counter-required');
    expect((await c.login('lan', STAFF_PW, 'q-none')).body.reason).toBe('counter-not-found');
    expect((await c.post('/api/admin/login', { username: 'lan', password: STAFF_PW })).body.reason).toBe('forbidden');
    expect(c.cookie).toBeNull();
    const ok = await c.login('LAN', STAFF_PW, counter.id);
    expect(ok.body.data).toMatchObject({ signedIn: true, user: { username: 'lan', role: 'staff' }, counter: { id: counter.id, name: 'Quầy 1' } });
    expect((await c.get<SessionView>('/api/admin/session')).body.data).toEqual({ signedIn: false });
  });

  it('a wrong password and an unknown username get the same answer', async () => {
    h = await testHub();
    await hub().hub.services.auth.ensureFirstAdmin(ADMIN_PW);
    const c = new Client(hub().url);
    const wrong = await c.login('admin', 'not-the-password');
    const nobody = await c.login('nobody', 'not-the-password');
    expect([wrong.status, wrong.body]).toEqual([401, { ok: false, reason: 'unauthorized', detail: 'wrong username or password' }]);
    expect([nobody.status, nobody.body]).toEqual([wrong.status, wrong.body]);
  });
});

describe('sign-in back-off', () => {
  it('after 5 failures for a username from an address, waits grow; the right password waits too; another address is not held up', async () => {
    h = await testHub();
    await hub().hub.services.auth.ensureFirstAdmin(ADMIN_PW);
    const c = new Client(hub().url);
    for (let i = 0; i < 5; i++) expect((await c.login('admin', `wrong-${i}`)).status).toBe(401);
    const held = await c.login('admin', ADMIN_PW);
    expect([held.status, held.body.reason, held.headers.get('retry-after')]).toEqual([429, 'rate-limited', '1']);
    const elsewhere = new Client(hub().url, { 'x-forwarded-for': '10.0.0.9' });
    expect((await elsewhere.login('admin', ADMIN_PW)).status).toBe(200);
    hub().clock.advance(1000);
    expect((await c.login('admin', 'wrong-again')).status).toBe(401);
    expect((await c.login('admin', ADMIN_PW)).headers.get('retry-after')).toBe('2');
    hub().clock.advance(2000);
    expect((await c.login('admin', ADMIN_PW)).status).toBe(200);
    // a success clears the record
    expect((await c.login('admin', 'wrong-once-more')).status).toBe(401);
  });
});

describe('roles', () => {
  it('admin endpoints are for admins; staff endpoints for staff and admins; signed out, nothing but the public ones', async () => {
    h = await testHub();
    const { counter } = catalogue(hub());
    const admin = await adminClient(hub());
    const { client: staff } = await staffClient(hub(), counter.id);
    const out = new Client(hub().url);
    const status = async (c: Client, method: string, p: string, body?: unknown) => (await c.call(method, p, body)).status;

    for (const [m, p, body] of [
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users', { username: 'x1', role: 'staff' }],
      ['GET', '/api/admin/counters'],
      ['GET', '/api/admin/devices'],
      ['GET', '/api/admin/live'],
      ['GET', '/api/admin/procedures'],
      ['GET', '/api/admin/tokens'],
      ['GET', '/api/admin/holidays'],
    ] as [string, string, unknown?][]) {
      expect([p, await status(staff, m, p, body)]).toEqual([p, 403]);
      expect([p, await status(out, m, p, body)]).toEqual([p, 401]);
    }
    for (const p of ['/api/staff/files?list=today', '/api/staff/procedures', '/api/auth/password']) {
      expect([p, await status(out, p.includes('password') ? 'POST' : 'GET', p)]).toEqual([p, 401]);
    }
    expect(await status(staff, 'GET', '/api/staff/files?list=today')).toBe(200);
    expect(await status(admin, 'GET', '/api/staff/files?list=today')).toBe(200);
    expect(await status(admin, 'GET', '/api/admin/users')).toBe(200);
    expect(await status(out, 'GET', '/api/v1/procedures')).toBe(401);
    // what stays open: health, pairing, the kiosk's public lists
    expect(await status(out, 'GET', '/healthz')).toBe(200);
    expect(await status(out, 'GET', '/api/public/procedures')).toBe(200);
    expect(await status(out, 'POST', '/api/pair', { code: '00000000', kind: 'kiosk' })).toBe(400);
  });
});

describe('disabling an account', () => {
  it('ends its sessions at once, closes its live page, and refuses its sign-in; the last admin cannot be disabled', async () => {
    h = await testHub();
    const { counter } = catalogue(hub());
    const admin = await adminClient(hub());
    const { client: staff, userId } = await staffClient(hub(), counter.id);
    expect(hub().hub.services.auth.staffOnDuty(counter.id)).toBe(userId);
    expect((await admin.get('/api/admin/duty')).body.data).toEqual([{ counterId: counter.id, counterName: 'Quầy 1', user: { id: userId, displayName: 'Nguyễn Thị Lan' } }]);
    const second = await admin.post<{ user: UserView; password: string }>('/api/admin/users', { username: 'phoquan', displayName: 'Phó văn phòng', role: 'admin' });
    expect(second.status).toBe(201);
    const other = new Client(hub().url);
    await other.login('phoquan', second.body.data!.password);

    const live = io(`${hub().url}/live`, { transports: ['websocket'], extraHeaders: { cookie: other.cookie! }, reconnection: false, forceNew: true });
    sockets.push(live);
    await new Promise<void>((res, rej) => {
      live.once('live:snapshot', () => res());
      live.once('connect_error', rej);
    });

    expect((await admin.post(`/api/admin/users/${userId}/disable`)).body.data).toMatchObject({ disabled: true });
    expect((await staff.get('/api/staff/files?list=today')).status).toBe(401);
    expect(hub().hub.services.auth.staffOnDuty(counter.id)).toBeNull();
    expect((await admin.get<{ user: unknown }[]>('/api/admin/duty')).body.data![0]!.user).toBeNull();
    expect((await new Client(hub().url).login('canbo1', STAFF_PW, counter.id)).body.reason).toBe('account-disabled');

    const closed = new Promise<string>((r) => live.once('disconnect', (why) => r(why)));
    expect((await admin.post(`/api/admin/users/${second.body.data!.user.id}/disable`)).status).toBe(200);
    expect(await closed).toBe('io server disconnect');

    const adminId = hub().hub.services.auth.userByName('admin')!.id;
    const last = await admin.post(`/api/admin/users/${adminId}/disable`);
    expect([last.status, last.body.reason]).toEqual([409, 'last-admin']);
    expect((await admin.post(`/api/admin/users/${userId}/enable`)).body.data).toMatchObject({ disabled: false });
    expect((await new Client(hub().url).login('canbo1', STAFF_PW, counter.id)).status).toBe(200);
  });

  it('a password reset ends the account’s sessions and answers the new password once', async () => {
    h = await testHub();
    const { counter } = catalogue(hub());
    const admin = await adminClient(hub());
    const { client: staff, userId } = await staffClient(hub(), counter.id);
    const r = await admin.post<{ password: string }>(`/api/admin/users/${userId}/reset-password`);
    expect(r.body.data!.password).toMatch(/^[A-Za-z2-9]{12}$/);
    expect((await staff.get('/api/staff/files')).status).toBe(401);
    expect((await staff.login('canbo1', r.body.data!.password, counter.id)).status).toBe(200);
  });
});

describe('cross-site requests (CSRF)', () => {
  it('a state-changing request from another site is refused even with the session cookie; our own pages pass', async () => {
    h = await testHub();
    const admin = await adminClient(hub());
    const create = (headers: Record<string, string>, name: string) => admin.post('/api/admin/counters', { name }, headers);

    const forged = await create({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, 'A');
    expect([forged.status, forged.body.reason]).toEqual([403, 'forbidden-origin']);
    // a browser that sends Fetch Metadata but no Origin (some form posts): refused on Sec-Fetch-Site alone
    expect((await create({ 'sec-fetch-site': 'cross-site' }, 'B')).status).toBe(403);
    // a sibling site on the same domain is still another origin
    expect((await create({ origin: 'http://other.commune.lan', 'sec-fetch-site': 'same-site' }, 'C')).status).toBe(403);
    // an older browser without Fetch Metadata: the Origin check alone
    expect((await create({ origin: 'http://evil.example' }, 'D')).status).toBe(403);
    // a cross-site HTML form (urlencoded body) cannot act either
    const form = await admin.call('POST', '/api/admin/counters', 'name=E', { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(form.status).toBe(403);
    expect((await admin.get<unknown[]>('/api/admin/counters')).body.data).toEqual([]);

    expect((await create({ origin: hub().url, 'sec-fetch-site': 'same-origin' }, 'Quầy 1')).status).toBe(200);
    // the session survived the forged attempts
    expect((await admin.get<unknown[]>('/api/admin/counters')).body.data).toHaveLength(1);
  });

  it('an origin listed in allowedOrigins may act from another site', async () => {
    h = await testHub({ allowedOrigins: ['http://localhost:5173'] });
    const admin = await adminClient(hub());
    expect((await admin.post('/api/admin/counters', { name: 'Q' }, { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' })).status).toBe(200);
  });
});

describe('security headers', () => {
  it('every answer carries a Content-Security-Policy without inline scripts, and refuses framing', async () => {
    h = await testHub();
    for (const p of ['/healthz', '/kiosk', '/api/public/procedures']) {
      const res = await fetch(hub().url + p);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await fetch(hub().url + '/api/public/procedures')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('changing one’s own password', () => {
  it('needs the current one and a long enough new one; other sessions end, this one stays', async () => {
    h = await testHub();
    const { counter } = catalogue(hub());
    const { client: a } = await staffClient(hub(), counter.id);
    const b = new Client(hub().url);
    await b.login('canbo1', STAFF_PW, counter.id);
    expect((await a.post('/api/auth/password', { currentPassword: 'wrong-wrong', newPassword: 'a-new-long-password' })).body.reason).toBe('unauthorized');
    expect((await a.post('/api/auth/password', { currentPassword: STAFF_PW, newPassword: 'short' })).body.reason).toBe('weak-password');
    expect((await a.post('/api/auth/password', { currentPassword: STAFF_PW, newPassword: 'a-new-long-password' })).status).toBe(200);
    expect((await a.get('/api/staff/procedures')).status).toBe(200);
    expect((await b.get('/api/staff/procedures')).status).toBe(401);
  });
});
