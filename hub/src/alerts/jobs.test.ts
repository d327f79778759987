import { describe, expect, it } from 'vitest';
import type { LiveRating } from '@onestop/shared';
import { EventBus } from '../events.js';
import { silentLogger } from '../log.js';
import { checkCountersAfterRatings } from './jobs.js';

const rating = (counterId: string, i: number): LiveRating => ({ id: `r${i}`, counterId, deviceId: 'd', score: 5, flagged: false, source: 'button', at: i });

/** The checks run, in order, each with how many ratings of its counter had been stored when it ran. */
function setUp(gapMs: number) {
  const bus = new EventBus(silentLogger());
  const stored = new Map<string, number>();
  const checks: { counterId: string; seen: number }[] = [];
  const c = checkCountersAfterRatings(bus, { checkCounter: (counterId) => void checks.push({ counterId, seen: stored.get(counterId) ?? 0 }) }, silentLogger(), gapMs);
  const store = (counterId: string, i: number) => {
    stored.set(counterId, (stored.get(counterId) ?? 0) + 1);
    bus.emit('rating:stored', rating(counterId, i));
  };
  return { c, checks, store };
}

describe('the satisfaction check after ratings', () => {
  it('checks a lone rating at once, in the next turn of the event loop', async () => {
    const { c, checks, store } = setUp(60_000);
    store('A', 1);
    expect(checks).toEqual([]); // not inside the storing turn
    await new Promise((r) => setImmediate(r));
    expect(checks).toEqual([{ counterId: 'A', seen: 1 }]);
    await c.idle();
    c.stop();
  });

  it('a burst of 500 ratings at two counters: a check at its start, at most one per gap, the last after its last rating', async () => {
    const gapMs = 200;
    const { c, checks, store } = setUp(gapMs);
    const t0 = performance.now();
    for (let turn = 0; turn < 50; turn++) {
      for (let i = 0; i < 10; i++) store(i % 2 ? 'A' : 'B', turn * 10 + i);
      await new Promise((r) => setImmediate(r));
    }
    const burstMs = performance.now() - t0;
    await c.idle();
    for (const id of ['A', 'B']) {
      const mine = checks.filter((x) => x.counterId === id);
      expect(mine[0]!.seen, `${id}: the first check follows the first turn`).toBe(5);
      // one at the start, one per gap the burst lasted, one after its end: 50 turns would have made 50 checks
      expect(mine.length, id).toBeLessThanOrEqual(2 + Math.floor(burstMs / gapMs));
      expect(mine.at(-1)!.seen, `${id}: the last check saw every rating`).toBe(250);
    }
    c.stop();
  });

  it('stop: a waiting check is dropped, and idle() resolves', async () => {
    const { c, checks, store } = setUp(60_000);
    store('A', 1);
    await new Promise((r) => setImmediate(r));
    store('A', 2); // within the gap: waits a minute
    const idle = c.idle();
    c.stop();
    await idle;
    expect(checks).toEqual([{ counterId: 'A', seen: 1 }]);
  });
});
