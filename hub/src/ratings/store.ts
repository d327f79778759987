import { localDay } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type Database from 'better-sqlite3';

export interface RatingRow {
  id: string;
  device_id: string;
  counter_id: string;
  source: 'button' | 'touch';
  button: number | null;
  score: number;
  scale_buttons: number;
  device_time: number;
  received_at: number;
  rated_at: number;
  day: string;
  flagged: 0 | 1;
  flag_reason: string | null;
  reasons: string | null;
  comment: string | null;
  box_serial: string | null;
  box_seq: number | null;
  /** who was credited: the staff member on duty at the counter, or who returned the linked file */
  staff_id: string | null;
  /** the file returned at this counter just before (rating invited) */
  file_id: string | null;
}

export class RatingStore {
  private readonly insertStmt: Database.Statement;
  private readonly existsStmt: Database.Statement;
  private readonly neighbourStmt: Database.Statement;

  constructor(readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO ratings (id, device_id, counter_id, source, button, score, scale_buttons, device_time, received_at, rated_at, day,
         flagged, flag_reason, reasons, comment, box_serial, box_seq, staff_id, file_id, rollup)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.existsStmt = db.prepare('SELECT id, score, flagged FROM ratings WHERE id = ?');
    // another rating of the same device made within the window, found by time through ratings_export (day, rated_at):
    // the window's one or two local days, each a range of rated_at; only the ratings of that window are read
    // (docs/decisions/0101: no index by device, whose 50 insertion points cost a page each per commit)
    this.neighbourStmt = db.prepare(
      `SELECT 1 FROM ratings INDEXED BY ratings_export
       WHERE day IN (?, ?) AND rated_at > ? AND rated_at < ? AND device_id = ? LIMIT 1`,
    );
  }

  find(id: string): { id: string; score: number; flagged: number } | undefined {
    return this.existsStmt.get(id) as { id: string; score: number; flagged: number } | undefined;
  }

  /** True when another rating of this device was made less than `withinMs` before or after `ratedAt`. */
  hasNeighbourWithin(deviceId: string, ratedAt: number, withinMs: number): boolean {
    if (!(withinMs > 0)) return false;
    const from = ratedAt - withinMs;
    const to = ratedAt + withinMs;
    return this.neighbourStmt.get(localDay(from), localDay(to), from, to, deviceId) !== undefined;
  }

  /**
   * `rolledUp`: the caller counts this rating in the statistics rollups itself (in the same transaction); the
   * insert trigger then leaves it alone (stats/migration.ts, migration 9).
   */
  insert(r: RatingRow, rolledUp = false): void {
    // positional: named parameters make better-sqlite3 build a string per parameter per call, and a spread copy
    // of the row would be one more object per rating (docs/performance.md, issue 15's third pass)
    this.insertStmt.run(
      r.id, r.device_id, r.counter_id, r.source, r.button, r.score, r.scale_buttons, r.device_time, r.received_at, r.rated_at, r.day,
      r.flagged, r.flag_reason, r.reasons, r.comment, r.box_serial, r.box_seq, r.staff_id, r.file_id, rolledUp ? 1 : null,
    );
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n;
  }
}
