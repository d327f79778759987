import type Database from 'better-sqlite3';
import type { Db } from '../db/open.js';
import { statementCache } from '../db/statements.js';

export interface AlertRow {
  id: number;
  kind: string;
  key: string;
  detail: string;
  /** JSON of the alert's AlertParams (migration 11); null for alerts raised before */
  params: string | null;
  raised_at: number;
  cleared_at: number | null;
  sms_id: string | null;
}

/** SQL of the alerts table (migrations 7 and 11). */
export class AlertStore {
  /** statements prepared once: checkCounter runs after ratings, up to once a second per counter */
  private readonly stmt: (sql: string) => Database.Statement<unknown[]>;

  constructor(private readonly db: Db) {
    this.stmt = statementCache(db);
  }

  open(kind: string, key: string): AlertRow | undefined {
    return this.stmt('SELECT * FROM alerts WHERE kind = ? AND key = ? AND cleared_at IS NULL').get(kind, key) as AlertRow | undefined;
  }

  openOfKind(kind: string): AlertRow[] {
    return this.stmt('SELECT * FROM alerts WHERE kind = ? AND cleared_at IS NULL').all(kind) as AlertRow[];
  }

  insert(kind: string, key: string, detail: string, params: string, at: number): number {
    return Number(this.stmt('INSERT INTO alerts (kind, key, detail, params, raised_at) VALUES (?, ?, ?, ?, ?)').run(kind, key, detail, params, at).lastInsertRowid);
  }

  setSms(id: number, smsId: string): void {
    this.stmt('UPDATE alerts SET sms_id = ? WHERE id = ?').run(smsId, id);
  }

  clear(kind: string, key: string, at: number): boolean {
    return this.stmt('UPDATE alerts SET cleared_at = ? WHERE kind = ? AND key = ? AND cleared_at IS NULL').run(at, kind, key).changes > 0;
  }

  list(limit: number): AlertRow[] {
    return this.stmt('SELECT * FROM alerts ORDER BY cleared_at IS NOT NULL, id DESC LIMIT ?').all(limit) as AlertRow[];
  }

  openCount(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM alerts WHERE cleared_at IS NULL').get() as { n: number }).n;
  }

  /**
   * How many of a counter's latest `n` unflagged ratings there are, and how many of them are satisfied (4 or 5): one
   * row, not `n`, since it runs for every counter rated in a burst (index ratings_counter_recent).
   */
  lastSatisfied(counterId: string, n: number): { total: number; satisfied: number } {
    return this.stmt(
      'SELECT COUNT(*) AS total, COALESCE(SUM(score >= 4), 0) AS satisfied FROM (SELECT score FROM ratings WHERE counter_id = ? AND flagged = 0 ORDER BY rated_at DESC LIMIT ?)',
    ).get(counterId, n) as { total: number; satisfied: number };
  }
}
