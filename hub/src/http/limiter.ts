import type { Clock } from '@onestop/shared';

/**
 * How many failed attempts a key (an address, an account, a pair of both, or "all") gets before it must wait, and
 * how the waits grow: `free` attempts, then each further one only `baseDelayMs`, 2×, 4× … (at most `maxDelayMs`)
 * after the one before. The record is forgotten after `forgetAfterMs` without an attempt.
 */
export interface BackoffPolicy {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

interface Record_ {
  count: number;
  firstAt: number;
  lastAt: number;
}

/**
 * Attempts counted BEFORE the work they pay for (a password hash, a code lookup): `take` decides and counts in one
 * synchronous step, so requests arriving together cannot all pass the check before any of them is counted (issue 11,
 * findings 2 and 4). An attempt that turns out fine is handed back with `refund`, or the key cleared with `reset`.
 * Kept in memory: a restart forgets it, which costs an attacker a restart they cannot cause.
 */
export class BackoffLimiter {
  private readonly records = new Map<string, Record_>();

  constructor(
    private readonly clock: Clock,
    readonly policy: BackoffPolicy,
  ) {}

  /** The key's live record (an old one is forgotten here). */
  private live(key: string, now: number): Record_ | undefined {
    const r = this.records.get(key);
    if (r && now - r.lastAt >= this.policy.forgetAfterMs) {
      this.records.delete(key);
      return undefined;
    }
    return r;
  }

  /** 0 when an attempt may be made now, else the milliseconds to wait. Counts nothing. */
  waitMs(key: string): number {
    const now = this.clock.now();
    const r = this.live(key, now);
    if (!r || r.count < this.policy.free) return 0;
    const { baseDelayMs, maxDelayMs } = this.policy;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(30, r.count - this.policy.free));
    return Math.max(0, r.lastAt + delay - now);
  }

  /** Counts an attempt now, when one may be made: 0, and counted; else the milliseconds to wait, and nothing counted. */
  take(key: string): number {
    const wait = this.waitMs(key);
    if (wait > 0) return wait;
    this.count(key);
    return 0;
  }

  /** Counts an attempt whatever the wait (one already let through by another limit). */
  count(key: string): void {
    const now = this.clock.now();
    const r = this.live(key, now);
    if (r) {
      r.count++;
      r.lastAt = now;
    } else {
      this.records.set(key, { count: 1, firstAt: now, lastAt: now });
    }
  }

  /** Hands back one counted attempt (it turned out fine). */
  refund(key: string): void {
    const r = this.records.get(key);
    if (!r) return;
    if (--r.count <= 0) this.records.delete(key);
  }

  /** Forgets the key (a success that clears its record). */
  reset(key: string): void {
    this.records.delete(key);
  }

  /** The attempts counted for the key since its record began, and when it began; null when there is none. */
  peek(key: string): { count: number; since: number } | null {
    const r = this.live(key, this.clock.now());
    return r ? { count: r.count, since: r.firstAt } : null;
  }

  /** Drops the records that are forgotten by now (a long-running hub does not keep every address it ever saw). */
  sweep(): void {
    const now = this.clock.now();
    for (const key of [...this.records.keys()]) this.live(key, now);
  }
}

/**
 * At most `perKey` tasks of one key running at once; the others of that key wait their turn, in order. Keys do not
 * wait for each other: one address's flood of sign-ins queues behind itself, not in front of everyone else's.
 */
export class KeyedLanes {
  private readonly lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(private readonly perKey = 1) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(key) ?? { running: 0, waiting: [] };
    this.lanes.set(key, lane);
    if (lane.running >= this.perKey) await new Promise<void>((resolve) => lane.waiting.push(resolve));
    else lane.running++;
    try {
      return await task();
    } finally {
      const next = lane.waiting.shift();
      if (next) next(); // the slot passes straight to the next task of this key
      else if (--lane.running === 0) this.lanes.delete(key);
    }
  }
}
