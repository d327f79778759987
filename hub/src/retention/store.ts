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
 * The retention job's SQL. It is the one place outside files/ and sms/ that writes their tables, on purpose and only
 * to blank two personal columns (docs/decisions/0042-retention-blanks-personal-columns.md): the files' name and
 * phone, the SMS rows' phone. Nothing any figure counts is touched: no row is deleted, no status or time changes.
 */
export class RetentionStore {
  constructor(private readonly db: Db) {}

  /**
   * The next `limit` files closed in [from, cutoff) after the cursor, in (closed_at, id) order (index
   * files_closed_at): a keyset walk, so each batch starts where the last one stopped instead of skipping past
   * every file already done.
   */
  closedFiles(from: number, cutoff: number, after: { at: number; id: string } | null, limit: number): { id: string; closed_at: number }[] {
    return this.db
      .prepare(
        `SELECT id, closed_at FROM files
         WHERE closed_at IS NOT NULL AND closed_at >= @from AND closed_at < @cutoff
           AND (@afterAt IS NULL OR closed_at > @afterAt OR (closed_at = @afterAt AND id > @afterId))
         ORDER BY closed_at, id LIMIT @limit`,
      )
      .all({ from, cutoff, afterAt: after?.at ?? null, afterId: after?.id ?? '', limit }) as { id: string; closed_at: number }[];
  }

  /**
   * Blanks one batch: the files' name and phone, and the numbers of their SMS rows that are settled. A message
   * still queued or being sent is left to the SMS worker (it expires within its validity window); a later run takes
   * it. Returns how many rows changed. Runs inside the caller's transaction.
   */
  forget(fileIds: string[]): { files: number; sms: number } {
    const file = this.db.prepare("UPDATE files SET citizen_name = '', name_folded = '', phone = '' WHERE id = ? AND (phone <> '' OR citizen_name <> '' OR name_folded <> '')");
    const sms = this.db.prepare("UPDATE sms_messages SET to_phone = '' WHERE file_id = ? AND to_phone <> '' AND status NOT IN ('queued', 'sending')");
    let f = 0;
    let s = 0;
    for (const id of fileIds) {
      f += file.run(id).changes;
      s += sms.run(id).changes;
    }
    return { files: f, sms: s };
  }

  /**
   * SMS rows of files closed before `cutoff` still holding a number although settled: messages that were queued or
   * being sent when an earlier run passed their file. Up to `limit` per call; normally none.
   */
  forgetStragglers(cutoff: number, limit: number): number {
    return this.db
      .prepare(
        `UPDATE sms_messages SET to_phone = '' WHERE id IN (
           SELECT m.id FROM files f JOIN sms_messages m ON m.file_id = f.id
           WHERE f.closed_at IS NOT NULL AND f.closed_at < ? AND m.to_phone <> '' AND m.status NOT IN ('queued', 'sending')
           LIMIT ?)`,
      )
      .run(cutoff, limit).changes;
  }

  /** The cut-off of the last run that finished without error: files closed before it are done (SMS stragglers apart). */
  lastCutoff(): number | null {
    const r = this.db.prepare('SELECT cutoff FROM retention_runs WHERE finished_at IS NOT NULL AND error IS NULL ORDER BY id DESC LIMIT 1').get() as { cutoff: number } | undefined;
    return r?.cutoff ?? null;
  }

  startRun(at: number, days: number, cutoff: number): number {
    return Number(this.db.prepare('INSERT INTO retention_runs (started_at, days, cutoff) VALUES (?, ?, ?)').run(at, days, cutoff).lastInsertRowid);
  }

  /**
   * Comments of ratings made on local days before `beforeDay` and from `fromDay` on, after the keyset `after`
   * (partial index ratings_comments: only rated with a comment). Up to `limit`.
   */
  oldComments(fromDay: string, beforeDay: string, after: { day: string; at: number; id: string } | null, limit: number): { id: string; day: string; rated_at: number; comment: string }[] {
    return this.db
      .prepare(
        `SELECT id, day, rated_at, comment FROM ratings
         WHERE comment IS NOT NULL AND day >= ? AND day < ? AND (day, rated_at, id) > (?, ?, ?)
         ORDER BY day, rated_at, id LIMIT ?`,
      )
      .all(fromDay, beforeDay, after?.day ?? '', after?.at ?? -1, after?.id ?? '', limit) as { id: string; day: string; rated_at: number; comment: string }[];
  }

  setComment(id: string, comment: string): void {
    this.db.prepare('UPDATE ratings SET comment = ? WHERE id = ?').run(comment, id);
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

  /** How many closed files still hold personal data older than the cutoff (what the next run would do). */
  pending(cutoff: number): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM files WHERE closed_at IS NOT NULL AND closed_at < ? AND (phone <> '' OR citizen_name <> '' OR name_folded <> '')").get(cutoff) as { n: number }).n;
  }
}
