import { describe, expect, it } from 'vitest';
import { backoffDelay, DeliveryLoop, type Timers } from './delivery.js';
import { NEVER_RETRY_REASONS, neverRetried, REASONS } from './protocol.js';

/** Timers that fire only when the test advances them; `pending` lists the delays waiting. */
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const waiting = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = ++seq;
      waiting.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h) {
      waiting.delete(h as number);
    },
  };
  return {
    timers,
    pending: () => [...waiting.values()].map((w) => w.at - now),
    /** moves time on by `ms`, firing what falls due in order */
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = [...waiting.entries()].filter(([, w]) => w.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        waiting.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = until;
    },
  };
}

/** A pass the test ends by hand, recording how many ran and how many ran at once. */
function controlledPass<R>() {
  const ends: ((r: R) => void)[] = [];
  const fails: ((e: Error) => void)[] = [];
  const stats = { started: 0, running: 0, mostAtOnce: 0 };
  const pass = () =>
    new Promise<R>((resolve, reject) => {
      stats.started++;
      stats.running++;
      stats.mostAtOnce = Math.max(stats.mostAtOnce, stats.running);
      ends.push((r) => {
        stats.running--;
        resolve(r);
      });
      fails.push((e) => {
        stats.running--;
        reject(e);
      });
    });
  return {
    pass,
    stats,
    end: (r: R) => ends.shift()!(r),
    fail: (e: Error) => fails.shift()!(e),
  };
}

/** Lets queued promise callbacks run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('backoffDelay', () => {
  it('doubles from base, is capped at max, and falls in the upper half by default', () => {
    const p = { baseMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(p, n, () => 1))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(p, n, () => 0))).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(p, 3, () => 0.5)).toBe(3000);
  });

  it('is the back-off the SMS worker and the upstream sender used before (base·2^(n−1), upper half)', () => {
    const p = { baseMs: 30_000, maxMs: 3_600_000 };
    for (const n of [1, 2, 5, 8, 40]) {
      for (const r of [0, 0.123456789, 0.5, 0.999999]) {
        const exp = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, Math.min(30, n - 1)));
        expect(backoffDelay(p, n, () => r)).toBe(Math.round(exp / 2 + r * (exp / 2)));
      }
    }
  });

  it('takes a jitter range, and a floor such as a Retry-After', () => {
    const p = { baseMs: 500, maxMs: 30_000, jitter: [0.75, 1.25] as const };
    expect(backoffDelay(p, 1, () => 0)).toBe(375);
    expect(backoffDelay(p, 1, () => 1)).toBe(625);
    expect(backoffDelay(p, 20, () => 1)).toBe(37_500);
    expect(backoffDelay({ baseMs: 3000, maxMs: 3000, jitter: [1, 1] }, 9, () => 0.7)).toBe(3000);
    expect(backoffDelay({ baseMs: 1000, maxMs: 10_000 }, 1, () => 1, 60_000)).toBe(60_000);
    expect(backoffDelay({ baseMs: 1000, maxMs: 10_000 }, 1, () => 1, 10)).toBe(1000);
  });
});

describe('DeliveryLoop', () => {
  it('runs one pass at a time: runOnce during a pass waits for it', async () => {
    const c = controlledPass<string>();
    const loop = new DeliveryLoop({ pass: c.pass, timers: fakeTimers().timers });
    const first = loop.runOnce();
    const second = loop.runOnce();
    await settle();
    expect(c.stats.started).toBe(1);
    c.end('a');
    expect(await first).toBe('a');
    await settle();
    expect(c.stats.started).toBe(2);
    c.end('b');
    expect(await second).toBe('b');
    expect(c.stats.mostAtOnce).toBe(1);
  });

  it('does nothing on a kick before start; start runs a pass, then one every tick', async () => {
    const t = fakeTimers();
    let passes = 0;
    const loop = new DeliveryLoop({ pass: async () => void passes++, tickMs: 5000, timers: t.timers });
    loop.kick();
    await settle();
    expect(passes).toBe(0);
    loop.start();
    await settle();
    expect(passes).toBe(1);
    expect(t.pending()).toEqual([5000]);
    t.advance(4999);
    await settle();
    expect(passes).toBe(1);
    t.advance(1);
    await settle();
    expect(passes).toBe(2);
    await loop.close();
    expect(t.pending()).toEqual([]);
  });

  it('folds many kicks during a pass into one more pass', async () => {
    const c = controlledPass<void>();
    const loop = new DeliveryLoop({ pass: c.pass, timers: fakeTimers().timers });
    loop.start();
    await settle();
    for (let i = 0; i < 5; i++) loop.kick();
    c.end();
    await settle();
    expect(c.stats.started).toBe(2);
    c.end();
    await loop.idle();
    expect(c.stats.started).toBe(2);
    expect(c.stats.mostAtOnce).toBe(1);
  });

  it('retries a failed pass after a growing back-off that a success resets', async () => {
    const t = fakeTimers();
    const c = controlledPass<'ok' | 'failed'>();
    const retried: number[] = [];
    const loop = new DeliveryLoop({
      pass: c.pass,
      retry: { backoff: { baseMs: 1000, maxMs: 4000 }, failed: (r) => r === 'failed' },
      onRetry: (ms) => retried.push(ms),
      timers: t.timers,
      random: () => 1,
    });
    loop.start();
    for (const expected of [1000, 2000, 4000, 4000]) {
      await settle();
      c.end('failed');
      await settle();
      expect(t.pending()).toEqual([expected]);
      t.advance(expected);
    }
    await settle();
    c.end('ok');
    await settle();
    expect(t.pending()).toEqual([]);
    loop.kick();
    await settle();
    c.end('failed');
    await settle();
    expect(t.pending()).toEqual([1000]);
    expect(retried).toEqual([1000, 2000, 4000, 4000, 1000]);
    expect(c.stats.started).toBe(6);
  });

  it('lets a back-off be waited out by kicks, cut short by kick({ now }) and by runOnce', async () => {
    const t = fakeTimers();
    let answer: 'ok' | 'failed' = 'failed';
    let passes = 0;
    const loop = new DeliveryLoop({
      pass: async () => {
        passes++;
        return answer;
      },
      retry: { backoff: { baseMs: 60_000, maxMs: 60_000 }, failed: (r) => r === 'failed' },
      timers: t.timers,
      random: () => 1,
    });
    loop.start();
    await loop.idle();
    expect(passes).toBe(1);
    loop.kick();
    await loop.idle();
    expect(passes).toBe(1);
    loop.kick({ now: true });
    await loop.idle();
    expect(passes).toBe(2);
    expect(await loop.runOnce()).toBe('failed');
    expect(passes).toBe(3);
    answer = 'ok';
    t.advance(60_000);
    await loop.idle();
    expect(passes).toBe(4);
    expect(t.pending()).toEqual([]);
  });

  it('drops the pass a kick asked for when the pass in flight failed (the retry comes after the back-off)', async () => {
    const t = fakeTimers();
    const c = controlledPass<'ok' | 'failed'>();
    const loop = new DeliveryLoop({ pass: c.pass, retry: { backoff: { baseMs: 1000, maxMs: 1000 }, failed: (r) => r === 'failed' }, timers: t.timers });
    loop.start();
    await settle();
    loop.kick();
    c.end('failed');
    await loop.idle();
    expect(c.stats.started).toBe(1);
    expect(t.pending()).toHaveLength(1);
  });

  it('keeps the pass asked for by kick({ now }) during a pass even when that pass fails', async () => {
    const t = fakeTimers();
    const c = controlledPass<'ok' | 'failed'>();
    const loop = new DeliveryLoop({ pass: c.pass, retry: { backoff: { baseMs: 1000, maxMs: 1000 }, failed: (r) => r === 'failed' }, timers: t.timers });
    loop.start();
    await settle();
    loop.kick({ now: true });
    c.end('failed');
    await settle();
    expect(c.stats.started).toBe(2);
    c.end('ok');
    await loop.idle();
    expect(t.pending()).toEqual([]);
  });

  it('reports a pass that threw and retries it; runOnce rejects to its caller', async () => {
    const t = fakeTimers();
    const c = controlledPass<'ok'>();
    const errors: unknown[] = [];
    const loop = new DeliveryLoop({ pass: c.pass, retry: { backoff: { baseMs: 100, maxMs: 100 }, failed: () => false }, onError: (e) => errors.push(e), timers: t.timers, random: () => 1 });
    loop.start();
    await settle();
    c.fail(new Error('disk full'));
    await settle();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full']);
    expect(t.pending()).toEqual([100]);
    const explicit = loop.runOnce();
    await settle();
    c.fail(new Error('still full'));
    await expect(explicit).rejects.toThrow('still full');
    expect(errors).toHaveLength(1);
  });

  it('close waits for the pass in flight and schedules nothing after it', async () => {
    const t = fakeTimers();
    const c = controlledPass<void>();
    const loop = new DeliveryLoop({ pass: c.pass, tickMs: 1000, timers: t.timers });
    loop.start();
    await settle();
    let closed = false;
    const closing = loop.close().then(() => (closed = true));
    expect(loop.closing).toBe(true);
    await settle();
    expect(closed).toBe(false);
    c.end();
    await closing;
    expect(loop.closed).toBe(true);
    expect(t.pending()).toEqual([]);
    loop.kick();
    loop.start();
    await settle();
    expect(c.stats.started).toBe(1);
  });

  it('close with a grace gives up on a pass that does not end in time', async () => {
    const t = fakeTimers();
    const c = controlledPass<void>();
    const loop = new DeliveryLoop({ pass: c.pass, timers: t.timers });
    void loop.runOnce();
    await settle();
    const closing = loop.close(3000);
    await settle();
    expect(loop.closed).toBe(false);
    t.advance(3000);
    await closing;
    expect(loop.closed).toBe(true);
    expect(c.stats.running).toBe(1);
  });
});

describe('NEVER_RETRY_REASONS', () => {
  it('are reason codes, the ones that say the event itself is wrong', () => {
    for (const r of NEVER_RETRY_REASONS) expect(REASONS).toContain(r);
    expect([...NEVER_RETRY_REASONS].sort()).toEqual(['button-out-of-range', 'invalid-payload', 'not-allowed-for-kind', 'score-not-on-scale']);
    expect(neverRetried('score-not-on-scale')).toBe(true);
    for (const r of ['storage-failed', 'shutting-down', 'rate-limited', 'internal-error', 'some-future-code']) expect(neverRetried(r)).toBe(false);
  });
});
