import { afterEach, describe, expect, it } from 'vitest';
import { TestClock, smsSetup, type SmsSetup } from './helpers.js';
import { TwilioStandIn } from './twilio-standin.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Runs passes, moving the injected clock to the next due time, until nothing is queued or sending. */
async function drain(s: SmsSetup, between?: (pass: number) => Promise<void>): Promise<number> {
  for (let pass = 0; pass < 200; pass++) {
    await between?.(pass);
    await s.sms.worker.runOnce();
    const open = s.db.prepare("SELECT MIN(next_attempt_at) AS t, COUNT(*) AS n FROM sms_messages WHERE status IN ('queued', 'sending')").get() as { t: number | null; n: number };
    if (open.n === 0) return pass + 1;
    // due already but held back (the rate limit): a second later; otherwise straight to the next due time
    s.clock.set(open.t !== null && open.t > s.clock.now() ? open.t : s.clock.now() + 1000);
  }
  throw new Error('the outbox never drained');
}

describe('the gateway failing for a while, then recovering', () => {
  it('HTTP 500, timeouts, an answer lost, 429 and refused connections: afterwards every message is sent exactly once, none lost; a permanent error fails only its own message', async () => {
    const clock = new TestClock();
    const t = new TwilioStandIn(clock.now);
    await t.start();
    cleanups.push(() => t.stop());
    const s = smsSetup({
      clock,
      config: {
        gateway: 'twilio',
        quietHours: '',
        requestTimeoutMs: 300,
        lookupAfterMs: 30_000,
        burst: 3,
        ratePerMinute: 60,
        twilio: { accountSid: t.accountSid, authToken: t.authToken, from: '+15005550006', apiBase: t.url },
      },
    });
    cleanups.push(() => s.close());

    const numbers = Array.from({ length: 8 }, (_, i) => `+8491234500${i}`);
    t.numberErrors.set(numbers[5]!, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const ids = numbers.map((to) => s.enqueue({ to }));
    t.fail(
      { type: 'http', status: 500 },
      { type: 'http', status: 503, code: 20503, message: 'Service Unavailable' },
      { type: 'hang' },
      { type: 'accept-then-hang' },
      { type: 'http', status: 429, code: 20429, retryAfter: '45' },
      { type: 'accept-then-reset' },
      { type: 'http', status: 500 },
    );

    const passes = await drain(s, async (pass) => {
      // a network outage in the middle: the API refuses connections for a few passes
      if (pass === 3) await t.stop();
      if (pass === 6) await t.start();
    });

    const statuses = ids.map((id) => s.row(id).status);
    expect(statuses).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'failed', 'sent', 'sent']);
    expect(s.row(ids[5]!)).toMatchObject({ last_error_code: 'twilio-21610' });
    for (const [i, to] of numbers.entries()) {
      expect(t.sentTo(to), `${to} at the gateway`).toHaveLength(i === 5 ? 0 : 1);
      if (i !== 5) expect(s.row(ids[i]!).gateway_message_id).toBe(t.sentTo(to)[0]!.sid);
    }
    expect(t.faults).toHaveLength(0);
    const errors = new Set(s.rows().map((r) => r.last_error_code));
    expect(errors).toContain('network-ECONNREFUSED');
    expect(errors).toContain('twilio-20429');
    expect(passes).toBeGreaterThan(3);
  });
});
