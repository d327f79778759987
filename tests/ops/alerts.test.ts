import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { alertTextEn, uuidv7 } from '@onestop/shared';
import { connected, deviceSocket, pairDevice, type TestHub } from '../kit/index.js';
import { waitFor } from '../helpers/procs.js';
import { smsHub } from '../sms/hub.js';
import { RealKannel, kannelInstalled } from '../sms/kannel.js';
import { ADMIN_PW, opsHub, type OpsHub } from './opsHub.js';

let h: OpsHub;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await h?.close();
});

const MIN = 60_000;
const alertRows = () => h.db.prepare('SELECT kind, key, detail, raised_at, cleared_at, sms_id FROM alerts ORDER BY id').all() as { kind: string; key: string; detail: string; raised_at: number; cleared_at: number | null; sms_id: string | null }[];
const alertSms = () => h.db.prepare("SELECT to_phone, body, status FROM sms_messages WHERE kind = 'alert' ORDER BY id").all() as { to_phone: string; body: string; status: string }[];

async function device(counterName = 'Quầy 1') {
  const counter = h.hub.services.counters.create({ name: counterName, buttons: 4, minIntervalS: 0 });
  const dev = await pairDevice(h as unknown as TestHub, counter.id, 'agent');
  const s = deviceSocket(h.url, dev.token);
  cleanups.push(() => s.disconnect());
  await connected(s);
  return { counter, dev, s };
}

/** Button 1 of 4 is score 5, button 4 is score 2. Returns once the hub has checked the counter after the last one. */
async function press(s: Socket, button: number, n: number) {
  for (let i = 0; i < n; i++) {
    const ack = (await s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(h.clock.now()), source: 'button', button, deviceTime: h.clock.now() })) as { ok: boolean };
    expect(ack.ok).toBe(true);
    h.clock.advance(30_000);
  }
  // the check follows the ratings at most once a second (alerts/jobs.ts), the last one after the last rating
  await h.hub.services.alerts.ratingChecksIdle();
}

async function adminLive(): Promise<{ counts: number[]; socket: Socket }> {
  await h.hub.services.auth.ensureFirstAdmin(ADMIN_PW);
  const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PW }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const socket = connect(`${h.url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  cleanups.push(() => socket.disconnect());
  const counts: number[] = [];
  socket.on('alerts:count', (n: number) => counts.push(n));
  await connected(socket);
  await waitFor(() => counts.length > 0, 'the first alerts count');
  return { counts, socket };
}

describe('alerts', () => {
  it('a counter under the satisfaction threshold over its last N ratings: raised once, SMS once, cleared when it recovers', async () => {
    h = await opsHub({ config: { alerts: { lastN: 5, satisfactionBelow: 0.6, phone: '0912 345 678' } } });
    const { counter, s } = await device('Quầy Tư pháp');
    const live = await adminLive();
    expect(live.counts).toEqual([0]);

    await press(s, 4, 4); // four ratings: not enough to judge
    expect(alertRows()).toEqual([]);
    await press(s, 4, 1); // five at score 2: 0% satisfied
    await press(s, 4, 6); // still bad: no new alert, no new SMS
    expect(alertRows()).toEqual([expect.objectContaining({ kind: 'counter-satisfaction', key: counter.id, cleared_at: null })]);
    expect(alertRows()[0]!.detail).toBe('Quầy Tư pháp: tỉ lệ hài lòng 0% trong 5 đánh giá gần nhất (ngưỡng 60%).');
    // stored as its kind and facts: the admin pages say it in either language
    const listed = (await h.admin.call('GET', '/api/admin/alerts')).body.data.alerts[0];
    expect(listed.params).toEqual({ kind: 'counter-satisfaction', counter: 'Quầy Tư pháp', rate: 0, lastN: 5, threshold: 0.6 });
    expect(alertTextEn(listed.params)).toBe('Quầy Tư pháp: 0% satisfied in the last 5 ratings (threshold 60%).');
    await waitFor(() => alertSms().length === 1 && alertSms()[0]!.status === 'sent', 'the alert SMS to be sent');
    expect(alertSms()[0]).toMatchObject({ to_phone: '+84912345678' });
    // sent without diacritics, with the commune's name (the "alert" template)
    expect(alertSms()[0]!.body).toBe('Xa Vi Du: Quay Tu phap: ti le hai long 0% trong 5 danh gia gan nhat (nguong 60%).');
    await waitFor(() => live.counts.at(-1) === 1, 'the badge to show 1');

    await press(s, 1, 3); // 3 of the last 5 satisfied: 60%, not under the threshold
    expect(alertRows()[0]!.cleared_at).toBeGreaterThanOrEqual(h.clock.now() - 30_000);
    await waitFor(() => live.counts.at(-1) === 0, 'the badge to show 0');

    await press(s, 4, 5); // a new episode is a new alert
    expect(alertRows().map((a) => a.cleared_at === null)).toEqual([false, true]);
    await waitFor(() => alertSms().length === 2, 'a second alert SMS');
    await waitFor(() => live.counts.length === 4, 'the badge to show 1 again');
    expect(live.counts).toEqual([0, 1, 0, 1]);

    const api = await h.admin.call('GET', '/api/admin/alerts');
    expect(api.body.data).toMatchObject({ open: 1, alerts: [{ kind: 'counter-satisfaction', clearedAt: null, sms: true }, { kind: 'counter-satisfaction', sms: true }] });
    expect((await fetch(`${h.url}/api/admin/alerts`)).status).toBe(401);
  });

  it('a device offline during office hours, not over lunch or at the weekend; cleared when it is back', async () => {
    h = await opsHub({ config: { alerts: { offlineAfterMinutes: 10, phone: '0912345678' } } });
    const { s, dev } = await device();
    const alerts = h.hub.services.alerts;
    // Monday 09:00: connected, nothing to say
    alerts.checkAll();
    expect(alertRows()).toEqual([]);
    s.disconnect();
    await waitFor(() => !h.hub.services.devices.isOnline(dev.deviceId), 'the hub to see the device go');
    h.clock.advance(9 * MIN);
    alerts.checkAll();
    expect(alertRows()).toEqual([]);
    h.clock.advance(2 * MIN);
    alerts.checkAll();
    alerts.checkAll();
    expect(alertRows()).toEqual([expect.objectContaining({ kind: 'device-offline', key: dev.deviceId, cleared_at: null })]);
    expect(alertRows()[0]!.detail).toMatch(/^Hộp nút bấm "Hộp nút quầy 1" ở Quầy 1 mất kết nối từ 09:00 23\/11\/2026\.$/);
    // back online: cleared at once
    const again = deviceSocket(h.url, dev.token);
    cleanups.push(() => again.disconnect());
    await connected(again);
    alerts.checkAll();
    expect(alertRows()[0]!.cleared_at).not.toBeNull();

    // it goes at 11:25 and stays away over lunch: nothing until 13:30, then one alert
    h.clock.t = Date.UTC(2026, 10, 23, 4, 25);
    again.disconnect();
    await waitFor(() => !h.hub.services.devices.isOnline(dev.deviceId), 'the hub to see the device go');
    h.clock.t = Date.UTC(2026, 10, 23, 5, 0); // 12:00
    alerts.checkAll();
    expect(alertRows()).toHaveLength(1);
    h.clock.t = Date.UTC(2026, 10, 23, 6, 31); // 13:31
    alerts.checkAll();
    expect(alertRows()).toHaveLength(2);
    // on Saturday (office closed) a device that is off raises nothing new; the open alert stays one alert
    h.clock.t = Date.UTC(2026, 10, 28, 3, 0);
    alerts.checkAll();
    expect(alertRows()).toHaveLength(2);
    expect(alertRows().filter((a) => a.cleared_at === null)).toHaveLength(1);
    expect(alerts.inOfficeHours(Date.UTC(2026, 10, 28, 3, 0))).toBe(false);
    // revoking the device ends its alert
    await h.admin.call('POST', `/api/admin/devices/${dev.deviceId}/revoke`);
    alerts.checkAll();
    expect(alertRows().filter((a) => a.cleared_at === null)).toHaveLength(0);
  });

  it('raise and clear for other features (the upstream upload): one alert per episode, SMS through the outbox', async () => {
    h = await opsHub({ config: { alerts: { phone: '0987654321' } } });
    const alerts = h.hub.services.alerts;
    expect(alerts.raise('daily-summary', { kind: 'upstream', date: '2026-11-22', attempts: 3, why: '' })).toBe(true);
    expect(alerts.raise('daily-summary', { kind: 'upstream', date: '2026-11-22', attempts: 4, why: '' })).toBe(false);
    expect(alerts.clear('upstream', 'daily-summary')).toBe(true);
    expect(alerts.clear('upstream', 'daily-summary')).toBe(false);
    expect(alertRows()).toHaveLength(1);
    await waitFor(() => alertSms().length === 1, 'the alert SMS');
    expect(alertSms()[0]!.to_phone).toBe('+84987654321');
  });

  it('no phone configured: alerts on the page only', async () => {
    h = await opsHub();
    h.hub.services.alerts.raise('x', { kind: 'backup', error: 'Thử' });
    expect(alertRows()[0]!.sms_id).toBeNull();
    expect(alertSms()).toEqual([]);
  });
});

describe('the SMS gateway alert, against a real Kannel', () => {
  it('raised after consecutive failed attempts (Kannel down), cleared by the first message that gets through', async () => {
    if (!kannelInstalled()) throw new Error('Kannel is not installed: run scripts/ensure-system-deps.sh');
    const k = await new RealKannel().prepare();
    cleanups.push(() => k.stop());
    const sh = await smsHub({ sms: { gateway: 'kannel', quietHours: '', retry: { baseMs: 1000, maxMs: 2000 }, kannel: { sendsmsUrl: k.sendsmsUrl, username: k.username, password: k.password, from: 'UBNDXA' } } });
    cleanups.push(() => sh.close());
    const alerts = sh.hub.services.alerts;
    const open = () => sh.db.prepare("SELECT COUNT(*) AS n FROM alerts WHERE kind = 'sms-gateway' AND cleared_at IS NULL").get() as { n: number };
    const ids = [sh.enqueue({ to: '0912345670' }), sh.enqueue({ to: '0912345671' })];
    await waitFor(() => ids.every((id) => sh.row(id).attempts >= 1 && sh.row(id).last_error_code), 'two failed attempts');
    alerts.checkSmsGateway();
    expect(open().n).toBe(0); // two in a row is under the default three
    ids.push(sh.enqueue({ to: '0912345672' }));
    await waitFor(() => sh.row(ids[2]!).attempts >= 1 && sh.row(ids[2]!).last_error_code, 'a third failed attempt');
    alerts.checkSmsGateway();
    alerts.checkSmsGateway();
    expect(open().n).toBe(1);
    const row = sh.db.prepare("SELECT detail, sms_id FROM alerts WHERE kind = 'sms-gateway'").get() as { detail: string; sms_id: string | null };
    expect(row.detail).toMatch(/^Cổng SMS: 3 lần gửi thất bại liên tiếp \(lỗi gần nhất: network-ECONNREFUSED/);
    expect(row.sms_id).toBeNull(); // never through the gateway that is failing

    await k.start();
    sh.clock.advance(5000); // the retries are due
    await waitFor(() => ids.some((id) => ['sent', 'delivered'].includes(sh.row(id).status)), 'a message to get through', 30_000);
    alerts.checkSmsGateway();
    expect(open().n).toBe(0);
  });
});
