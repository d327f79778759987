import { afterEach, describe, expect, it } from 'vitest';
import { freePort, smsSetup, until, type SmsSetup } from './helpers.js';
import { smsHub } from './hub.js';
import { EsmsStandIn } from './esms-standin.js';

const TO = '+84912345678';
const NATIONAL = '0912345678';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function standIn(): Promise<EsmsStandIn> {
  const e = new EsmsStandIn();
  await e.start();
  cleanups.push(() => e.stop());
  return e;
}

function esmsConfig(e: EsmsStandIn, over: Record<string, unknown> = {}) {
  return {
    gateway: 'esms',
    quietHours: '',
    requestTimeoutMs: 500,
    esms: { apiKey: e.apiKey, secretKey: e.secretKey, brandname: 'UBND_XA', apiBase: e.url },
    ...over,
  };
}

/** The SMS service alone on its own database, the real eSMS gateway reaching the stand-in. */
function service(e: EsmsStandIn, over: Record<string, unknown> = {}): SmsSetup {
  const s = smsSetup({ config: esmsConfig(e, over) });
  cleanups.push(() => s.close());
  return s;
}

describe('eSMS through the real gateway and the outbox, against a local stand-in of its REST API', () => {
  it('sends the documented JSON (national number, SmsType 2, unaccented, our id as RequestId) and keeps the SMSID; behind NAT the status is polled with GetSendStatus', async () => {
    const e = await standIn();
    const s = service(e);
    const id = s.enqueue({ to: '0912 345 678' });
    await s.sms.worker.runOnce();

    const [req] = e.sends();
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json).toEqual({
      ApiKey: e.apiKey,
      Content: 'UBND xa Vi Du: ho so HS-1 (Dang ky khai sinh) da co ket qua. Moi ong/ba den bo phan mot cua nhan. DT',
      Phone: NATIONAL,
      SecretKey: e.secretKey,
      Brandname: 'UBND_XA',
      SmsType: '2',
      IsUnicode: '0',
      RequestId: id,
    });
    const m = e.sentTo(NATIONAL)[0]!;
    expect(s.row(id)).toMatchObject({ status: 'sent', gateway: 'esms', gateway_message_id: m.smsId, next_attempt_at: s.clock.now() + 30_000 });

    s.clock.advance(30_000);
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('sent'); // still waiting at the telco
    e.finish(m.smsId, true);
    s.clock.advance(60_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'delivered', next_attempt_at: null });
    const poll = e.requests.filter((r) => r.method === 'GET').at(-1)!;
    expect(new URL(poll.path, 'http://x').searchParams.get('RefId')).toBe(m.smsId);
  });

  it('with PUBLIC_BASE_URL eSMS gets a CallbackUrl per message; its report marks the message delivered or failed; a wrong token is refused 403', async () => {
    const e = await standIn();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const h = await smsHub({ sms: esmsConfig(e, { publicBaseUrl: base }), port });
    cleanups.push(() => h.close());
    const a = h.enqueue({ to: TO });
    const b = h.enqueue({ to: '0987654321' });
    await until(() => h.row(a).status === 'sent' && h.row(b).status === 'sent', 'both accepted');
    const [ma, mb] = [e.sentTo(NATIONAL)[0]!, e.sentTo('0987654321')[0]!];
    expect(ma.callbackUrl).toMatch(new RegExp(`^${base}/api/sms/esms/report/${a}/[A-Za-z0-9_-]{32}$`));

    const forged = await e.callback(ma.smsId, `${base}/api/sms/esms/report/${a}/${'x'.repeat(32)}`);
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ ok: false, reason: 'bad-signature' });
    // a genuine token of message b does not report on message a
    expect((await e.callback(ma.smsId, mb.callbackUrl!.replace(`/${b}/`, `/${a}/`))).status).toBe(403);
    expect(h.row(a).status).toBe('sent');

    e.finish(ma.smsId, true);
    e.finish(mb.smsId, false);
    expect((await e.callback(ma.smsId)).status).toBe(200);
    expect((await e.callback(mb.smsId)).status).toBe(200);
    expect(h.row(a)).toMatchObject({ status: 'delivered', gateway_status: 'status-5-delivered' });
    expect(h.row(b)).toMatchObject({ status: 'failed', last_error_code: 'esms-send-failed' });
  });

  it('refused for good: wrong keys fail every message at once with the reason; a blocked number fails only its own message', async () => {
    const e = await standIn();
    e.blocked.add('0911111111');
    const s = service(e);
    const bad = s.enqueue({ to: '0911111111' });
    const good = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(bad)).toMatchObject({ status: 'failed', last_error_code: 'esms-99', attempts: 1 });
    expect(s.row(good).status).toBe('sent');

    const wrong = service(e, { esms: { apiKey: 'WRONG', secretKey: e.secretKey, brandname: 'UBND_XA', apiBase: e.url } });
    const id = wrong.enqueue({ to: TO });
    await wrong.sms.worker.runOnce();
    expect(wrong.row(id)).toMatchObject({ status: 'failed', last_error_code: 'esms-101' });
    expect(wrong.row(id).last_error_text).toContain('ESMS_API_KEY');
    expect(e.sentTo(NATIONAL)).toHaveLength(1);
  });

  it('refused for now: a balance too low (103) is retried with back-off and sent once after the top-up', async () => {
    const e = await standIn();
    e.balance = 0;
    const s = service(e);
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    const row = s.row(id);
    expect(row).toMatchObject({ status: 'queued', last_error_code: 'esms-103', attempts: 1 });
    expect(row.next_attempt_at).toBeGreaterThan(s.clock.now());
    e.balance = 100_000;
    s.clock.set(row.next_attempt_at!);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(e.sentTo(NATIONAL)).toHaveLength(1);
  });

  it('a timeout after the request was written is settled by asking again with the same RequestId: eSMS answers 124 and nothing is sent twice', async () => {
    const e = await standIn();
    const s = service(e, { lookupAfterMs: 60_000 });
    e.fail({ type: 'accept-then-hang' });
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sending', last_error_code: 'timeout' });
    await s.sms.worker.runOnce(); // not due yet: nothing asked
    expect(e.sends()).toHaveLength(1);

    s.clock.advance(60_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sent', gateway_status: 'duplicate-request' });
    expect(e.sends().map((r) => (r.json as { RequestId: string }).RequestId)).toEqual([id, id]);
    expect(e.sentTo(NATIONAL)).toHaveLength(1);
  });

  it('a request that hung before eSMS took it is taken by the settling request, once', async () => {
    const e = await standIn();
    const s = service(e, { lookupAfterMs: 60_000 });
    e.fail({ type: 'hang' });
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('sending');
    s.clock.advance(60_000);
    await s.sms.worker.runOnce();
    const m = e.sentTo(NATIONAL);
    expect(m).toHaveLength(1);
    expect(s.row(id)).toMatchObject({ status: 'sent', gateway_message_id: m[0]!.smsId });
  });

  it('an unanswered attempt still unsettled when its validity window ends is not asked again (asking could send it): failed "unconfirmed"', async () => {
    const e = await standIn();
    const s = service(e, { lookupAfterMs: 60_000, validityHours: 1 });
    e.fail({ type: 'hang' });
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('sending');
    s.clock.advance(3_600_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'failed', last_error_code: 'unconfirmed' });
    expect(e.sends()).toHaveLength(1);
    expect(e.messages).toHaveLength(0);
  });

  it('a 502 from a proxy in front of eSMS is not retried blindly either', async () => {
    const e = await standIn();
    const s = service(e, { lookupAfterMs: 60_000 });
    e.fail({ type: 'http', status: 502 });
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sending', last_error_code: 'esms-http-502' });
    s.clock.advance(60_000);
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('sent');
    expect(e.sentTo(NATIONAL)).toHaveLength(1);
  });

  it('a template that keeps accents goes as Unicode (IsUnicode 1)', async () => {
    const e = await standIn();
    const s = service(e);
    s.sms.updateTemplate('ready', { body: '{communeName}: hồ sơ {fileCode} đã có kết quả.', keepAccents: true });
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sent', encoding: 'ucs2' });
    expect(e.sends()[0]!.json).toMatchObject({ IsUnicode: '1', Content: 'UBND xã Ví Dụ: hồ sơ HS-1 đã có kết quả.' });
  });
});
