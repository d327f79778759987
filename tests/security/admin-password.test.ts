import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HUB_BIN, ROOT, startHub, tmpDir, type RunningHub } from '../helpers/procs.js';
import { startReceiver } from '../upstream/receiver-procs.js';

/**
 * HUB_ADMIN_PASSWORD (issue 11, finding 9): it was applied again at every start (undoing a password changed on the
 * page), needed only 8 characters, and a generated first password was printed to stdout, i.e. into the journal.
 * Now it is used only when the admin account is made, needs the same 10 characters as any password, and a
 * generated one goes to <dataDir>/first-admin-password (0600) whose path alone is printed.
 */
const running: RunningHub[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
});
const track = (h: RunningHub) => (running.push(h), h);

async function signIn(url: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

const FILE = 'first-admin-password';
const kept = (dataDir: string) => /^password: (\S+)$/m.exec(fs.readFileSync(path.join(dataDir, FILE), 'utf8'))![1]!;
const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('HUB_ADMIN_PASSWORD', () => {
  it('is applied only when the admin account is made: a password changed on the page survives a restart with another one', async () => {
    const dataDir = tmpDir('admin-pw-');
    let hub = track(await startHub({ dataDir, env: { HUB_ADMIN_PASSWORD: 'first-password-1' } }));
    const first = await signIn(hub.url, 'first-password-1');
    expect(first.status).toBe(200);
    const changed = await fetch(`${hub.url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie! },
      body: JSON.stringify({ currentPassword: 'first-password-1', newPassword: 'changed-on-the-page' }),
    });
    expect(changed.status).toBe(200);
    await hub.stop();
    running.pop();

    hub = track(await startHub({ dataDir, port: hub.port, env: { HUB_ADMIN_PASSWORD: 'second-password-2' } }));
    expect((await signIn(hub.url, 'changed-on-the-page')).status).toBe(200);
    expect((await signIn(hub.url, 'second-password-2')).status).toBe(401);
    expect((await signIn(hub.url, 'first-password-1')).status).toBe(401);
    expect(fs.existsSync(path.join(dataDir, FILE))).toBe(false);
  });

  it('shorter than any password may be (10) is refused at start with a message naming it; nothing is made', async () => {
    const dataDir = tmpDir('admin-pw-');
    const r = await new Promise<{ code: number | null; out: string }>((resolve) =>
      execFile(HUB_BIN, ['start', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-demo'], { cwd: ROOT, timeout: 45_000, killSignal: 'SIGKILL', env: { ...process.env, HUB_ADMIN_PASSWORD: 'nine-char' } }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      ),
    );
    expect(r.code).toBe(78);
    expect(r.out).toContain('adminPassword');
    expect(r.out).toContain('the admin password (HUB_ADMIN_PASSWORD) has at least 10 characters');
    expect(r.out).not.toContain('nine-char');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});

describe('a generated first password', () => {
  it('goes to <dataDir>/first-admin-password, mode 0600, whose path is printed; the password is in no output', async () => {
    const dataDir = tmpDir('admin-pw-');
    let hub = track(await startHub({ dataDir, env: { HUB_ADMIN_PASSWORD: '', LOG_LEVEL: 'debug' } }));
    const file = path.join(dataDir, FILE);
    expect(mode(file)).toBe('600');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^username: admin\npassword: [A-Za-z2-9]{12}\n$/);
    const password = kept(dataDir);
    await expect.poll(() => hub.output(), { timeout: 15_000 }).toContain(file);
    expect(hub.output()).not.toContain(password);
    expect((await signIn(hub.url, password)).status).toBe(200);

    // the next start makes nothing and says nothing of a first login
    const before = fs.readFileSync(file, 'utf8');
    await hub.stop();
    running.pop();
    hub = track(await startHub({ dataDir, port: hub.port, env: { HUB_ADMIN_PASSWORD: '' } }));
    expect(hub.output()).not.toMatch(/first admin login/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('the upstream receiver does the same', async () => {
    const rx = track(await startReceiver({ env: { HUB_ADMIN_PASSWORD: '', LOG_LEVEL: 'debug' } }));
    const file = path.join(rx.dataDir, FILE);
    expect(mode(file)).toBe('600');
    const password = kept(rx.dataDir);
    await expect.poll(() => rx.output(), { timeout: 15_000 }).toContain(file);
    expect(rx.output()).not.toContain(password);
    const login = await fetch(`${rx.url}/api/province/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
  });
});
