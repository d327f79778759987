import type Database from 'better-sqlite3';
import type { Db } from '../db/open.js';

/** What the rollups need of a rating just inserted (a subset of the ratings row). */
export interface RolledRating {
  day: string;
  counter_id: string;
  staff_id: string | null;
  source: string;
  file_id: string | null;
  flagged: number;
  score: number;
  rated_at: number;
}

const HOUR_OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh, UTC+7 all year
/** scores are 1..5: a (flagged, score) pair is the cell flagged * SCORES + score of a row of CELLS counts */
const SCORES = 6;
const CELLS = 2 * SCORES;

/**
 * Counts a batch of new ratings into stats_rating_keys and stats_rating_hours with one upsert per distinct key,
 * inside the caller's transaction. It must produce exactly what the insert trigger of migration 5 would (the tests
 * compare both against a recount). Ratings counted here are inserted with `rollup = 1`, which the trigger skips.
 */
export class RatingRollup {
  private readonly keyStmt: Database.Statement;
  private readonly hourStmt: Database.Statement;
  private readonly procStmt: Database.Statement;

  constructor(db: Db) {
    this.keyStmt = db.prepare(
      `INSERT INTO stats_rating_keys (dim, day, key, flagged, score, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (dim, day, key, flagged, score) DO UPDATE SET n = n + excluded.n`,
    );
    this.hourStmt = db.prepare(
      `INSERT INTO stats_rating_hours (day, hour, flagged, score, n) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (day, hour, flagged, score) DO UPDATE SET n = n + excluded.n`,
    );
    this.procStmt = db.prepare('SELECT procedure_code AS p FROM files WHERE id = ?').pluck();
  }

  add(rows: readonly RolledRating[]): void {
    if (rows.length === 0) return;
    // counts by day, then dimension and key, then (flagged, score) as one small number: a batch's ratings mostly
    // share their keys, so this builds no string and no array per rating (docs/performance.md, issue 15's third pass)
    const keys = new Map<string, Map<string, Map<string, number[]>>>();
    const hours = new Map<string, number[]>();
    const bump = (byDim: Map<string, Map<string, number[]>>, dim: string, key: string, cell: number) => {
      let byKey = byDim.get(dim);
      if (!byKey) byDim.set(dim, (byKey = new Map()));
      let counts = byKey.get(key);
      if (!counts) byKey.set(key, (counts = new Array<number>(CELLS).fill(0)));
      counts[cell]!++;
    };
    for (const r of rows) {
      const cell = r.flagged * SCORES + r.score;
      let byDim = keys.get(r.day);
      if (!byDim) keys.set(r.day, (byDim = new Map()));
      bump(byDim, 'counter', r.counter_id, cell);
      bump(byDim, 'staff', r.staff_id ?? '', cell);
      bump(byDim, 'source', r.source, cell);
      bump(byDim, 'procedure', r.file_id === null ? '' : ((this.procStmt.get(r.file_id) as string | undefined) ?? ''), cell);
      const hour = Math.floor((r.rated_at + HOUR_OFFSET_MS) / 3_600_000) % 24;
      let byHour = hours.get(r.day);
      if (!byHour) hours.set(r.day, (byHour = new Array<number>(24 * CELLS).fill(0)));
      byHour[hour * CELLS + cell]!++;
    }
    for (const [day, byDim] of keys)
      for (const [dim, byKey] of byDim)
        for (const [key, counts] of byKey)
          for (let cell = 0; cell < CELLS; cell++) {
            const n = counts[cell]!;
            if (n > 0) this.keyStmt.run(dim, day, key, Math.floor(cell / SCORES), cell % SCORES, n);
          }
    for (const [day, byHour] of hours)
      for (let i = 0; i < byHour.length; i++) {
        const n = byHour[i]!;
        if (n > 0) this.hourStmt.run(day, Math.floor(i / CELLS), Math.floor((i % CELLS) / SCORES), i % SCORES, n);
      }
  }
}
