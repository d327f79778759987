import type { Db } from '../db/open.js';

/** Why a held message waits (its last_error_code while held). */
export const HELD_CODE = 'commune-identity-missing';
export const HELD_TEXT = "held until the commune's name, code and contact phone are set";

/** Citizen messages: held while the identity is missing. The alert and test messages go out regardless. */
export const HELD_KINDS: readonly string[] = ['received', 'supplement', 'ready', 'apology', 'reminder'];

/**
 * Citizen SMS held while the commune's identity is missing (issue 14, migration 12): a message signed "Xã chưa cấu
 * hình" or ending in a bare "ĐT" must not reach a citizen, and must not be lost either. The message stays `queued`
 * with no next attempt (the worker does not pick it; its validity window still expires it); its placeholders wait
 * here so it is written again, with the commune's real name and phone, when released.
 */
export class SmsHoldStore {
  constructor(private readonly db: Db) {}

  /** In the caller's transaction, with the message just inserted. */
  hold(smsId: string, vars: Record<string, string>, now: number): void {
    // the commune's own values are read again at release: they are what is missing now
    const { communeName: _name, contactPhone: _phone, ...own } = vars;
    this.db.prepare('INSERT INTO sms_held (sms_id, vars, held_at) VALUES (?, ?, ?)').run(smsId, JSON.stringify(own), now);
  }

  /** Messages still held: queued, not yet expired. */
  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM sms_held h JOIN sms_messages m ON m.id = h.sms_id WHERE m.status = 'queued'").get() as { n: number }).n;
  }

  /**
   * Releases every message still queued: `rewrite` renders it again and the row is made due now; held rows of
   * messages that left `queued` meanwhile (expired) are dropped. One transaction. Returns how many were released.
   */
  release(now: number, rewrite: (kind: string, vars: Record<string, string>) => { body: string; encoding: string; segments: number; vars: string }): number {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare("SELECT m.id, m.kind, h.vars FROM sms_held h JOIN sms_messages m ON m.id = h.sms_id WHERE m.status = 'queued' ORDER BY m.id")
        .all() as { id: string; kind: string; vars: string }[];
      const update = this.db.prepare(
        `UPDATE sms_messages SET body = @body, encoding = @encoding, segments = @segments, vars = @vars, next_attempt_at = @now,
           last_error_code = NULL, last_error_text = NULL, updated_at = @now WHERE id = @id AND status = 'queued'`,
      );
      for (const r of rows) update.run({ id: r.id, now, ...rewrite(r.kind, JSON.parse(r.vars) as Record<string, string>) });
      this.db.prepare('DELETE FROM sms_held').run();
      return rows.length;
    })();
  }
}
