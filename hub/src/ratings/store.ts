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
       VALUES (@id, @device_id, @counter_id, @source, @button, @score, @scale_buttons, @device_time, @received_at, @rated_at, @day,
         @flagged, @flag_reason, @reasons, @comment, @box_serial, @box_seq, @staff_id, @file_id, @rollup)`,
    );
    this.existsStmt = db.prepare('SELECT id, score, flagged FROM ratings WHERE id = ?');
    // the nearest earlier and later rating of the same device, by when it was made
    this.neighbourStmt = db.prepare(
      `SELECT MAX(rated_at) AS t FROM ratings WHERE device_id = @device_id AND rated_at <= @rated_at
       UNION ALL
       SELECT MIN(rated_at) FROM ratings WHERE device_id = @device_id AND rated_at > @rated_at`,
    );
  }

  find(id: string): { id: string; score: number; flagged: number } | undefined {
    return this.existsStmt.get(id) as { id: string; score: number; flagged: number } | undefined;
  }

  /** Milliseconds to the closest other rating of this device, or Infinity. */
  gapToNeighbour(deviceId: string, ratedAt: number): number {
    const rows = this.neighbourStmt.all({ device_id: deviceId, rated_at: ratedAt }) as { t: number | null }[];
    let gap = Infinity;
    for (const r of rows) if (r.t !== null) gap = Math.min(gap, Math.abs(ratedAt - r.t));
    return gap;
  }

  /**
   * `rolledUp`: the caller counts this rating in the statistics rollups itself (in the same transaction); the
   * insert trigger then leaves it alone (stats/migration.ts, migration 9).
   */
  insert(r: RatingRow, rolledUp = false): void {
    this.insertStmt.run({ ...r, rollup: rolledUp ? 1 : null });
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n;
  }
}
