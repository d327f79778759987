import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { localDay } from '@onestop/shared';
import { adminHub, byKey, capturedLog, type AdminHub, type SettingView } from './helpers.js';
import { kannelInstalled, RealKannel } from '../sms/kannel.js';
import { until } from '../sms/helpers.js';
import { hubCli } from '../helpers/procs.js';

let h: AdminHub | null = null;
let kannel: RealKannel | null = null;

afterEach(async () => {
  await kannel?.stop();
  kannel = null;
  if (h) {
    await h.close();
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  }
  h = null;
});

const settings = async () => (await h!.admin.get<SettingView[]>('/api/admin/settings')).body.data!;
const put = (values: Record<string, unknown>) => h!.admin.call<SettingView[]>('PUT', '/api/admin/settings', { values });

describe('admin settings layered over the configuration', () => {
  it('a value the environment sets is shown locked and cannot be changed; the others take the admin value over the default', async () => {
    h = await adminHub({ env: { COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Môi Trường', RETENTION_DAYS: '120' } });
    const before = await settings();
    expect(byKey(before, 'commune.name')).toMatchObject({ value: 'Xã Môi Trường', source: 'env', locked: true });
    expect(byKey(before, 'retention.days')).toMatchObject({ value: 120, source: 'env', locked: true });
    expect(byKey(before, 'commune.phone')).toMatchObject({ value: null, isSet: false, source: 'default', locked: false });
    expect(byKey(before, 'upstream.sendAt')).toMatchObject({ value: '23:55', source: 'default', locked: false });

    // a locked key refuses the whole request: the unlocked key sent with it is not saved either
    const refused = await put({ 'commune.phone': '0203 3812 345', 'commune.name': 'Xã Khác' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ok: false, reason: 'setting-locked' });
    expect(await settings()).toEqual(before);
    expect(h.auditCount()).toBe(0);
    expect(h.hub.services.settings.commune().name).toBe('Xã Môi Trường');

    const ok = await put({ 'commune.phone': '0203 3812 345', 'upstream.sendAt': '22:30' });
    expect(ok.status).toBe(200);
    const after = await settings();
    expect(byKey(after, 'commune.phone')).toMatchObject({ value: '0203 3812 345', source: 'admin' });
    expect(byKey(after, 'upstream.sendAt')).toMatchObject({ value: '22:30', source: 'admin' });
    expect(h.hub.services.settings.upstream().sendAt).toBe('22:30');
    // null clears the admin's value: back to the default
    await put({ 'upstream.sendAt': null });
    expect(byKey(await settings(), 'upstream.sendAt')).toMatchObject({ value: '23:55', source: 'default' });
  });

  it('a value in hub.config.json is locked too, and the environment wins over the file', async () => {
    h = await adminHub({ configFile: { commune: { code: '11111', name: 'Xã Tệp' }, sms: { contactPhone: '0203 111 222' } }, env: { COMMUNE_NAME: 'Xã Môi Trường' } });
    const list = await settings();
    expect(byKey(list, 'commune.code')).toMatchObject({ value: '11111', source: 'file', locked: true });
    expect(byKey(list, 'commune.name')).toMatchObject({ value: 'Xã Môi Trường', source: 'env', locked: true });
    expect(byKey(list, 'commune.phone')).toMatchObject({ value: '0203 111 222', source: 'file', locked: true });
    const r = await put({ 'commune.code': '22222' });
    expect([r.status, r.body.reason]).toEqual([409, 'setting-locked']);
    expect(h.hub.services.settings.commune()).toEqual({ code: '11111', name: 'Xã Môi Trường', phone: '0203 111 222' });
  });

  it('admin values survive a restart (read back from the settings table)', async () => {
    h = await adminHub();
    expect((await put({ 'commune.code': '11111', 'commune.name': 'Xã Sau Khởi Động', 'retention.days': 180 })).status).toBe(200);
    const dir = h.dataDir;
    await h.stop();
    // same file, a new hub: the values are read back from the settings table
    const { openDb } = await import('../../hub/src/db/open.js');
    const { SettingsService } = await import('../../hub/src/settings/service.js');
    const { loadConfig } = await import('../../hub/src/config/config.js');
    const db = openDb(`${dir}/hub.sqlite`);
    const s = new SettingsService(db, loadConfig({ flags: { dataDir: dir }, env: {} }), { now: () => 0 });
    expect(s.commune()).toMatchObject({ code: '11111', name: 'Xã Sau Khởi Động' });
    expect(s.retentionDays()).toBe(180);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    h = null;
  });

  it('admin values that no longer fit the configuration (an environment variable removed) fall back to it, logged, and never break sending', async () => {
    const env = { KANNEL_SENDSMS_URL: 'http://127.0.0.1:13013/cgi-bin/sendsms', KANNEL_USERNAME: 'hub', KANNEL_PASSWORD: 'from-the-env' };
    h = await adminHub({ env });
    expect((await put({ 'sms.gateway': 'kannel', 'sms.kannel.from': 'UBNDXA' })).status).toBe(200);
    expect(h.hub.services.settings.smsConfig()).toMatchObject({ gateway: 'kannel', kannel: { password: 'from-the-env', from: 'UBNDXA' } });
    const dir = h.dataDir;
    await h.stop();
    h = null;
    // the next start has no Kannel password in its environment any more
    const { openDb } = await import('../../hub/src/db/open.js');
    const { SettingsService } = await import('../../hub/src/settings/service.js');
    const { loadConfig } = await import('../../hub/src/config/config.js');
    const captured = capturedLog();
    const db = openDb(`${dir}/hub.sqlite`);
    const s = new SettingsService(db, loadConfig({ flags: { dataDir: dir }, env: { KANNEL_SENDSMS_URL: env.KANNEL_SENDSMS_URL, KANNEL_USERNAME: 'hub' } }), { now: () => 0 }, undefined, captured.log);
    expect(s.smsConfig().gateway).toBe('console');
    expect(captured.lines().some((l) => l.section === 'sms' && String(l.msg).includes('no longer fit'))).toBe(true);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bad values are refused with a reason code, logged, and change nothing', async () => {
    const captured = capturedLog();
    h = await adminHub({ log: captured.log });
    const before = await settings();
    const cases: [unknown, string][] = [
      [{ values: { 'commune.code': 'có dấu' } }, 'invalid-payload'],
      [{ values: { 'commune.name': '' , 'commune.code': 'x'.repeat(40) } }, 'invalid-payload'],
      [{ values: { 'retention.days': 5 } }, 'invalid-payload'],
      [{ values: { 'retention.days': '90' } }, 'invalid-payload'],
      [{ values: { 'upstream.url': 'ftp://tinh.gov.vn' } }, 'invalid-payload'],
      [{ values: { 'upstream.sendAt': '25:00' } }, 'invalid-payload'],
      [{ values: { 'no.such.setting': 'x' } }, 'invalid-payload'],
      [{ values: {} }, 'invalid-payload'],
      [{ commune: { name: 'x' } }, 'invalid-payload'],
      ['not json at all', 'invalid-payload'],
      // Kannel without its address and credentials would not send: refused as a whole
      [{ values: { 'sms.gateway': 'kannel' } }, 'invalid-payload'],
      [{ values: { 'sms.gateway': 'twilio', 'sms.twilio.accountSid': 'AC' + 'a'.repeat(32) } }, 'invalid-payload'],
    ];
    for (const [body, reason] of cases) {
      const r = await h.admin.call('PUT', '/api/admin/settings', body, typeof body === 'string' ? { 'content-type': 'application/json' } : {});
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.reason, JSON.stringify(body)).toBe(reason);
    }
    expect(await settings()).toEqual(before);
    expect(h.auditCount()).toBe(0);
    expect(h.hub.services.sms.gateway.name).toBe('console');
    const refusals = captured.lines().filter((l) => l.module === 'settings' && l.msg === 'request refused');
    expect(refusals.length).toBe(cases.length - 1); // the malformed JSON is refused (and logged) by the body parser
    expect(refusals.map((l) => l.reason)).toContain('invalid-payload');
    expect(captured.lines().some((l) => l.module === 'http' && l.reason === 'invalid-payload')).toBe(true);
  });

  it('secrets are write-only: never in an answer, the audit log or its export; shown as set / not set', async () => {
    h = await adminHub();
    const secret = 'kannel-PASSWORD-8842';
    const upSecret = 'province-SECRET-1177';
    const r = await put({ 'sms.gateway': 'kannel', 'sms.kannel.sendsmsUrl': 'http://127.0.0.1:13013/cgi-bin/sendsms', 'sms.kannel.username': 'hub', 'sms.kannel.password': secret, 'upstream.url': 'https://tinh.example.vn', 'upstream.secret': upSecret });
    expect(r.status).toBe(200);
    const list = await settings();
    expect(byKey(list, 'sms.kannel.password')).toMatchObject({ value: null, secret: true, isSet: true, source: 'admin' });
    expect(byKey(list, 'upstream.secret')).toMatchObject({ value: null, secret: true, isSet: true });
    expect(byKey(list, 'sms.twilio.authToken')).toMatchObject({ value: null, secret: true, isSet: false });
    // the effective values are there for the features that need them
    expect(h.hub.services.settings.smsConfig().kannel?.password).toBe(secret);
    expect(h.hub.services.settings.upstream().secret).toBe(upSecret);

    const everything = [
      JSON.stringify(r.body),
      JSON.stringify(list),
      JSON.stringify((await h.admin.get('/api/admin/audit')).body),
      await (await fetch(`${h.url}/api/admin/audit/export.csv`, { headers: { cookie: h.admin.cookie! } })).text(),
      JSON.stringify(h.db.prepare('SELECT * FROM audit_log').all()),
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(upSecret);
    const entry = (await h.admin.get<{ entries: { kind: string; after: Record<string, unknown> }[] }>('/api/admin/audit?kind=setting')).body.data!.entries[0]!;
    expect(entry.after).toMatchObject({ 'sms.kannel.password': '***', 'sms.gateway': 'kannel' });

    // leaving a secret out keeps it; the gateway stays kannel
    await put({ 'sms.kannel.username': 'hub2' });
    expect(h.hub.services.settings.smsConfig().kannel).toMatchObject({ username: 'hub2', password: secret });
  });

  it('the commune identity the admin sets reaches the daily summary, the kiosk and the SMS texts', async () => {
    h = await adminHub();
    await put({ 'commune.code': '26734', 'commune.name': 'Xã Đông Phong', 'commune.phone': '0203 3812 345' });
    const day = localDay(h.clock.now());
    const summary = (await h.admin.get<{ commune: { code: string; name: string } }>(`/api/admin/summary?date=${day}`)).body.data!;
    expect(summary.commune).toEqual({ code: '26734', name: 'Xã Đông Phong' });
    // and `npx hub summary` (another process on the same file) agrees
    const printed = JSON.parse(await hubCli(['summary', '--date', day, '--data-dir', h.dataDir])) as { commune: unknown };
    expect(printed.commune).toEqual({ code: '26734', name: 'Xã Đông Phong' });
    const info = (await (await fetch(`${h.url}/api/public/info`)).json()) as { data: { communeName: string } };
    expect(info.data.communeName).toBe('Xã Đông Phong');
    const test = await h.admin.post<{ body: string }>('/api/admin/sms/test', { to: '0912345670' });
    expect(test.status).toBe(201);
    // SMS go without diacritics
    expect(test.body.data!.body).toContain('Xa Dong Phong');
    const tpl = (await h.admin.get<{ kind: string; preview: { text: string } }[]>('/api/admin/sms/templates')).body.data!;
    expect(tpl.find((t) => t.kind === 'ready')!.preview.text).toContain('0203 3812 345');
  });

  it('the upstream sender and the retention job read the admin values through their getters', async () => {
    h = await adminHub();
    expect(h.hub.services.upstream.status()).toMatchObject({ enabled: false, sendAt: '23:55' });
    const day = 86_400_000;
    expect(h.hub.services.retention.cutoff()).toBe(h.clock.now() - 90 * day);
    await put({ 'upstream.url': 'https://tinh.example.vn', 'upstream.secret': 'bi-mat-cua-xa', 'upstream.sendAt': '22:00', 'retention.days': 45, 'commune.code': '26734', 'commune.name': 'Xã Đông Phong' });
    expect(h.hub.services.upstream.status()).toMatchObject({ enabled: true, sendAt: '22:00', commune: { code: '26734', name: 'Xã Đông Phong' } });
    expect(h.hub.services.retention.cutoff()).toBe(h.clock.now() - 45 * day);
    const st = (await h.admin.get<Record<string, unknown>>('/api/admin/upstream')).body;
    expect(JSON.stringify(st)).not.toContain('bi-mat-cua-xa');
  });

  it('switching the gateway to a real Kannel from the page takes effect without a restart', async () => {
    if (!kannelInstalled()) throw new Error('Kannel is not installed: run scripts/ensure-system-deps.sh (apt-get install kannel kannel-extras)');
    kannel = await new RealKannel().start();
    h = await adminHub();
    h.hub.services.sms.start();
    expect(h.hub.services.sms.gateway.name).toBe('console');
    const r = await put({ 'sms.gateway': 'kannel', 'sms.kannel.sendsmsUrl': kannel.sendsmsUrl, 'sms.kannel.username': kannel.username, 'sms.kannel.password': kannel.password, 'sms.kannel.from': 'UBNDXA', 'commune.name': 'Xã Kênh Nối' });
    expect(r.status).toBe(200);
    expect(h.hub.services.sms.gateway.name).toBe('kannel');
    const sent = await h.admin.post<{ id: string }>('/api/admin/sms/test', { to: '0912345670' });
    expect(sent.status).toBe(201);
    const got = await until(() => kannel!.received().find((m) => m.text.includes('Xa Kenh Noi')), 'the test SMS at the fake SMSC', 30_000).catch((e) => {
      console.log(JSON.stringify(h!.db.prepare('SELECT * FROM sms_messages').all()), kannel!.log());
      throw e;
    });
    expect(got.to).toContain('912345670');
  });
});
