import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { periodStats, uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { connected, deviceSocket, pairDevice, TestClock } from '../kit/index.js';
import { adminClient, testHub, type TestHub } from '../files/testHub.js';

/**
 * A day's trend is hourly (issue 14 §4): GET /api/admin/stats for one day answers 24 points by local hour
 * (Asia/Ho_Chi_Minh, UTC+7), from the hourly rollup, over the hub's real SQLite file and ratings sent by a kiosk.
 */
let h: TestHub;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await h?.close();
});

const at = (iso: string) => Date.parse(iso);

describe('a day\'s statistics by hour', () => {
  it('ratings made at known instants land in their local hour: 01:30 UTC is 08h, 23:30 UTC the evening before is 06h', async () => {
    h = await testHub({ clock: new TestClock(at('2026-11-22T23:30:00Z')) });
    const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 5, minIntervalS: 0 });
    const dev = await pairDevice(h, counter.id, 'kiosk');
    const kiosk = deviceSocket(h.url, dev.token);
    sockets.push(kiosk);
    await connected(kiosk);
    const rate = async (iso: string, ...scores: number[]) => {
      h.clock.t = at(iso);
      for (const score of scores) {
        const ack = (await kiosk.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(h.clock.now()), deviceTime: h.clock.now(), source: 'touch', score })) as Ack<RatingAckData>;
        expect(ack.ok, JSON.stringify(ack)).toBe(true);
        h.clock.advance(1000);
      }
    };
    await rate('2026-11-22T23:30:00Z', 4); // 06:30 on the 23rd, local
    await rate('2026-11-23T01:30:00Z', 5, 5, 4); // 08:30
    await rate('2026-11-23T02:10:00Z', 5, 2); // 09:10
    await rate('2026-11-23T09:45:00Z', 1); // 16:45
    await rate('2026-11-23T16:59:00Z', 3); // 23:59
    await rate('2026-11-23T17:00:00Z', 5); // 00:00 on the 24th: not the 23rd's

    const admin = await adminClient(h);
    const res = await admin.get('/api/admin/stats?kind=day&date=2026-11-23');
    expect(res.status).toBe(200);
    const s = periodStats.parse(res.body.data); // the one schema of this answer (shared/src/stats.ts)
    expect(s.hourly).toHaveLength(24);
    expect(s.hourly!.map((p) => p.hour)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const totals = Object.fromEntries(s.hourly!.filter((p) => p.ratings.total).map((p) => [p.hour, p.ratings.total]));
    expect(totals).toEqual({ 6: 1, 8: 3, 9: 2, 16: 1, 23: 1 });
    expect(s.hourly![8]!.ratings).toMatchObject({ satisfactionRate: 1, byScore: { '5': 2, '4': 1 } });
    expect(s.hourly![9]!.ratings).toMatchObject({ satisfactionRate: 0.5, meanScore: 3.5 });
    expect(s.hourly![16]!.ratings.satisfactionRate).toBe(0);
    expect(s.hourly![7]!.ratings).toMatchObject({ total: 0, satisfactionRate: null });
    // the hours add up to the day
    expect(s.hourly!.reduce((n, p) => n + p.ratings.total, 0)).toBe(s.ratings.total);
    expect(s.ratings.total).toBe(8);

    const next = periodStats.parse((await admin.get('/api/admin/stats?kind=day&date=2026-11-24')).body.data);
    expect(next.hourly![0]!.ratings.total).toBe(1);
    // a longer period keeps its trend by day, and has no hourly series
    const week = periodStats.parse((await admin.get('/api/admin/stats?kind=week&date=2026-11-23')).body.data);
    expect(week.hourly).toBeNull();
    expect(week.trend.find((d) => d.day === '2026-11-23')!.ratings.total).toBe(8);
  });
});
