import { afterEach, describe, expect, it } from 'vitest';
import { smsSetup, type SmsSetup } from './helpers.js';
import { SpeedSmsStandIn } from './speedsms-standin.js';

const TO = '+84912345678';
const INTL = '84912345678';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function standIn(): Promise<SpeedSmsStandIn> {
  const t = new SpeedSmsStandIn();
  await t.start();
  cleanups.push(() => t.stop());
  return t;
}

function service(t: SpeedSmsStandIn, over: Record<string, unknown> = {}, speedsms: Record<string, unknown> = {}): SmsSetup {
  const s = smsSetup({
    config: { gateway: 'speedsms', quietHours: '', requestTimeoutMs: 500, speedsms: { token: t.token, sender: 'UBND_XA', apiBase: t.url, ...speedsms }, ...over },
  });
  cleanups.push(() => s.close());
  return s;
}

describe('SpeedSMS through the real gateway and the outbox, against a local stand-in of its REST API', () => {
  it('sends the documented JSON with the token as the Basic user and the number as 849…, keeps the tranId, and polls sms/status until delivered', async () => {
    const t = await standIn();
    const s = service(t);
    const id = s.enqueue({ to: '0912 345 678' });
    await s.sms.worker.runOnce();

    const [req] = t.sends();
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`${t.token}:x`).toString('base64')}`);
    expect(req!.json).toEqual({
      to: [INTL],
      content: 'UBND xa Vi Du: ho so HS-1 (Dang ky khai sinh) da co ket qua. Moi ong/ba den bo phan mot cua nhan. DT',
      sms_type: 3,
      sender: 'UBND_XA',
    });
    const m = t.sentTo(INTL)[0]!;
    expect(s.row(id)).toMatchObject({ status: 'sent', gateway: 'speedsms', gateway_message_id: String(m.tranId), next_attempt_at: s.clock.now() + 30_000 });

    s.clock.advance(30_000);
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('sent');
    m.status = 0;
    s.clock.advance(60_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'delivered', gateway_status: 'status-0' });
    expect(t.requests.filter((r) => r.method === 'GET').at(-1)!.path).toBe(`/index.php/sms/status/${m.tranId}`);
  });

  it('a status of 64 or more is a failed delivery', async () => {
    const t = await standIn();
    const s = service(t);
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    t.sentTo(INTL)[0]!.status = 65;
    s.clock.advance(30_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'failed', last_error_code: 'speedsms-status-65' });
  });

  it('refused for good: an invalid number (105) or a blocked account (008) fails only that message; a wrong token fails with the reason', async () => {
    const t = await standIn();
    t.numberErrors.set('84911111111', '105');
    t.numberErrors.set('84922222222', '008');
    const s = service(t);
    const a = s.enqueue({ to: '0911111111' });
    const b = s.enqueue({ to: '0922222222' });
    const c = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(a)).toMatchObject({ status: 'failed', last_error_code: 'speedsms-105' });
    expect(s.row(b)).toMatchObject({ status: 'failed', last_error_code: 'speedsms-008' });
    expect(s.row(c).status).toBe('sent');

    const wrong = service(t, {}, { token: 'not-the-token' });
    const w = wrong.enqueue({ to: TO });
    await wrong.sms.worker.runOnce();
    expect(wrong.row(w)).toMatchObject({ status: 'failed', last_error_code: 'speedsms-auth' });
    expect(wrong.row(w).last_error_text).toContain('SPEEDSMS_TOKEN');
    expect(t.sentTo(INTL)).toHaveLength(1);
  });

  it('refused for now: a low balance (300) and the rate limit (429, X-Rate-Limit-Reset a floor) are retried; each message goes once', async () => {
    const t = await standIn();
    const s = service(t);
    t.codes.push('300');
    t.rateLimited = 1;
    const a = s.enqueue({ to: TO });
    const b = s.enqueue({ to: '0987654321' });
    await s.sms.worker.runOnce();
    expect(s.row(a)).toMatchObject({ status: 'queued', last_error_code: 'speedsms-429' });
    expect(s.row(a).next_attempt_at).toBeGreaterThanOrEqual(s.clock.now() + 40_000);
    expect(s.row(b)).toMatchObject({ status: 'queued', last_error_code: 'speedsms-300' });
    s.clock.advance(3_600_000);
    await s.sms.worker.runOnce();
    expect([s.row(a).status, s.row(b).status]).toEqual(['sent', 'sent']);
    expect(t.sentTo(INTL)).toHaveLength(1);
    expect(t.sentTo('84987654321')).toHaveLength(1);
  });

  it('a timeout after the request was written is never sent again: SpeedSMS has no look-up, so after an hour it is failed "unconfirmed"', async () => {
    const t = await standIn();
    const s = service(t, { unconfirmedAfterMs: 3_600_000 });
    t.fail({ type: 'accept-then-hang' });
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sending', last_error_code: 'timeout' });
    s.clock.advance(30 * 60_000);
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('sending');
    s.clock.advance(30 * 60_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'failed', last_error_code: 'unconfirmed' });
    expect(t.sends()).toHaveLength(1);
    expect(t.sentTo(INTL)).toHaveLength(1);
  });

  it('an answer that is neither "success" nor "error" is unknown: the message is not sent again, and fails "unconfirmed" after an hour', async () => {
    const t = await standIn();
    const s = service(t, { unconfirmedAfterMs: 3_600_000 });
    t.fail({ type: 'http', status: 200 }); // HTTP 200 with an HTML page instead of SpeedSMS's JSON
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sending', last_error_code: 'speedsms-bad-answer' });
    s.clock.advance(3_600_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'failed', last_error_code: 'unconfirmed' });
    expect(t.sends()).toHaveLength(1);
  });

  it('a status answer it cannot read (no entry for our number, no status, an error) changes nothing and is asked again later', async () => {
    const t = await standIn();
    const s = service(t);
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    const m = t.sentTo(INTL)[0]!;
    m.status = 0;
    t.statusAnswers.push(
      { status: 'success', code: '00', data: [{ phone: '84987654321', status: 0 }, { phone: '84911111111', status: 0 }] },
      { status: 'success', code: '00', data: [{ phone: INTL }] },
      { status: 'success', code: '00', data: { phone: INTL, status: 0 } },
      { status: 'error', code: '500', message: 'Internal error, please try again' },
    );
    for (let i = 0; i < 4; i++) {
      s.clock.advance(3_600_000);
      await s.sms.worker.runOnce();
      expect(s.row(id).status, `answer ${i}`).toBe('sent');
    }
    expect(t.statusAnswers).toHaveLength(0);
    s.clock.advance(3_600_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'delivered', gateway_status: 'status-0' });
  });

  it('the entry for our number is found among several, in whatever form SpeedSMS writes it', async () => {
    const t = await standIn();
    const s = service(t);
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    t.statusAnswers.push({ status: 'success', code: '00', data: [{ phone: '84987654321', status: 0 }, { phone: '0912345678', status: 70 }] });
    s.clock.advance(30_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'failed', last_error_code: 'speedsms-status-70' });
  });

  it('HTTP 404 (a wrong token, or a wrong SPEEDSMS_API_BASE) fails the message with both named', async () => {
    const t = await standIn();
    const s = service(t, {}, { apiBase: `${t.url}/elsewhere` });
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'failed', last_error_code: 'speedsms-http-404' });
    expect(s.row(id).last_error_text).toMatch(/SPEEDSMS_TOKEN.*SPEEDSMS_API_BASE/);
    expect(t.messages).toHaveLength(0);
  });
});
