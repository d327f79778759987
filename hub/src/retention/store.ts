import type { Db } from '../db/open.js';

export interface RetentionRunRow {
  id: number;
  started_at: number;
  finished_at: number | null;
  days: number;
  cutoff: number;
  files: number;
  sms_messages: number;
  comments: number;
  error: string | null;
}

/**
 * The retention job's own table (retention_runs). The personal columns it blanks belong to files/, sms/ and ratings/:
 * each owner blanks its own through its retention module (files/retention.ts, sms/retention.ts, ratings/retention.ts;
 * docs/decisions/0042-retention-blanks-personal-columns.md).
 */
export class RetentionStore {
  constructor(private readonly db: Db) {}

  /** The cut-off of the last run that finished without error: files closed before it are done (SMS stragglers apart). */
  lastCutoff(): number | null {
    const r = this.db.prepare('SELECT cutoff FROM retention_runs WHERE finished_at IS NOT NULL AND error IS NULL ORDER BY id DESC LIMIT 1').get() as { cutoff: number } | undefined;
    return r?.cutoff ?? null;
  }

  startRun(at: number, days: number, cutoff: number): number {
    return Number(this.db.prepare('INSERT INTO retention_runs (started_at, days, cutoff) VALUES (?, ?, ?)').run(at, days, cutoff).lastInsertRowid);
  }

  progressComments(id: number, comments: number): void {
    this.db.prepare('UPDATE retention_runs SET comments = comments + ? WHERE id = ?').run(comments, id);
  }

  progress(id: number, files: number, sms: number): void {
    this.db.prepare('UPDATE retention_runs SET files = files + ?, sms_messages = sms_messages + ? WHERE id = ?').run(files, sms, id);
  }

  finishRun(id: number, at: number, error: string | null): void {
    this.db.prepare('UPDATE retention_runs SET finished_at = ?, error = ? WHERE id = ?').run(at, error, id);
  }

  runs(limit: number): RetentionRunRow[] {
    return this.db.prepare('SELECT * FROM retention_runs ORDER BY id DESC LIMIT ?').all(limit) as RetentionRunRow[];
  }
}
