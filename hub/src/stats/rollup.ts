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
/** the hours' table in the same list as the dimensions of stats_rating_keys (key: the hour, 0..23) */
const HOUR = '';

/** keys a batch holds before they are found through an index rather than by reading the list */
const LIST_MAX = 48;
const cellId = (c: Omit<Cell, 'n'>) => `${c.dim}\u0000${c.day}\u0000${c.key}\u0000${c.flagged}\u0000${c.score}`;

interface Cell {
  dim: string;
  day: string;
  key: string | number;
  flagged: number;
  score: number;
  n: number;
}

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

  /** the batch's distinct keys, kept from batch to batch so a batch allocates only for keys it has not met before */
  private readonly cells: Cell[] = [];
  private used = 0;
  private readonly index = new Map<string, Cell>();

  add(rows: readonly RolledRating[]): void {
    if (rows.length === 0) return;
    // a batch's ratings share most of their keys: a short list searched in place builds no string, map or array per
    // rating (docs/performance.md, issue 15's third pass)
    this.used = 0;
    this.index.clear();
    for (const r of rows) {
      this.bump('counter', r.day, r.counter_id, r.flagged, r.score);
      this.bump('staff', r.day, r.staff_id ?? '', r.flagged, r.score);
      this.bump('source', r.day, r.source, r.flagged, r.score);
      this.bump('procedure', r.day, r.file_id === null ? '' : ((this.procStmt.get(r.file_id) as string | undefined) ?? ''), r.flagged, r.score);
      this.bump(HOUR, r.day, Math.floor((r.rated_at + HOUR_OFFSET_MS) / 3_600_000) % 24, r.flagged, r.score);
    }
    for (let i = 0; i < this.used; i++) {
      const c = this.cells[i]!;
      if (c.dim === HOUR) this.hourStmt.run(c.day, c.key, c.flagged, c.score, c.n);
      else this.keyStmt.run(c.dim, c.day, c.key, c.flagged, c.score, c.n);
    }
  }

  private bump(dim: string, day: string, key: string | number, flagged: number, score: number): void {
    if (this.used < LIST_MAX) {
      for (let i = 0; i < this.used; i++) {
        const c = this.cells[i]!;
        if (c.key === key && c.score === score && c.flagged === flagged && c.dim === dim && c.day === day) {
          c.n++;
          return;
        }
      }
    } else {
      // a large backlog spread over many days and keys: find by a joined key instead of reading the whole list
      if (this.used === LIST_MAX && this.index.size === 0) for (let i = 0; i < this.used; i++) this.index.set(cellId(this.cells[i]!), this.cells[i]!);
      const found = this.index.get(cellId({ dim, day, key, flagged, score }));
      if (found) {
        found.n++;
        return;
      }
    }
    const c = this.cells[this.used];
    if (c) {
      c.dim = dim;
      c.day = day;
      c.key = key;
      c.flagged = flagged;
      c.score = score;
      c.n = 1;
    } else this.cells.push({ dim, day, key, flagged, score, n: 1 });
    if (this.used >= LIST_MAX) this.index.set(cellId(this.cells[this.used]!), this.cells[this.used]!);
    this.used++;
  }
}
