import type { Db } from '../db/open.js';

/**
 * What the retention job (retention/) asks of the files' table: which files closed long enough ago, and blanking
 * their citizen's name and phone. Nothing any figure counts is touched: no row deleted, no status or time changed.
 */
export class FilePersonalData {
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

  /** Blanks the name, phone and address of these files. Returns how many changed. Runs inside the caller's transaction. */
  forget(fileIds: string[]): number {
    const file = this.db.prepare(
      "UPDATE files SET citizen_name = '', name_folded = '', phone = '', citizen_address = NULL WHERE id = ? AND (phone <> '' OR citizen_name <> '' OR name_folded <> '' OR citizen_address IS NOT NULL)",
    );
    let n = 0;
    for (const id of fileIds) n += file.run(id).changes;
    return n;
  }

  /** How many closed files still hold personal data older than the cutoff (what the next run would do). */
  pending(cutoff: number): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM files WHERE closed_at IS NOT NULL AND closed_at < ? AND (phone <> '' OR citizen_name <> '' OR name_folded <> '')").get(cutoff) as { n: number }).n;
  }
}
