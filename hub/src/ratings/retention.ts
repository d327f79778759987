import type { Db } from '../db/open.js';

/** What the retention job (retention/) asks of the ratings: old comments, to mask phone numbers typed into them. */
export class RatingPersonalData {
  constructor(private readonly db: Db) {}

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
}
