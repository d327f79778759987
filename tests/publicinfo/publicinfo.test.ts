import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startTestHub, type TestHub } from '../kit/index.js';

const PASSWORD = 'admin-password-for-tests';

interface Contact {
  id: string;
  name: string;
  position: number;
}
/** The envelope, with the shapes these tests read. */
interface Answer {
  ok: boolean;
  reason?: string;
  data?: Contact & Contact[] & { communeName: string; contacts: Contact[] };
}
let h: TestHub | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

/** A hub serving a one-line UI, its admin signed in with the password-only form of the admin page. */
async function start() {
  h = await startTestHub({
    prefix: 'publicinfo-',
    config: (dataDir) => {
      fs.mkdirSync(path.join(dataDir, 'ui'));
      fs.writeFileSync(path.join(dataDir, 'ui', 'index.html'), '<!doctype html><title>ui</title>');
      return { uiDir: path.join(dataDir, 'ui') };
    },
  });
  await h.hub.services.auth.ensureFirstAdmin(PASSWORD);
  const { url } = h;
  const login = await fetch(`${url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const call = async (method: string, p: string, body?: unknown, auth = true) => {
    const res = await fetch(url + p, {
      method,
      headers: { ...(auth ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  return { url, call };
}

describe('public info', () => {
  it('the admin publishes leaders’ phone numbers; the kiosk reads them signed out, in the admin’s order', async () => {
    const { call } = await start();
    const chair = await call('POST', '/api/admin/contacts', { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND xã', phone: '0912 345 678' });
    expect(chair.status).toBe(201);
    const hotline = await call('POST', '/api/admin/contacts', { name: 'Đường dây nóng', title: 'Phản ánh, kiến nghị', phone: '0203.3825.123', position: 0 });
    expect(hotline.status).toBe(201);
    expect(chair.body.data!.position).toBe(0);

    const info = await call('GET', '/api/public/info', undefined, false);
    expect(info.status).toBe(200);
    expect(info.body.data!.communeName).toBe('Xã Ví Dụ');
    expect(info.body.data!.contacts.map((c) => c.name)).toEqual(['Nguyễn Văn An', 'Đường dây nóng']);

    const moved = await call('PUT', `/api/admin/contacts/${chair.body.data!.id}`, { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND xã', phone: '0912 345 678', position: 5 });
    expect(moved.body.data!.position).toBe(5);
    expect((await call('GET', '/api/public/info', undefined, false)).body.data!.contacts[0]!.name).toBe('Đường dây nóng');

    expect((await call('DELETE', `/api/admin/contacts/${hotline.body.data!.id}`)).status).toBe(200);
    expect((await call('GET', '/api/admin/contacts')).body.data).toHaveLength(1);
    expect((await call('DELETE', `/api/admin/contacts/${hotline.body.data!.id}`)).body.reason).toBe('not-found');
  });

  it('refuses a bad number or body with a reason code and changes nothing; only an admin may edit', async () => {
    const { call } = await start();
    expect((await call('POST', '/api/admin/contacts', { name: 'A', title: 'B', phone: 'gọi tôi' })).body).toMatchObject({ ok: false, reason: 'phone-invalid' });
    expect((await call('POST', '/api/admin/contacts', { name: '', title: 'B', phone: '0912345678' })).body).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect((await call('POST', '/api/admin/contacts', { name: 'A', title: 'B', phone: '0912345678', extra: 1 })).body.reason).toBe('invalid-payload');
    expect((await call('POST', '/api/admin/contacts', { name: 'A', title: 'B', phone: '0912345678' }, false)).status).toBe(401);
    expect((await call('GET', '/api/admin/contacts')).body.data).toEqual([]);
  });

  it('lists counters for the staff sign-in form, ids and names only', async () => {
    const { call } = await start();
    h!.hub.services.counters.create({ name: 'Quầy Tư pháp – Hộ tịch' });
    const res = await call('GET', '/api/public/counters', undefined, false);
    expect(res.body.data).toEqual([{ id: expect.stringMatching(/^q-/), name: 'Quầy Tư pháp – Hộ tịch' }]);
  });

  it('serves the single-page app at /counter and its print views', async () => {
    const { url } = await start();
    for (const p of ['/counter', '/counter/print/receipt/HS-1']) {
      const res = await fetch(url + p);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>ui</title>');
    }
  });
});
