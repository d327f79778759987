/**
 * The one way an outbox is delivered, in the hub (SMS, upstream summaries), the counter agent and the kiosk
 * (docs/decisions/0070-one-delivery-loop.md). Browser-safe: timers and randomness are injected, nothing else imported.
 *
 * A `DeliveryLoop` runs its owner's `pass` (one look at what is due) one at a time, when started, when kicked, at a
 * regular tick and after a back-off when a pass was cut short by a failure. What is due, in what order, and what
 * to do with each answer stays its owner's; the loop only decides when the next pass runs.
 */

export interface BackoffPolicy {
  /** the first retry's delay, before jitter */
  baseMs: number;
  /** the cap of the exponential, before jitter */
  maxMs: number;
  /**
   * Where in [delay·from, delay·to] the jittered delay falls, uniformly. Default [0.5, 1]: the upper half, so many
   * senders that failed together do not all come back in the same second.
   */
  jitter?: readonly [from: number, to: number];
}

const UPPER_HALF = [0.5, 1] as const;

/**
 * The one back-off: base·2^(attempt−1) capped at maxMs, then jittered (see `jitter`). `floorMs` (a server's
 * Retry-After) is a floor under the result. `attempt` counts from 1.
 */
export function backoffDelay(p: BackoffPolicy, attempt: number, random: () => number = Math.random, floorMs = 0): number {
  const exp = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  const [from, to] = p.jitter ?? UPPER_HALF;
  return Math.max(Math.round(exp * from + exp * (to - from) * random()), floorMs);
}

/** The timers a loop uses (fake ones in unit tests). Handles are opaque. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform's timers. */
export const realTimers: Timers = {
  setTimeout(fn, ms) {
    return setTimeout(fn, ms);
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export interface DeliveryLoopOptions<R> {
  /** One look at what is due. Its owner's rules (order, what to skip, what each answer means) live in here. */
  pass: () => Promise<R>;
  /** After a pass, look again this long later (real time; what is due is the owner's clock's business). null: only when kicked. */
  tickMs?: number | null;
  /**
   * A pass cut short by a failure (it threw, or `failed(result)`) is followed by another after `backoff`, growing
   * with each failure in a row; the first pass that is not a failure resets it. While a back-off is waited out,
   * `kick()` does not cut it short (a struggling receiver is not hammered); `kick({ now: true })` and `runOnce` do.
   */
  retry?: { backoff: BackoffPolicy; failed: (result: R) => boolean };
  /** A pass the loop itself ran threw (a pass run by `runOnce` rejects to its caller instead). */
  onError?: (err: unknown) => void;
  /** A retry was scheduled in `delayMs`, after a pass that failed with `result` (undefined: it threw). */
  onRetry?: (delayMs: number, result: R | undefined) => void;
  timers?: Timers;
  random?: () => number;
}

/**
 * Start, kick, run once, close. Passes never overlap: a kick during a pass asks for one more after it (many kicks,
 * one pass), dropped if the pass in flight failed (its retry comes after the back-off); `runOnce` and `exclusive`
 * always queue behind the pass in flight. Delivery through it is at-least-once: a pass that fails leaves its work
 * where it was, for the next pass.
 */
export class DeliveryLoop<R> {
  private started = false;
  private closingNow = false;
  private closedNow = false;
  private timer: unknown = null;
  /** the timer is a retry after a failure (plain kicks wait for it) */
  private backingOff = false;
  private failures = 0;
  private tail: Promise<unknown> = Promise.resolve();
  /** a pass asked for by a kick that has not begun: later kicks are folded into it */
  private queued = false;
  /** ...and one of those kicks said the link came back */
  private queuedNow = false;
  private readonly timers: Timers;

  constructor(private readonly o: DeliveryLoopOptions<R>) {
    this.timers = o.timers ?? realTimers;
  }

  /** close() was called: no pass is scheduled any more (the owner's pass may stop early). */
  get closing(): boolean {
    return this.closingNow;
  }

  /** close() finished: the pass that was in flight is over or was given up on. */
  get closed(): boolean {
    return this.closedNow;
  }

  /** Begins looping: a first pass now, then at each tick (and retry). Once only; not after close. */
  start(): void {
    if (this.started || this.closingNow) return;
    this.started = true;
    this.kick();
  }

  /**
   * Something is waiting (new work): a pass now, or right after the one in flight; nothing before start or while a
   * back-off is waited out. `now`: the link came back, so the back-off is cut short.
   */
  kick(opts: { now?: boolean } = {}): void {
    if (!this.started || this.closingNow) return;
    if (this.backingOff && !opts.now) return;
    this.clearTimer();
    if (opts.now) this.queuedNow = true;
    if (this.queued) return;
    this.queued = true;
    this.enqueue(async () => {
      const now = this.queuedNow;
      this.queued = false;
      this.queuedNow = false;
      if (this.closingNow) return;
      // the pass before this one failed: its retry, after the back-off, is the next look (unless the link came back)
      if (this.backingOff && !now) return;
      await this.pass();
    }).catch((err: unknown) => this.o.onError?.(err));
  }

  /** One pass now, after the one in flight (never alongside it); resolves with its result. Tests call this. */
  runOnce(): Promise<R> {
    return this.enqueue(() => this.pass());
  }

  /** Runs `fn` (not a pass: no tick or retry follows from it) with no pass alongside, e.g. a "send now" with options. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.enqueue(fn);
  }

  /** Resolves when every pass asked for so far is over. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /**
   * Stops scheduling passes and waits for the pass in flight (and any queued behind it) to end, at most `graceMs`
   * when given. What it does not finish stays in its outbox for the next start.
   */
  async close(graceMs?: number): Promise<void> {
    this.closingNow = true;
    this.started = false;
    this.clearTimer();
    const drained = this.idle();
    if (graceMs === undefined) {
      await drained;
    } else {
      let t: unknown;
      await Promise.race([drained, new Promise<void>((r) => (t = this.timers.setTimeout(r, graceMs)))]);
      this.timers.clearTimeout(t);
    }
    this.closedNow = true;
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn);
    this.tail = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  /** Runs the owner's pass and decides, from how it ended, when the next one runs. */
  private async pass(): Promise<R> {
    let result: R;
    try {
      result = await this.o.pass();
    } catch (err) {
      this.after(true, undefined);
      throw err;
    }
    this.after(this.o.retry ? this.o.retry.failed(result) : false, result);
    return result;
  }

  private after(failed: boolean, result: R | undefined): void {
    const retry = this.o.retry;
    if (failed && retry) {
      this.failures++;
      if (!this.started) return;
      const delay = backoffDelay(retry.backoff, this.failures, this.o.random ?? Math.random);
      this.o.onRetry?.(delay, result);
      this.schedule(delay, true);
      return;
    }
    this.failures = 0;
    if (!this.started) return;
    if (this.o.tickMs == null) this.clearTimer();
    else this.schedule(this.o.tickMs, false);
  }

  private schedule(ms: number, backingOff: boolean): void {
    this.clearTimer();
    this.backingOff = backingOff;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.backingOff = false;
      this.kick();
    }, ms);
    // in Node, a loop waiting for its next pass is never the reason the process stays up (close's grace timer is)
    (this.timer as { unref?: () => void }).unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.backingOff = false;
  }
}
