import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../hub/src/http/errors.js';
import { smsFigures } from '../../hub/src/sms/figures.js';
import { ScriptedGateway, localTime, smsSetup, type SmsSetup } from './helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const TO = '+84912345678';

let setups: SmsSetup[] = [];
afterEach(async () => {
  for (const s of setups.splice(0)) await s.close();
});
function setup(...args: Parameters<typeof smsSetup>) {
  const s = smsSetup(...args);
  setups.push(s);
  return s;
}

describe('the outbox', () => {
  it('a message exists only if the caller commits: enqueue joins the caller transaction', () => {
    const s = setup({ gateway: new ScriptedGateway() });
    expect(() =>
      s.db.transaction(() => {
        s.sms.enqueue({ kind: 'ready', fileId: 'F1', to: TO, vars: {} });
        throw new Error('the transition failed');
      })(),
    ).toThrow(/transition failed/);
    expect(s.rows()).toHaveLength(0);
    s.enqueue({ to: TO, fileId: 'F1' });
    expect(s.rows()).toHaveLength(1);
  });

  it('renders at enqueue, without diacritics, and measures the text', () => {
    const s = setup({ gateway: new ScriptedGateway(), config: { contactPhone: '0243 123 456' } });
    const id = s.enqueue({ to: '0912 345 678', fileId: 'F1', vars: { fileCode: 'HS-7', procedure: 'Chứng thực bản sao' } });
    expect(s.row(id)).toMatchObject({
      to_phone: TO,
      body: 'UBND xa Vi Du: ho so HS-7 (Chung thuc ban sao) da co ket qua. Moi ong/ba den bo phan mot cua nhan. DT 0243 123 456',
      encoding: 'gsm7',
      segments: 1,
      status: 'queued',
      valid_until: s.clock.now() + 24 * HOUR,
    });
  });

  it('a bad number or a disabled template never blocks the caller: the message is recorded failed or cancelled', () => {
    const s = setup({ gateway: new ScriptedGateway() });
    const bad = s.enqueue({ to: '02438251234', fileId: 'F1' });
    const off = s.enqueue({ to: TO, kind: 'received', fileId: 'F1' }); // "received" is off by default
    expect(s.row(bad)).toMatchObject({ status: 'failed', last_error_code: 'phone-not-mobile' });
    expect(s.row(off)).toMatchObject({ status: 'cancelled', last_error_code: 'template-disabled' });
  });
});

describe('the worker', () => {
  it('sends a due message once and marks it sent', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw });
    const id = s.enqueue({ to: TO, fileId: 'F1' });
    await s.sms.worker.runOnce();
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(1);
    expect(s.row(id)).toMatchObject({ status: 'sent', attempts: 1, gateway: 'scripted', gateway_message_id: 'gw-1', sent_at: s.clock.now() });
  });

  it('quiet hours hold a message queued at 22:00 until 07:00 local, then send it', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw });
    s.clock.set(localTime(22, 0));
    const id = s.enqueue({ to: TO, fileId: 'F1' });
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(0);
    expect(s.row(id)).toMatchObject({ status: 'queued', next_attempt_at: localTime(7, 0, 1) });
    s.clock.set(localTime(6, 59, 1));
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(0);
    s.clock.set(localTime(7, 0, 1));
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(1);
    expect(s.row(id).status).toBe('sent');
  });

  it('quiet hours that do not cross midnight, and none at all when empty', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw, config: { quietHours: '12:00-13:30' } });
    s.clock.set(localTime(12, 15));
    const id = s.enqueue({ to: TO });
    await s.sms.worker.runOnce();
    expect(s.row(id).next_attempt_at).toBe(localTime(13, 30));

    const gw2 = new ScriptedGateway();
    const s2 = setup({ gateway: gw2, config: { quietHours: '' } });
    s2.clock.set(localTime(23, 30));
    s2.enqueue({ to: TO });
    await s2.sms.worker.runOnce();
    expect(gw2.sends).toHaveLength(1);
  });

  it('a message that is no longer true is cancelled, not sent; the others go out', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw });
    const returned = s.enqueue({ to: TO, fileId: 'F-returned' });
    const ready = s.enqueue({ to: '+84987654321', fileId: 'F-ready' });
    s.truth.set('F-returned', false);
    await s.sms.worker.runOnce();
    expect(s.row(returned)).toMatchObject({ status: 'cancelled', last_error_code: 'no-longer-true', attempts: 0 });
    expect(s.row(ready).status).toBe('sent');
    expect(gw.sends.map((m) => m.to)).toEqual(['+84987654321']);
  });

  it('asks "still true?" right before sending, not at enqueue: a file returned during quiet hours gets no SMS', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw });
    s.clock.set(localTime(21, 30));
    const id = s.enqueue({ to: TO, fileId: 'F1' });
    await s.sms.worker.runOnce();
    s.truth.set('F1', false); // collected first thing in the morning
    s.clock.set(localTime(7, 0, 1));
    await s.sms.worker.runOnce();
    expect(s.row(id).status).toBe('cancelled');
    expect(gw.sends).toHaveLength(0);
  });

  it('temporary failures are retried with exponential back-off and jitter, capped; Retry-After is a floor', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw, config: { retry: { baseMs: 10_000, maxMs: 60_000 } } });
    const id = s.enqueue({ to: TO });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      gw.script.push({ kind: 'temporary', code: 'network-ECONNREFUSED', text: 'refused' });
      await s.sms.worker.runOnce();
      const r = s.row(id);
      expect(r.status).toBe('queued');
      delays.push(r.next_attempt_at! - s.clock.now());
      s.clock.set(r.next_attempt_at!);
    }
    // random() = 0.5: three quarters of 10 s, 20 s, 40 s, then the 60 s cap
    expect(delays).toEqual([7_500, 15_000, 30_000, 45_000, 45_000]);
    gw.script.push({ kind: 'temporary', code: 'twilio-20429', text: 'Too Many Requests', retryAfterMs: 120_000 });
    await s.sms.worker.runOnce();
    expect(s.row(id).next_attempt_at! - s.clock.now()).toBe(120_000);
    s.clock.advance(120_000);
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sent', attempts: 7, last_error_code: 'twilio-20429' });
  });

  it('gives up after the validity window: expired, never sent late', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw, config: { validityHours: 6, retry: { baseMs: 60_000, maxMs: HOUR } } });
    const id = s.enqueue({ to: TO });
    gw.perNumber.set(TO, { kind: 'temporary', code: 'kannel-http-503', text: 'Temporal failure' });
    for (let i = 0; i < 30 && s.row(id).status === 'queued'; i++) {
      await s.sms.worker.runOnce();
      const next = s.row(id).next_attempt_at;
      if (next) s.clock.set(next);
    }
    const r = s.row(id);
    expect(r.status).toBe('expired');
    expect(r.last_error_text).toMatch(/validity window.*kannel-http-503/);
    expect(r.failed_at).toBeGreaterThanOrEqual(r.valid_until);
    const attempts = gw.sends.length;
    gw.perNumber.clear();
    s.clock.advance(HOUR);
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(attempts);
  });

  it('a permanent error marks that message failed with its reason; one bad number never blocks the others', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw });
    gw.perNumber.set('+84911111111', { kind: 'permanent', code: 'twilio-21610', text: 'the recipient has opted out (STOP)' });
    const ids = ['+84911111111', '+84922222222', '+84933333333'].map((to) => s.enqueue({ to }));
    await s.sms.worker.runOnce();
    expect(s.row(ids[0]!)).toMatchObject({ status: 'failed', last_error_code: 'twilio-21610', last_error_text: 'the recipient has opted out (STOP)' });
    expect(s.row(ids[1]!).status).toBe('sent');
    expect(s.row(ids[2]!).status).toBe('sent');
  });

  it('a rate limit per gateway: a burst, then messages spread out', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw, config: { burst: 2, ratePerMinute: 6 } });
    for (let i = 0; i < 5; i++) s.enqueue({ to: `+8491234560${i}` });
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(2);
    s.clock.advance(5_000);
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(2);
    s.clock.advance(5_000);
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(3);
    s.clock.advance(20_000);
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(5);
    expect(new Set(gw.sends.map((m) => m.to)).size).toBe(5);
  });
});

describe('the ambiguous case: an attempt nobody answered', () => {
  it('with a lookup: found at the gateway → sent, never sent a second time', async () => {
    const gw = new ScriptedGateway({ withLookup: true });
    const s = setup({ gateway: gw, config: { lookupAfterMs: 60_000 } });
    const id = s.enqueue({ to: TO });
    gw.script.push({ kind: 'unknown', code: 'network-ECONNABORTED', text: 'timeout of 15000ms exceeded' });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sending', last_error_code: 'network-ECONNABORTED' });
    await s.sms.worker.runOnce(); // too early to look it up
    expect(gw.lookups).toHaveLength(0);
    gw.lookupAnswer = () => ({ kind: 'found', gatewayId: 'SM-found', report: { status: 'sent', gatewayStatus: 'sent' } });
    s.clock.advance(60_000);
    await s.sms.worker.runOnce();
    expect(gw.lookups).toHaveLength(1);
    expect(gw.lookups[0]).toMatchObject({ to: TO, attemptStartedAt: s.clock.now() - 60_000 });
    expect(s.row(id)).toMatchObject({ status: 'sent', gateway_message_id: 'SM-found' });
    s.clock.advance(HOUR);
    await s.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(1);
  });

  it('with a lookup: not at the gateway → sent again, once', async () => {
    const gw = new ScriptedGateway({ withLookup: true });
    const s = setup({ gateway: gw, config: { lookupAfterMs: 0 } });
    const id = s.enqueue({ to: TO });
    gw.script.push({ kind: 'unknown', code: 'network-ECONNRESET', text: 'socket hang up' });
    await s.sms.worker.runOnce();
    await s.sms.worker.runOnce(); // lookup: not found → queued → sent
    expect(gw.lookups).toHaveLength(1);
    expect(gw.sends).toHaveLength(2);
    expect(s.row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a run that stopped between "sending" and the answer is settled at the next start, not re-sent blindly', async () => {
    const gw = new ScriptedGateway({ withLookup: true });
    const first = setup({ gateway: gw, config: { lookupAfterMs: 0 } });
    const id = first.enqueue({ to: TO });
    // the first run marks it sending (committed), the gateway accepts, and the process dies before recording it
    gw.script.push(async () => {
      first.db.close();
      return { kind: 'accepted', gatewayId: 'SM-lost-answer' };
    });
    await first.sms.worker.runOnce();
    const second = setup({ gateway: gw, dir: first.dir, clock: first.clock, config: { lookupAfterMs: 0 } });
    expect(second.row(id).status).toBe('sending');
    gw.lookupAnswer = (m) => (m.id === id ? { kind: 'found', gatewayId: 'SM-lost-answer', report: null } : { kind: 'not-found' });
    await second.sms.worker.runOnce();
    expect(second.row(id)).toMatchObject({ status: 'sent', gateway_message_id: 'SM-lost-answer' });
    expect(gw.sends).toHaveLength(1);
  });

  it('without a lookup (Kannel): a delivery report settles it; without one it is failed "unconfirmed", never re-sent', async () => {
    const gw = new ScriptedGateway({ name: 'kannel' });
    const s = setup({ gateway: gw, config: { unconfirmedAfterMs: 30 * MIN } });
    const a = s.enqueue({ to: TO });
    const b = s.enqueue({ to: '+84987654321' });
    gw.script.push({ kind: 'unknown', code: 'timeout', text: 'timeout' }, { kind: 'unknown', code: 'timeout', text: 'timeout' });
    await s.sms.worker.runOnce();
    expect([s.row(a).status, s.row(b).status]).toEqual(['sending', 'sending']);
    // Kannel's report for a: accepted by the SMSC
    s.sms.applyReport(a, { status: 'sent', gatewayStatus: 'dlr-8-smsc-accepted' });
    s.clock.advance(30 * MIN);
    await s.sms.worker.runOnce();
    expect(s.row(a).status).toBe('sent');
    expect(s.row(b)).toMatchObject({ status: 'failed', last_error_code: 'unconfirmed' });
    expect(gw.sends).toHaveLength(2);
    // a late report still counts: b did get out after all
    s.sms.applyReport(b, { status: 'delivered', gatewayStatus: 'dlr-1-delivered' });
    expect(s.row(b)).toMatchObject({ status: 'delivered', failed_at: null });
  });

  it('a report never moves a message backwards', () => {
    const s = setup({ gateway: new ScriptedGateway() });
    const id = s.enqueue({ to: TO });
    expect(s.sms.applyReport(id, { status: 'delivered', gatewayStatus: 'delivered' })).toBe(true);
    expect(s.sms.applyReport(id, { status: 'sent', gatewayStatus: 'sent' })).toBe(false);
    expect(s.sms.applyReport(id, { status: 'failed', gatewayStatus: 'undelivered', code: 'twilio-30003', text: 'unreachable' })).toBe(false);
    expect(s.row(id).status).toBe('delivered');
  });
});

describe('resend and figures', () => {
  it('an admin resends a failed message as a new linked message, once', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw });
    const id = s.enqueue({ to: TO, fileId: 'F1' });
    gw.script.push({ kind: 'permanent', code: 'kannel-http-400', text: 'rejected' });
    await s.sms.worker.runOnce();
    expect(() => s.sms.resend(s.enqueue({ to: TO }))).toThrow(ServiceError); // queued: not resendable
    const again = s.sms.resend(id);
    expect(again).toMatchObject({ resendOf: id, status: 'queued', to: '09xx xxx 678', fileId: 'F1' });
    expect(() => s.sms.resend(id)).toThrow(/already resent/);
    await s.sms.worker.runOnce();
    expect(s.sms.get(again.id).status).toBe('sent');
    expect(s.sms.get(id)).toMatchObject({ status: 'failed', resentAs: again.id });
    expect(s.sms.messagesForFile('F1').map((m) => m.id)).toEqual([id, again.id]);
  });

  it('figures count each message on the local day it was sent, delivered or ended in failure', async () => {
    const gw = new ScriptedGateway();
    const s = setup({ gateway: gw, config: { quietHours: '' } });
    s.clock.set(localTime(23, 50)); // 2026-11-21 local
    const a = s.enqueue({ to: '+84911111111' });
    const b = s.enqueue({ to: '+84922222222' });
    gw.perNumber.set('+84922222222', { kind: 'permanent', code: 'twilio-21211', text: 'invalid' });
    await s.sms.worker.runOnce();
    s.clock.set(localTime(0, 10, 1)); // delivered after midnight
    s.sms.applyReport(a, { status: 'delivered', gatewayStatus: 'delivered' });
    expect(smsFigures(s.db, '2026-11-21')).toEqual({ sent: 1, delivered: 0, failed: 1 });
    expect(smsFigures(s.db, '2026-11-22')).toEqual({ sent: 0, delivered: 1, failed: 0 });
    expect(s.row(b).status).toBe('failed');
  });
});
