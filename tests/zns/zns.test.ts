import { MetaStore } from '../../hub/src/db/meta.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { localDay, znsStatus, znsTestResult } from '@onestop/shared';
import { smsFiguresBetween, smsFiguresByChannel } from '../../hub/src/sms/figures.js';
import { TestClock } from '../kit/index.js';
import { freePort, localTime, until } from '../sms/helpers.js';
import { ZnsStandIn } from './zns-standin.js';
import { READY_TEMPLATE, znsHub, type ZnsHub } from './hub.js';

const TO = '0912 345 678';
const E164 = '+84912345678';
const Z84 = '84912345678';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function standIn(): Promise<ZnsStandIn> {
  const z = new ZnsStandIn();
  await z.start();
  cleanups.push(() => z.stop());
  return z;
}

async function hubFor(z: ZnsStandIn, opts: Parameters<typeof znsHub>[1] = {}): Promise<ZnsHub> {
  const h = await znsHub(z, opts);
  cleanups.push(() => h.close());
  return h;
}

const outcomes = (h: ZnsHub, id: string) => h.attempts(id).map((a) => [a.channel, a.outcome, a.error_code]);

describe('Zalo ZNS before SMS, against a local stand-in of the ZNS API and OAuth', () => {
  it('accepted: the template message carries 84…, the template id, its parameters and our id as tracking_id; delivery is polled behind NAT', async () => {
    const z = await standIn();
    const h = await hubFor(z);
    expect(z.refreshRequests).toEqual([{ refreshToken: z.firstRefreshToken, appId: z.appId, secretKey: z.appSecret, answered: true }]);
    const id = h.enqueue(TO);
    await until(() => h.row(id).status === 'sent', 'the ZNS accepted');
    expect(z.sent).toHaveLength(1);
    expect(z.sendRequests[0]!.body).toEqual({ phone: Z84, template_id: READY_TEMPLATE, template_data: { ma_ho_so: 'HS-2026-0042', ten_thu_tuc: 'Đăng ký khai sinh' }, tracking_id: id });
    expect(h.row(id)).toMatchObject({ gateway: 'zns', channel: 'zns', gateway_message_id: z.sent[0]!.msgId, next_attempt_at: h.clock.now() + 30_000 });
    expect(outcomes(h, id)).toEqual([['zns', 'accepted', null]]);
    expect(h.sms.sent).toHaveLength(0);

    z.sent[0]!.status = 1;
    h.clock.advance(30_000);
    await until(() => h.row(id).status === 'delivered', 'the status look-up to find it delivered');
    expect(h.row(id).channel).toBe('zns');
  });

  it('refused for good ("no Zalo account", -118): the same message goes by SMS exactly once, both attempts recorded', async () => {
    const z = await standIn();
    const h = await hubFor(z);
    z.noZalo.add(Z84);
    const id = h.enqueue(TO);
    await until(() => h.row(id).status === 'sent', 'the SMS after the ZNS refusal');
    await h.hub.services.sms.worker.runOnce();
    await h.hub.services.sms.worker.runOnce();
    expect(z.sent).toHaveLength(0);
    expect(z.sendRequests).toHaveLength(1);
    expect(h.sms.sent.filter((m) => m.to === E164)).toHaveLength(1);
    expect(h.sms.sent[0]!.body).toContain('HS-2026-0042');
    expect(h.row(id)).toMatchObject({ channel: 'sms', gateway: 'console', attempts: 2 });
    expect(outcomes(h, id)).toEqual([
      ['zns', 'refused', 'zns-118'],
      ['sms', 'accepted', null],
    ]);
    expect(h.attempts(id)[0]!.error_text).toMatch(/no Zalo account/);

    // the figures split by channel: the refusal is a ZNS failure, the message one SMS sent; the totals are unchanged
    const ok = h.enqueue('0987 654 321');
    await until(() => h.row(ok).status === 'sent', 'a ZNS accepted');
    const day = localDay(h.clock.now());
    expect(smsFiguresByChannel(h.db, day, day)).toEqual({ sms: { sent: 1, delivered: 0, failed: 0 }, zns: { sent: 1, delivered: 0, failed: 1 } });
    expect(smsFiguresBetween(h.db, day, day)).toEqual({ sent: 2, delivered: 0, failed: 0 });
  });

  it('template not approved (-109) and quota used up (-115) fall back to SMS too; a kind without a template goes by SMS directly', async () => {
    const z = await standIn();
    const h = await hubFor(z);
    z.sendFaults.push({ type: 'error', error: -115, message: 'Out of quota' });
    const quota = h.enqueue(TO);
    await until(() => h.row(quota).status === 'sent', 'the quota refusal sent by SMS');
    expect(outcomes(h, quota)).toEqual([
      ['zns', 'refused', 'zns-115'],
      ['sms', 'accepted', null],
    ]);
    z.approvedTemplates.clear();
    const unapproved = h.enqueue('0987 654 321');
    await until(() => h.row(unapproved).status === 'sent', 'the unapproved template sent by SMS');
    expect(outcomes(h, unapproved)[0]).toEqual(['zns', 'refused', 'zns-109']);
    const apology = h.enqueue('0977 111 222', 'apology');
    await until(() => h.row(apology).status === 'sent', 'the apology by SMS');
    expect(outcomes(h, apology)).toEqual([['sms', 'accepted', null]]);
    expect(z.sendRequests).toHaveLength(2);
  });

  it('refused for now (-100): ZNS again after the back-off, never SMS', async () => {
    const z = await standIn();
    const h = await hubFor(z);
    z.sendFaults.push({ type: 'error', error: -100, message: 'Unknown error' });
    const id = h.enqueue(TO);
    await until(() => h.row(id).last_error_code === 'zns-100', 'the temporary refusal');
    expect(h.row(id)).toMatchObject({ status: 'queued', channel: 'zns' });
    h.clock.advance(h.row(id).next_attempt_at! - h.clock.now());
    await until(() => h.row(id).status === 'sent', 'the retry');
    expect(outcomes(h, id)).toEqual([
      ['zns', 'temporary', 'zns-100'],
      ['zns', 'accepted', null],
    ]);
    expect(z.sent).toHaveLength(1);
    expect(h.sms.sent).toHaveLength(0);
  });

  it('timeout after the request was written: no second send by ZNS or SMS; the delivery event settles it', async () => {
    const z = await standIn();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const h = await hubFor(z, { port, sms: { publicBaseUrl: base }, zns: { webhookSecret: z.oaSecret } });
    z.sendFaults.push({ type: 'accept-then-hang' });
    const id = h.enqueue(TO);
    await until(() => h.row(id).last_error_code?.startsWith('network-'), 'the unanswered attempt');
    expect(h.row(id)).toMatchObject({ status: 'sending', gateway: 'zns' });
    await h.hub.services.sms.worker.runOnce();
    expect(z.sendRequests).toHaveLength(1);

    // forged or for another app: refused, nothing changes
    expect((await z.deliveryEvent(`${base}/api/zns/webhook`, z.sent[0]!, { signWith: 'not-the-oa-key' })).status).toBe(403);
    expect((await z.deliveryEvent(`${base}/api/zns/webhook`, z.sent[0]!, { appId: '42' })).status).toBe(403);
    expect(h.row(id).status).toBe('sending');
    const ok = await z.deliveryEvent(`${base}/api/zns/webhook`, z.sent[0]!);
    expect(ok.status).toBe(200);
    expect(h.row(id)).toMatchObject({ status: 'delivered', gateway_message_id: z.sent[0]!.msgId });
    await h.hub.services.sms.worker.runOnce();
    expect(z.sendRequests).toHaveLength(1);
    expect(h.sms.sent).toHaveLength(0);
  });

  it('an attempt never answered nor reported is failed "unconfirmed" after the window, and not sent again by either channel', async () => {
    const z = await standIn();
    const h = await hubFor(z, { sms: { unconfirmedAfterMs: 600_000 } });
    z.sendFaults.push({ type: 'hang' });
    const id = h.enqueue(TO);
    await until(() => h.row(id).last_error_code?.startsWith('network-'), 'the unanswered attempt');
    h.clock.advance(600_000);
    await until(() => h.row(id).status === 'failed', 'the attempt given up');
    expect(h.row(id).last_error_code).toBe('unconfirmed');
    expect(outcomes(h, id)).toEqual([['zns', 'unconfirmed', 'unconfirmed']]);
    await h.hub.services.sms.worker.runOnce();
    expect(z.sendRequests).toHaveLength(1);
    expect(h.sms.sent).toHaveLength(0);
  });

  it('token expiry: refreshed before it expires with the refresh token of the last refresh; a refused access token (-124) is refreshed and the message retried by ZNS', async () => {
    const z = await standIn();
    const h = await hubFor(z);
    const zns = h.hub.services.zns;
    const first = zns.tokens.state();
    expect(first.accessExpiresAt).toBe(h.clock.now() + 90_000_000);
    h.clock.advance(90_000_000 - 3_600_000);
    await zns.runOnce();
    expect(z.refreshRequests).toHaveLength(2);
    expect(z.refreshRequests[1]!.refreshToken).not.toBe(z.firstRefreshToken);
    expect(zns.tokens.state()).toMatchObject({ refresh: 'idle', accessExpiresAt: h.clock.now() + 90_000_000 });

    z.expireAccessTokens();
    const id = h.enqueue(TO);
    await until(() => h.row(id).last_error_code === 'zns-124', 'the refused access token');
    await until(() => z.refreshRequests.length === 3, 'the refresh it causes');
    h.clock.advance(h.row(id).next_attempt_at! - h.clock.now());
    await until(() => h.row(id).status === 'sent', 'the message with the new token');
    // the token sent is the one kept, and kept sealed at rest (db/sealed.ts)
    expect(z.sent[0]!.accessToken).toBe(new MetaStore(h.db).get('zns.accessToken'));
    expect(h.db.prepare("SELECT value FROM settings WHERE key = 'zns.accessToken'").pluck().get()).toMatch(/^sealed:/);
    expect(h.sms.sent).toHaveLength(0);
  });

  it('a refresh token Zalo refuses: an alert says what to do, messages go by SMS; a new token pasted by the admin brings ZNS back', async () => {
    const z = await standIn();
    const h = await hubFor(z, { zns: { refreshToken: 'rt-never-issued' } });
    const alert = h.hub.services.alerts.list().find((a) => a.kind === 'zns-token');
    expect(alert).toMatchObject({ params: { kind: 'zns-token', why: 'refused', code: '-14014' }, clearedAt: null });
    expect(alert!.detail).toContain('/admin/settings');
    const bySms = h.enqueue(TO);
    await until(() => h.row(bySms).status === 'sent', 'the message by SMS');
    expect(outcomes(h, bySms)).toEqual([['sms', 'accepted', null]]);

    const admin = h.admin;
    const r = await admin.call('PUT', '/api/admin/zns/refresh-token', { refreshToken: z.newRefreshToken() });
    expect(r.status).toBe(200);
    expect(h.hub.services.alerts.list().find((a) => a.kind === 'zns-token')!.clearedAt).not.toBeNull();
    const byZns = h.enqueue('0987 654 321');
    await until(() => h.row(byZns).status === 'sent', 'the message by ZNS');
    expect(h.row(byZns).channel).toBe('zns');
  });

  it('the admin API checks its bodies against the shared schemas: a bad body is refused with a reason and changes nothing; the status answer is the shared shape', async () => {
    const z = await standIn();
    const h = await hubFor(z);
    const admin = h.admin;
    const before = (await admin.call('GET', '/api/admin/zns/status')).body as { ok: true; data: unknown };
    expect(znsStatus.strict().safeParse(before.data).success).toBe(true);
    for (const body of [{}, { refreshToken: 'short' }, { refreshToken: z.newRefreshToken(), extra: 1 }]) {
      const r = await admin.call('PUT', '/api/admin/zns/refresh-token', body);
      expect([r.status, (r.body as { reason: string }).reason], JSON.stringify(body)).toEqual([400, 'invalid-payload']);
    }
    for (const body of [{}, { to: '0912345678', kind: 'test' }, { to: '0912345678', extra: 1 }]) {
      const r = await admin.call('POST', '/api/admin/zns/test', body);
      expect([r.status, (r.body as { reason: string }).reason], JSON.stringify(body)).toEqual([400, 'invalid-payload']);
    }
    expect(z.sent).toHaveLength(0);
    expect(z.refreshRequests).toHaveLength(1);
    expect((await admin.call('GET', '/api/admin/zns/status')).body).toEqual(before);
    const sent = await admin.call('POST', '/api/admin/zns/test', { to: '0987 654 321', kind: 'ready' });
    expect(znsTestResult.strict().parse((sent.body as { data: unknown }).data)).toMatchObject({ ok: true, code: 'accepted' });
  });

  it('quiet hours hold ZNS and the SMS after a refusal alike', async () => {
    const z = await standIn();
    const clock = new TestClock(localTime(22, 0));
    const h = await hubFor(z, { clock, sms: { quietHours: '21:00-07:00' } });
    const held = h.enqueue(TO);
    await h.hub.services.sms.worker.runOnce();
    expect(h.row(held)).toMatchObject({ status: 'queued', next_attempt_at: localTime(7, 0, 1) });
    expect(z.sendRequests).toHaveLength(0);
    clock.set(localTime(7, 0, 1));
    await until(() => h.row(held).status === 'sent', 'the morning send');
    expect(h.row(held).channel).toBe('zns');

    // refused at 20:59:59; by the time the answer is in it is 21:00: the SMS waits for the morning
    clock.set(localTime(20, 59, 1));
    z.noZalo.add('84987654321');
    z.beforeAnswer = () => clock.set(localTime(21, 0, 1));
    const fallback = h.enqueue('0987 654 321');
    await until(() => h.row(fallback).channel === 'sms', 'the refusal');
    z.beforeAnswer = null;
    expect(h.row(fallback)).toMatchObject({ status: 'queued', next_attempt_at: localTime(7, 0, 2) });
    expect(h.sms.sent).toHaveLength(0);
    clock.set(localTime(7, 0, 2));
    await until(() => h.row(fallback).status === 'sent', 'the SMS in the morning');
    expect(h.sms.sent).toHaveLength(1);
  });

  it('a message made untrue before sending is cancelled, by ZNS and by its SMS fallback alike', async () => {
    const z = await standIn();
    const clock = new TestClock(localTime(22, 0));
    const h = await hubFor(z, { clock, sms: { quietHours: '21:00-07:00' } });
    const { procedures, files } = h.hub.services;
    const API = { kind: 'system' as const, name: 'test' };
    procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
    files.receiveFromApi({ code: 'HS-A', procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn An', phone: TO }, API);
    files.receiveFromApi({ code: 'HS-B', procedureCode: 'HT-KS', citizenName: 'Trần Thị Bình', phone: '0987 654 321' }, API);
    files.transition('HS-A', { status: 'ready' }, API);
    const readyOf = (code: string) => h.db.prepare("SELECT m.id FROM sms_messages m JOIN files f ON f.id = m.file_id WHERE m.kind = 'ready' AND f.code = ?").pluck().get(code) as string;
    // collected during the night: the morning's "ready" is no longer true
    files.transition('HS-A', { status: 'returned' }, API);
    clock.set(localTime(7, 0, 1));
    await until(() => h.row(readyOf('HS-A')).status === 'cancelled', 'the untrue message cancelled');
    expect(z.sendRequests).toHaveLength(0);

    // ZNS refuses; before its SMS goes, the file is returned: the SMS is cancelled too
    z.noZalo.add('84987654321');
    z.beforeAnswer = () => files.transition('HS-B', { status: 'returned' }, API);
    files.transition('HS-B', { status: 'ready' }, API);
    await until(() => h.row(readyOf('HS-B')).status === 'cancelled', 'the fallback cancelled');
    expect(outcomes(h, readyOf('HS-B'))).toEqual([['zns', 'refused', 'zns-118']]);
    expect(h.sms.sent.filter((m) => m.body.includes('HS-B') && m.to === '+84987654321')).toHaveLength(0);
  });
});
