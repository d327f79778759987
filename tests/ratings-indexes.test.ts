import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../hub/src/db/open.js';
import { RatingStore } from '../hub/src/ratings/store.js';

/**
 * A rating writes the table and the indexes below, and no other (docs/decisions/0101-ratings-fewer-bytes.md): each one
 * serves a query, named here with the plan SQLite makes for it. A new index on ratings costs bytes on every rating
 * and must be added here with its query.
 */
const USED_BY: Record<string, string[]> = {
  ratings_export: [
    'SELECT COUNT(*) FROM ratings r WHERE r.day BETWEEN ? AND ?',
    'SELECT 1 FROM ratings INDEXED BY ratings_export WHERE day IN (?, ?) AND rated_at > ? AND rated_at < ? AND device_id = ? LIMIT 1',
    'SELECT counter_id, score, flagged, COUNT(*) AS n, MAX(rated_at) AS last FROM ratings WHERE day = ? GROUP BY counter_id, score, flagged',
    'SELECT MIN(day) AS v FROM ratings',
  ],
  ratings_counter_recent: ['SELECT COUNT(*) AS total, COALESCE(SUM(score >= 4), 0) AS satisfied FROM (SELECT score FROM ratings WHERE counter_id = ? AND flagged = 0 ORDER BY rated_at DESC LIMIT ?)'],
  ratings_comments: ['SELECT COUNT(*) AS n FROM ratings WHERE day BETWEEN ? AND ? AND comment IS NOT NULL'],
  ratings_reasons: ['SELECT j.value, COUNT(*) FROM ratings r, json_each(r.reasons) j WHERE r.day = ? AND r.flagged = 0 AND r.reasons IS NOT NULL GROUP BY j.value'],
};

let dir: string;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(): Db {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratings-indexes-'));
  return (db = openDb(path.join(dir, 'hub.sqlite')));
}

const plan = (sql: string) =>
  (db!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>((sql.match(/\?/g) ?? []).length).fill(null)) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('the indexes a rating writes', () => {
  it('are exactly those a query uses, and each query plans on its index', () => {
    open();
    const names = (db!.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ratings' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(Object.keys(USED_BY).sort());
    for (const [index, queries] of Object.entries(USED_BY)) for (const q of queries) expect(plan(q), q).toContain(index);
  });

  it('a device has a neighbour within the interval on either side, across midnight too, and never at interval 0', () => {
    open();
    db!.exec(`INSERT INTO counters (id, name, buttons, created_at) VALUES ('q-1', 'Quầy 1', 4, 0)`);
    for (const id of ['d-1', 'd-2']) {
      db!.prepare(`INSERT INTO devices (id, counter_id, kind, token_hash, buttons, button_map, min_interval_s, created_at) VALUES (?, 'q-1', 'agent', ?, 4, '[5,4,2,1]', 3, 0)`).run(id, `h-${id}`);
    }
    const store = new RatingStore(db!);
    // 23:59:59.000 local time (UTC+7) on 2026-11-23
    const t = Date.UTC(2026, 10, 23, 16, 59, 59);
    const rating = (id: string, device: string, at: number, day: string) =>
      store.insert({ id, device_id: device, counter_id: 'q-1', source: 'button', button: 1, score: 5, scale_buttons: 4, device_time: at, received_at: at, rated_at: at, day, flagged: 0, flag_reason: null, reasons: null, comment: null, box_serial: null, box_seq: null, staff_id: null, file_id: null });
    rating('r-1', 'd-1', t, '2026-11-23');
    rating('r-2', 'd-2', t + 10_000, '2026-11-24');

    expect(store.hasNeighbourWithin('d-1', t + 2_999, 3000)).toBe(true); // after, across midnight
    expect(store.hasNeighbourWithin('d-1', t - 2_999, 3000)).toBe(true); // before
    expect(store.hasNeighbourWithin('d-1', t + 3_000, 3000)).toBe(false); // exactly the interval: not too close
    expect(store.hasNeighbourWithin('d-1', t - 3_000, 3000)).toBe(false);
    expect(store.hasNeighbourWithin('d-1', t + 10_000, 3000)).toBe(false); // d-2's rating is not d-1's neighbour
    expect(store.hasNeighbourWithin('d-2', t + 10_000 - 2_000, 3000)).toBe(true); // before, across midnight the other way
    expect(store.hasNeighbourWithin('d-1', t, 0)).toBe(false);
  });
});
