import type { Clock } from '@onestop/shared';
import { TokenBucket } from '../sms/policy.js';

/**
 * How many `rating:submit` a device may send (issue 11, finding 5): a burst of 300, then 30 a second. An honest
 * device sends one at a time and waits for the ack; the most it ever sends at once is its outbox after an outage
 * (a busy counter makes a few hundred ratings a day), and a refusal is retried after a back-off. A flood from one
 * token (thousands a second) is refused before it costs any database work. docs/decisions/0086-rating-stuffing.md.
 */
export const SUBMIT_BURST = 300;
export const SUBMIT_PER_SECOND = 30;

/** One token bucket per device, on the hub's clock. Counted before the payload is even parsed. */
export class SubmitLimit {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: Clock,
    private readonly burst = SUBMIT_BURST,
    private readonly perSecond = SUBMIT_PER_SECOND,
  ) {}

  /** Takes one submission from the device's allowance; false when there is none left. */
  take(deviceId: string): boolean {
    const now = this.clock.now();
    let b = this.buckets.get(deviceId);
    if (!b) this.buckets.set(deviceId, (b = new TokenBucket(this.perSecond * 60, this.burst, now)));
    return b.take(now);
  }
}
