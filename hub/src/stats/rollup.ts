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
    const keys = new Map<string, { k: [string, string, string, number, number]; n: number }>();
    const hours = new Map<string, { k: [string, number, number, number]; n: number }>();
    const bump = (dim: string, r: RolledRating, key: string) => {
      const id = `${dim}\u0000${r.day}\u0000${key}\u0000${r.flagged}\u0000${r.score}`;
      const e = keys.get(id);
      if (e) e.n++;
      else keys.set(id, { k: [dim, r.day, key, r.flagged, r.score], n: 1 });
    };
    for (const r of rows) {
      bump('counter', r, r.counter_id);
      bump('staff', r, r.staff_id ?? '');
      bump('source', r, r.source);
      bump('procedure', r, r.file_id === null ? '' : ((this.procStmt.get(r.file_id) as string | undefined) ?? ''));
      const hour = Math.floor((r.rated_at + HOUR_OFFSET_MS) / 3_600_000) % 24;
      const id = `${r.day}\u0000${hour}\u0000${r.flagged}\u0000${r.score}`;
      const e = hours.get(id);
      if (e) e.n++;
      else hours.set(id, { k: [r.day, hour, r.flagged, r.score], n: 1 });
    }
    for (const { k, n } of keys.values()) this.keyStmt.run(...k, n);
    for (const { k, n } of hours.values()) this.hourStmt.run(...k, n);
  }
}
