import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { connected, deviceSocket, pairDevice } from '../kit/index.js';
import { catalogue, staffClient, testHub, type TestHub } from '../files/testHub.js';
import { localDay } from '@onestop/shared';
import { RatingStore, type RatingRow } from '../../hub/src/ratings/store.js';
import { RatingRollup } from '../../hub/src/stats/rollup.js';

/**
 * The hub's group commit counts its ratings into the statistics rollups itself, once per batch and key
 * (hub/src/stats/rollup.ts); every other writer relies on the insert trigger. Both must give exactly what a plain
 * recount of the ratings table gives.
 */
let h: TestHub;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await h?.close();
});

async function device(counterId: string, kind: 'agent' | 'kiosk') {
  const dev = await pairDevice(h, counterId, kind);
  const s = deviceSocket(h.url, dev.token);
  sockets.push(s);
  await connected(s);
  return s;
}

const submit = (s: Socket, e: Record<string, unknown>) => s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(h.clock.now()), deviceTime: h.clock.now(), ...e }) as Promise<Ack<RatingAckData>>;

type Cell = { dim: string; day: string; key: string; flagged: number; score: number; n: number };
const rollupKeys = () => h.db.prepare('SELECT dim, day, key, flagged, score, n FROM stats_rating_keys WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5').all() as Cell[];
const recountKeys = () =>
  h.db
    .prepare(
      `SELECT dim, day, key, flagged, score, COUNT(*) AS n FROM (
         SELECT 'counter' AS dim, day, counter_id AS key, flagged, score FROM ratings
         UNION ALL SELECT 'staff', day, COALESCE(staff_id, ''), flagged, score FROM ratings
         UNION ALL SELECT 'source', day, source, flagged, score FROM ratings
         UNION ALL SELECT 'procedure', r.day, COALESCE(f.procedure_code, ''), r.flagged, r.score FROM ratings r LEFT JOIN files f ON f.id = r.file_id
       ) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all() as Cell[];
const rollupHours = () => h.db.prepare('SELECT day, hour, flagged, score, n FROM stats_rating_hours WHERE n <> 0 ORDER BY 1, 2, 3, 4').all();
const recountHours = () =>
  h.db.prepare('SELECT day, ((rated_at + 25200000) / 3600000) % 24 AS hour, flagged, score, COUNT(*) AS n FROM ratings GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4').all();

describe('rating rollups counted by the group commit', () => {
  it('batches of ratings from boxes and kiosks, flagged, credited to staff and to a file, agree with a recount; other writers go through the trigger', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const strict = h.hub.services.counters.create({ name: 'Quầy 2', buttons: 5, minIntervalS: 30 });
    const kiosk = await device(counter.id, 'kiosk');
    const box = await device(strict.id, 'agent');
    const { client } = await staffClient(h, counter.id);

    // a burst from both devices in the same event-loop turns: one or a few group commits with repeated keys
    const burst = async (n: number) => {
      const acks = await Promise.all(
        Array.from({ length: n }, (_, i) => (i % 2 ? submit(kiosk, { source: 'touch', score: 2 + (i % 4) }) : submit(box, { source: 'button', button: 1 + (i % 5) }))),
      );
      expect(acks.filter((a) => !a.ok)).toEqual([]);
    };
    await burst(40); // the box's presses closer than 30 s apart are stored flagged
    h.clock.advance(3 * 3_600_000); // another hour of the day
    await burst(25);
    // a file returned at the counter: the next kiosk rating is the file's (procedure HT-KS) and the staff member's
    await client.post('/api/staff/files', { code: 'RB-1', procedureCode: 'HT-KS', citizenName: 'Đinh Văn Hải', phone: '0912345678' });
    await client.post('/api/staff/files/RB-1/status', { status: 'ready' });
    await client.post('/api/staff/files/RB-1/status', { status: 'returned' });
    h.clock.advance(10_000);
    expect((await submit(kiosk, { source: 'touch', score: 5 })).ok).toBe(true);
    h.clock.advance(24 * 3_600_000); // the next day
    await burst(10);

    const rows = h.db.prepare('SELECT COUNT(*) AS n, SUM(rollup = 1) AS batched, SUM(flagged) AS flagged, COUNT(file_id) AS withFile, COUNT(staff_id) AS withStaff FROM ratings').get() as Record<string, number>;
    expect(rows).toMatchObject({ n: 76, batched: 76, withFile: 1 });
    expect(rows.flagged).toBeGreaterThan(0);
    expect(rows.withStaff).toBeGreaterThan(0);
    expect(rollupKeys()).toEqual(recountKeys());
    expect(rollupHours()).toEqual(recountHours());
    expect(rollupKeys().some((c) => c.dim === 'procedure' && c.key === 'HT-KS')).toBe(true);

    // another writer (an import, a tool): no rollup flag, so the trigger counts it
    h.db
      .prepare(
        `INSERT INTO ratings (id, device_id, counter_id, source, button, score, scale_buttons, device_time, received_at, rated_at, day, flagged)
         SELECT ?, id, counter_id, 'button', 2, 4, 5, ?, ?, ?, '2026-11-23', 0 FROM devices WHERE kind = 'agent'`,
      )
      .run(uuidv7(h.clock.now()), h.clock.now(), h.clock.now(), h.clock.now());
    // a correction and a deletion go through the update and delete triggers
    h.db.prepare("UPDATE ratings SET score = 1 WHERE id = (SELECT id FROM ratings WHERE rollup = 1 AND flagged = 0 ORDER BY id LIMIT 1)").run();
    h.db.prepare('DELETE FROM ratings WHERE id = (SELECT id FROM ratings WHERE rollup = 1 ORDER BY id DESC LIMIT 1)').run();
    expect(rollupKeys()).toEqual(recountKeys());
    expect(rollupHours()).toEqual(recountHours());
  });

  it('a batch with more keys than its short list holds (an outbox emptied after days away) agrees with a recount', async () => {
    h = await testHub();
    const counter = h.hub.services.counters.create({ name: 'Quầy 3', buttons: 5, minIntervalS: 0 });
    const dev = await pairDevice(h, counter.id, 'agent');
    const store = new RatingStore(h.db);
    const rollup = new RatingRollup(h.db);
    const sources = ['button', 'touch'] as const;
    const batch = (n: number, seed: number): RatingRow[] =>
      Array.from({ length: n }, (_, i) => {
        // spread over 12 days and every hour, both sources, every score, some flagged: hundreds of distinct keys
        const at = h.clock.now() - ((i * 3_607_000 + seed * 1_000) % (12 * 86_400_000));
        return {
          id: uuidv7(at),
          device_id: dev.deviceId,
          counter_id: counter.id,
          source: sources[i % 2]!,
          button: null,
          score: 1 + ((i + seed) % 5),
          scale_buttons: 5,
          device_time: at,
          received_at: h.clock.now(),
          rated_at: at,
          day: localDay(at),
          flagged: i % 7 === 0 ? 1 : 0,
          flag_reason: i % 7 === 0 ? 'min-interval' : null,
          reasons: null,
          comment: null,
          box_serial: null,
          box_seq: null,
          staff_id: null,
          file_id: null,
        };
      });
    // two batches through the same rollup: the second reuses the list the first left behind
    for (const [n, seed] of [
      [400, 1],
      [3, 2],
      [250, 3],
    ] as const) {
      const rows = batch(n, seed);
      h.db.transaction(() => {
        for (const r of rows) store.insert(r, true);
        rollup.add(rows);
      })();
    }
    expect(new Set(recountKeys().map((c) => `${c.day}`)).size).toBeGreaterThan(10);
    expect(recountKeys().length + recountHours().length).toBeGreaterThan(200);
    expect(rollupKeys()).toEqual(recountKeys());
    expect(rollupHours()).toEqual(recountHours());
  });
});
