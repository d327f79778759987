import { afterEach, describe, expect, it } from 'vitest';
import { TestClock, freePort, smsSetup, until, type SmsSetup } from './helpers.js';
import { smsHub, type SmsHub } from './hub.js';
import { TwilioStandIn } from './twilio-standin.js';

const TO = '+84912345678';
const FROM = '+15005550006';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function standIn(now?: () => number): Promise<TwilioStandIn> {
  const t = new TwilioStandIn(now);
  await t.start();
  cleanups.push(() => t.stop());
  return t;
}

function twilioConfig(t: TwilioStandIn, over: Record<string, unknown> = {}, twilio: Record<string, unknown> = {}) {
  return {
    gateway: 'twilio',
    quietHours: '',
    requestTimeoutMs: 2000,
    twilio: { accountSid: t.accountSid, authToken: t.authToken, from: FROM, apiBase: t.url, ...twilio },
    ...over,
  };
}

/** The SMS service alone on its own database, the real `twilio` package reaching the stand-in. */
function service(t: TwilioStandIn, over: Record<string, unknown> = {}, twilio: Record<string, unknown> = {}, dir?: string, clock?: SmsSetup['clock']): SmsSetup {
  const s = smsSetup({ config: twilioConfig(t, over, twilio), dir, clock });
  cleanups.push(() => s.close());
  return s;
}

describe('Twilio through the real twilio package, against a local stand-in of the REST API', () => {
  it('sends To, From, Body and StatusCallback with Basic auth; signed status callbacks update the status; forged or unsigned ones are refused 403', async () => {
    const t = await standIn();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const h: SmsHub = await smsHub({ sms: twilioConfig(t, { publicBaseUrl: base }), port });
    cleanups.push(() => h.close());
    const id = h.enqueue({ to: '0912 345 678' }); // no file: the hub's files service would cancel a message about an unknown file
    await until(() => h.row(id).status === 'sent', 'the message to be accepted').catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(h.row(id))}`);
    });

    expect(t.messages).toHaveLength(1);
    const req = t.requests.find((r) => r.method === 'POST')!;
    expect(req.path).toBe(`/2010-04-01/Accounts/${t.accountSid}/Messages.json`);
    expect(req.auth).toBe(`Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString('base64')}`);
    expect(req.form).toMatchObject({
      To: TO,
      From: FROM,
      Body: 'UBND xa Vi Du: ho so HS-2026-0042 (Dang ky khai sinh) da co ket qua. Moi ong/ba den bo phan mot cua nhan. DT 0210 3800 000',
      StatusCallback: `${base}/api/sms/twilio/status/${id}`,
    });
    expect(req.form.MessagingServiceSid).toBeUndefined();
    const sid = t.messages[0]!.sid;
    expect(h.row(id)).toMatchObject({ gateway: 'twilio', gateway_message_id: sid, gateway_status: 'queued', next_attempt_at: null });

    t.setStatus(sid, 'delivered');
    const forged = await t.callback(sid, { signWith: 'not-the-auth-token' });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect((await t.callback(sid, { unsigned: true })).status).toBe(403);
    // a genuine signature replayed against another message's URL does not match that URL
    const other = h.enqueue({ to: '0987 654 321' });
    await until(() => h.row(other).status === 'sent', 'the second message');
    expect((await t.callback(sid, { url: `${base}/api/sms/twilio/status/${other}` })).status).toBe(403);
    expect(h.row(id).status).toBe('sent');

    const good = await t.callback(sid);
    expect(good.status).toBe(200);
    expect(h.row(id)).toMatchObject({ status: 'delivered', gateway_status: 'delivered' });
    expect(h.row(id).delivered_at).toBe(h.clock.now());
  });

  it('an undelivered status callback marks the message failed with Twilio\'s error code', async () => {
    const t = await standIn();
    const port = await freePort();
    const h = await smsHub({ sms: twilioConfig(t, { publicBaseUrl: `http://127.0.0.1:${port}` }), port });
    cleanups.push(() => h.close());
    const id = h.enqueue({ to: TO });
    await until(() => h.row(id).status === 'sent', 'accepted');
    const sid = t.messages[0]!.sid;
    t.setStatus(sid, 'undelivered', { code: 30003, message: 'Unreachable destination handset' });
    expect((await t.callback(sid)).status).toBe(200);
    expect(h.row(id)).toMatchObject({ status: 'failed', last_error_code: 'twilio-30003' });
  });

  it('without PUBLIC_BASE_URL (hub behind NAT) no StatusCallback is given, and the Message resource is polled until a final status', async () => {
    const t = await standIn();
    const s2 = service(t, {}, { from: undefined, messagingServiceSid: t.messagingServiceSid });
    const a = s2.enqueue({ to: TO });
    const b = s2.enqueue({ to: '+84987654321' });
    await s2.sms.worker.runOnce();
    expect(t.requests.filter((r) => r.method === 'POST').map((r) => r.form)).toEqual([
      expect.objectContaining({ To: TO, MessagingServiceSid: t.messagingServiceSid }),
      expect.objectContaining({ To: '+84987654321', MessagingServiceSid: t.messagingServiceSid }),
    ]);
    expect(t.requests.every((r) => r.form.StatusCallback === undefined && r.form.From === undefined)).toBe(true);
    const [ma, mb] = t.messages;
    expect(s2.row(a)).toMatchObject({ status: 'sent', gateway_status: 'accepted', next_attempt_at: s2.clock.now() + 30_000 });

    t.setStatus(ma!.sid, 'sent');
    s2.clock.advance(30_000);
    await s2.sms.worker.runOnce();
    expect(s2.row(a).status).toBe('sent');
    expect(s2.row(a).next_attempt_at).toBeGreaterThan(s2.clock.now());

    t.setStatus(ma!.sid, 'delivered');
    t.setStatus(mb!.sid, 'undelivered', { code: 30006, message: 'Landline or unreachable carrier' });
    s2.clock.advance(60_000);
    await s2.sms.worker.runOnce();
    expect(s2.row(a)).toMatchObject({ status: 'delivered', next_attempt_at: null });
    expect(s2.row(b)).toMatchObject({ status: 'failed', last_error_code: 'twilio-30006', last_error_text: 'Landline or unreachable carrier' });
    const polls = t.requests.filter((r) => r.method === 'GET').length;
    s2.clock.advance(3_600_000);
    await s2.sms.worker.runOnce();
    expect(t.requests.filter((r) => r.method === 'GET').length).toBe(polls);
  });

  it('maps Twilio error codes: 21211, 21610, 21614 and 20003 fail the message with their reason; 20429 waits for Retry-After', async () => {
    const t = await standIn();
    const s = service(t);
    t.numberErrors.set('+84911111111', { status: 400, code: 21211, message: "The 'To' number +84911111111 is not a valid phone number." });
    t.numberErrors.set('+84922222222', { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    t.numberErrors.set('+84933333333', { status: 400, code: 21614, message: "'To' number is not a valid mobile number" });
    const ids = ['+84911111111', '+84922222222', '+84933333333', '+84944444444'].map((to) => s.enqueue({ to }));
    await s.sms.worker.runOnce();
    expect(ids.map((id) => [s.row(id).status, s.row(id).last_error_code])).toEqual([
      ['failed', 'twilio-21211'],
      ['failed', 'twilio-21610'],
      ['failed', 'twilio-21614'],
      ['sent', null],
    ]);
    expect(s.row(ids[1]!).last_error_text).toMatch(/opted out/);

    t.fail({ type: 'http', status: 429, code: 20429, retryAfter: '90' });
    const limited = s.enqueue({ to: '+84965555555' });
    await s.sms.worker.runOnce();
    expect(s.row(limited)).toMatchObject({ status: 'queued', last_error_code: 'twilio-20429' });
    expect(s.row(limited).next_attempt_at! - s.clock.now()).toBe(90_000);
    s.clock.advance(90_000);
    await s.sms.worker.runOnce();
    expect(s.row(limited).status).toBe('sent');

    const wrong = service(t, {}, { authToken: 'wrong-token' });
    const w = wrong.enqueue({ to: '+84966666666' });
    await wrong.sms.worker.runOnce();
    expect(wrong.row(w)).toMatchObject({ status: 'failed', last_error_code: 'twilio-20003' });
    expect(wrong.row(w).last_error_text).toMatch(/TWILIO_AUTH_TOKEN/);
  });
});

describe('Twilio: the ambiguous case (no idempotency key)', () => {
  it('the answer is lost after Twilio created the message: after the timeout and a restart it is found by lookup and not sent twice', async () => {
    const clock = new TestClock();
    const t = await standIn(clock.now);
    const s = service(t, { requestTimeoutMs: 300, lookupAfterMs: 60_000 }, {}, undefined, clock);
    const id = s.enqueue({ to: TO });
    t.fail({ type: 'accept-then-hang' });
    await s.sms.worker.runOnce();
    expect(t.messages).toHaveLength(1);
    expect(s.row(id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(s.row(id).last_error_code).toMatch(/^network-/);

    // the hub restarts on the same file
    await s.close();
    const again = service(t, { requestTimeoutMs: 300, lookupAfterMs: 60_000 }, {}, s.dir, s.clock);
    await again.sms.worker.runOnce(); // too early: Twilio's list may not show it yet
    expect(again.row(id).status).toBe('sending');
    again.clock.advance(60_000);
    await again.sms.worker.runOnce();
    expect(again.row(id)).toMatchObject({ status: 'sent', gateway_message_id: t.messages[0]!.sid });
    again.clock.advance(3_600_000);
    await again.sms.worker.runOnce();
    expect(t.messages).toHaveLength(1);
    expect(t.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a request that never reached Twilio (it hung, or the connection dropped before creating) is looked up, not found, and sent once', async () => {
    const clock = new TestClock();
    const t = await standIn(clock.now);
    const s = service(t, { requestTimeoutMs: 300, lookupAfterMs: 0 }, {}, undefined, clock);
    const id = s.enqueue({ to: TO });
    t.fail({ type: 'hang' });
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('sending');
    expect(t.messages).toHaveLength(0);
    await s.sms.worker.runOnce(); // lookup: not there → queued → sent
    expect(s.row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(t.sentTo(TO)).toHaveLength(1);
  });

  it('an earlier identical message to the same number is not mistaken for ours', async () => {
    const clock = new TestClock();
    const t = await standIn(clock.now);
    const s = service(t, { requestTimeoutMs: 300, lookupAfterMs: 0 }, {}, undefined, clock);
    const first = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(first).status).toBe('sent');
    // the same text to the same number, a minute later; its first attempt hangs without creating anything
    s.clock.advance(60_000);
    const second = s.enqueue({ to: TO });
    t.fail({ type: 'hang' });
    await s.sms.worker.runOnce();
    await s.sms.worker.runOnce();
    expect(s.row(second)).toMatchObject({ status: 'sent' });
    expect(s.row(second).gateway_message_id).not.toBe(s.row(first).gateway_message_id);
    expect(t.sentTo(TO)).toHaveLength(2);
  });
});
