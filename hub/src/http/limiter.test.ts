import { describe, expect, it } from 'vitest';
import { BackoffLimiter, KeyedLanes } from './limiter.js';

const clockAt = (t = 1_000_000) => {
  const c = { t, now: () => c.t };
  return c;
};

describe('BackoffLimiter', () => {
  it('lets `free` attempts through, then doubles the wait from the last one up to the cap; a refused attempt counts nothing', () => {
    const clock = clockAt();
    const l = new BackoffLimiter(clock, { free: 2, baseDelayMs: 1000, maxDelayMs: 3000, forgetAfterMs: 60_000 });
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([0, 0, 1000]);
    expect(l.peek('a')).toEqual({ count: 2, since: clock.t });
    clock.t += 1000;
    expect([l.take('a'), l.take('a')]).toEqual([0, 2000]);
    clock.t += 2000;
    expect([l.take('a'), l.take('a')]).toEqual([0, 3000]); // 4000 capped at 3000
    expect(l.take('b')).toBe(0); // keys are apart
  });

  it('hands back a refunded attempt, clears a reset key, and forgets a key after a quiet spell', () => {
    const clock = clockAt();
    const l = new BackoffLimiter(clock, { free: 1, baseDelayMs: 1000, maxDelayMs: 1000, forgetAfterMs: 60_000 });
    expect(l.take('a')).toBe(0);
    l.refund('a');
    expect(l.take('a')).toBe(0);
    expect(l.take('a')).toBe(1000);
    l.reset('a');
    expect(l.take('a')).toBe(0);
    clock.t += 60_000;
    expect(l.peek('a')).toBeNull();
    expect(l.take('a')).toBe(0);
  });
});

describe('KeyedLanes', () => {
  it('runs one task per key at a time, in order, and never makes one key wait for another', async () => {
    const lanes = new KeyedLanes(1);
    const log: string[] = [];
    const gates: Record<string, () => void> = {};
    const task = (name: string) => () => {
      log.push(`start ${name}`);
      return new Promise<string>((resolve) => (gates[name] = () => resolve(name)));
    };
    const a1 = lanes.run('A', task('a1'));
    const a2 = lanes.run('A', task('a2'));
    const b1 = lanes.run('B', task('b1'));
    await Promise.resolve();
    expect(log).toEqual(['start a1', 'start b1']);
    gates.b1!();
    expect(await b1).toBe('b1');
    expect(log).toEqual(['start a1', 'start b1']);
    gates.a1!();
    expect(await a1).toBe('a1');
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a1', 'start b1', 'start a2']);
    gates.a2!();
    expect(await a2).toBe('a2');
  });

  it('passes the turn on when a task fails', async () => {
    const lanes = new KeyedLanes(1);
    const failed = lanes.run('A', () => Promise.reject(new Error('boom')));
    const next = lanes.run('A', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });
});
