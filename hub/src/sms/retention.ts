import type { Db } from '../db/open.js';

/** What the retention job (retention/) asks of the SMS outbox: blanking the numbers of settled messages of old files. */
export class SmsPersonalData {
  constructor(private readonly db: Db) {}

  /**
   * Blanks the numbers of these files' SMS rows that are settled. A message still queued or being sent is left to
   * the SMS worker (it expires within its validity window); a later run takes it. Runs inside the caller's transaction.
   */
  forgetOfFiles(fileIds: string[]): number {
    const sms = this.db.prepare("UPDATE sms_messages SET to_phone = '', vars = NULL WHERE file_id = ? AND to_phone <> '' AND status NOT IN ('queued', 'sending')");
    let n = 0;
    for (const id of fileIds) n += sms.run(id).changes;
    return n;
  }

  /**
   * SMS rows of files closed before `cutoff` still holding a number although settled: messages that were queued or
   * being sent when an earlier run passed their file. Up to `limit` per call; normally none.
   */
  forgetStragglers(cutoff: number, limit: number): number {
    return this.db
      .prepare(
        `UPDATE sms_messages SET to_phone = '', vars = NULL WHERE id IN (
           SELECT m.id FROM files f JOIN sms_messages m ON m.file_id = f.id
           WHERE f.closed_at IS NOT NULL AND f.closed_at < ? AND m.to_phone <> '' AND m.status NOT IN ('queued', 'sending')
           LIMIT ?)`,
      )
      .run(cutoff, limit).changes;
  }

}
