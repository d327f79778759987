import { OFFSET_MS } from '@onestop/shared';

/**
 * The sending rules that depend on time, as pure functions of an injected "now": quiet hours, back-off, rate.
 */

const DAY_MS = 86_400_000;

export interface QuietHours {
  /** minutes after local midnight */
  start: number;
  end: number;
}

/** "21:00-07:00" → { start: 1260, end: 420 }; "" → null (no quiet hours). Throws on anything else. */
export function parseQuietHours(spec: string): QuietHours | null {
  const s = spec.trim();
  if (s === '') return null;
  const m = /^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (!m) throw new Error(`quiet hours must look like 21:00-07:00 (or be empty), not "${spec}"`);
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (start === end) return null;
  return { start, end };
}

/** Minutes after local (Asia/Ho_Chi_Minh) midnight of an instant. */
function localMinuteOfDay(ms: number): number {
  const local = (((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(local / 60_000);
}

export function inQuietHours(q: QuietHours | null, now: number): boolean {
  if (!q) return false;
  const m = localMinuteOfDay(now);
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/** The first instant at or after `now` outside quiet hours (now itself when not quiet). */
export function quietHoursEnd(q: QuietHours | null, now: number): number {
  if (!inQuietHours(q, now)) return now;
  const localMidnight = now - ((((now + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);
  let end = localMidnight + q!.end * 60_000;
  if (end <= now) end += DAY_MS;
  return end;
}

/** The one back-off (shared/src/delivery.ts): base·2^(attempt−1), capped, jittered in its upper half; Retry-After a floor. */
export { backoffDelay, type BackoffPolicy } from '@onestop/shared';

/**
 * A token bucket with an injected clock: `burst` messages at once, then `perMinute` on average. One per gateway
 * (a telco's brand-name account and a GSM modem both limit throughput; a Twilio number does too).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
      this.last = now;
    }
  }

  take(now: number): boolean {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** When the next token will be there. */
  nextAt(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return now;
    return now + Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
  }
}
