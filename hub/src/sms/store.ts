import type { SmsEncoding, SmsKindName, SmsStatus } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { MetaStore } from '../db/meta.js';

export interface SmsRow {
  id: string;
  kind: SmsKindName;
  file_id: string | null;
  to_phone: string;
  body: string;
  encoding: SmsEncoding;
  segments: number;
  status: SmsStatus;
  attempts: number;
  next_attempt_at: number | null;
  last_error_code: string | null;
  last_error_text: string | null;
  gateway: string | null;
  gateway_message_id: string | null;
  gateway_status: string | null;
  created_at: number;
  valid_until: number;
  attempt_started_at: number | null;
  sent_at: number | null;
  delivered_at: number | null;
  failed_at: number | null;
  resend_of: string | null;
  /** the template's values, JSON (migration 12): a ZNS template is filled from them at send time */
  vars: string | null;
  /** the channel of the latest attempt, 'zns' or 'sms' (migration 12); NULL before the first */
  channel: SmsChannelName | null;
  updated_at: number;
}

export type SmsChannelName = 'sms' | 'zns';

/** One attempt of a message by one channel (migration 12). */
export interface AttemptRow {
  message_id: string;
  n: number;
  channel: SmsChannelName;
  gateway: string;
  started_at: number;
  ended_at: number | null;
  /** accepted | refused (and sent by SMS instead) | failed | temporary | unknown | found | not-found | unconfirmed */
  outcome: string | null;
  error_code: string | null;
  error_text: string | null;
  gateway_message_id: string | null;
}

export interface TemplateRow {
  kind: string;
  body: string;
  enabled: number;
  keep_accents: number;
  updated_at: number;
}

export interface ErrorInfo {
  code: string;
  text: string;
}

/**
 * The SQL of the SMS feature. Every state change is a compare-and-set on the current status, so a delivery report
 * and the worker racing on one message cannot undo each other.
 */
export class SmsStore {
  private readonly meta: MetaStore;

  constructor(readonly db: Db) {
    this.meta = new MetaStore(db);
  }

  insert(row: Omit<SmsRow, 'updated_at' | 'vars' | 'channel'> & { vars?: string | null; channel?: SmsChannelName | null }): void {
    this.db
      .prepare(
        `INSERT INTO sms_messages (id, kind, file_id, to_phone, body, encoding, segments, status, attempts, next_attempt_at,
           last_error_code, last_error_text, gateway, gateway_message_id, gateway_status, created_at, valid_until,
           attempt_started_at, sent_at, delivered_at, failed_at, resend_of, vars, channel, updated_at)
         VALUES (@id, @kind, @file_id, @to_phone, @body, @encoding, @segments, @status, @attempts, @next_attempt_at,
           @last_error_code, @last_error_text, @gateway, @gateway_message_id, @gateway_status, @created_at, @valid_until,
           @attempt_started_at, @sent_at, @delivered_at, @failed_at, @resend_of, @vars, @channel, @created_at)`,
      )
      .run({ ...row, vars: row.vars ?? null, channel: row.channel ?? null });
  }

  get(id: string): SmsRow | undefined {
    return this.db.prepare('SELECT * FROM sms_messages WHERE id = ?').get(id) as SmsRow | undefined;
  }

  resentAs(id: string): string | null {
    const r = this.db.prepare('SELECT id FROM sms_messages WHERE resend_of = ?').get(id) as { id: string } | undefined;
    return r?.id ?? null;
  }

  list(q: { status?: SmsStatus; kind?: string; fileId?: string; before?: string; limit: number }): SmsRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status) (where.push('status = ?'), params.push(q.status));
    if (q.kind) (where.push('kind = ?'), params.push(q.kind));
    if (q.fileId) (where.push('file_id = ?'), params.push(q.fileId));
    if (q.before) (where.push('id < ?'), params.push(q.before));
    const sql = `SELECT * FROM sms_messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.db.prepare(sql).all(...params, q.limit) as SmsRow[];
  }

  forFile(fileId: string): SmsRow[] {
    return this.db.prepare('SELECT * FROM sms_messages WHERE file_id = ? ORDER BY id').all(fileId) as SmsRow[];
  }

  counts(): Record<string, number> {
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM sms_messages GROUP BY status').all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  // ---------- what the worker picks ----------

  dueQueued(now: number, limit: number): SmsRow[] {
    return this.db
      .prepare("SELECT * FROM sms_messages WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")
      .all(now, limit) as SmsRow[];
  }

  /** Messages left in `sending`: unanswered attempts, or a previous run that stopped mid-send. */
  dueSending(now: number, limit: number): SmsRow[] {
    return this.db
      .prepare("SELECT * FROM sms_messages WHERE status = 'sending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?")
      .all(now, limit) as SmsRow[];
  }

  duePolls(now: number, limit: number): SmsRow[] {
    return this.db
      .prepare("SELECT * FROM sms_messages WHERE status = 'sent' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?")
      .all(now, limit) as SmsRow[];
  }

  /** The earliest time anything is due, to sleep until then. */
  nextDue(): number | null {
    const r = this.db
      .prepare("SELECT MIN(next_attempt_at) AS t FROM sms_messages WHERE status IN ('queued', 'sending', 'sent') AND next_attempt_at IS NOT NULL")
      .get() as { t: number | null };
    return r.t;
  }

  /** Gateway ids already known for other messages (so a lookup never claims another message's SMS). */
  knownGatewayIds(gateway: string, ids: string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare(`SELECT gateway_message_id AS g FROM sms_messages WHERE gateway = ? AND gateway_message_id IN (${ids.map(() => '?').join(',')})`)
      .all(gateway, ...ids) as { g: string }[];
    return new Set(rows.map((r) => r.g));
  }

  // ---------- transitions (compare-and-set) ----------

  private change(id: string, from: SmsStatus[], set: Record<string, unknown>, now: number): boolean {
    const cols = Object.keys(set);
    const sql = `UPDATE sms_messages SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now
                 WHERE id = @id AND status IN (${from.map((s) => `'${s}'`).join(',')})`;
    return this.db.prepare(sql).run({ ...set, id, now }).changes === 1;
  }

  /** queued → sending, committed before the gateway is called, with the attempt's own row (channel, gateway, start). */
  markSending(id: string, gateway: string, now: number, settleAt: number, channel: SmsChannelName = 'sms'): boolean {
    return this.db.transaction(() => {
      const changed =
        this.db
          .prepare(
            `UPDATE sms_messages SET status = 'sending', attempts = attempts + 1, attempt_started_at = @now, gateway = @gateway,
               channel = @channel, next_attempt_at = @settleAt, updated_at = @now WHERE id = @id AND status = 'queued'`,
          )
          .run({ id, gateway, now, settleAt, channel }).changes === 1;
      if (changed) {
        this.db
          .prepare(
            `INSERT INTO sms_attempts (message_id, n, channel, gateway, started_at)
             VALUES (@id, (SELECT COALESCE(MAX(n), 0) + 1 FROM sms_attempts WHERE message_id = @id), @channel, @gateway, @now)`,
          )
          .run({ id, channel, gateway, now });
      }
      return changed;
    })();
  }

  /** How the latest attempt of a message ended (the first answer that settles it; later ones do not overwrite). */
  endAttempt(id: string, outcome: string, now: number, err?: ErrorInfo | null, gatewayId?: string | null): void {
    this.db
      .prepare(
        `UPDATE sms_attempts SET ended_at = @now, outcome = @outcome, error_code = @code, error_text = @text,
           gateway_message_id = COALESCE(@gatewayId, gateway_message_id)
         WHERE message_id = @id AND n = (SELECT MAX(n) FROM sms_attempts WHERE message_id = @id) AND (outcome IS NULL OR outcome IN ('unknown'))`,
      )
      .run({ id, outcome, now, code: err?.code ?? null, text: err?.text.slice(0, 500) ?? null, gatewayId: gatewayId ?? null });
  }

  attempts(id: string): AttemptRow[] {
    return this.db.prepare('SELECT * FROM sms_attempts WHERE message_id = ? ORDER BY n').all(id) as AttemptRow[];
  }

  /**
   * ZNS refused this message for good (no Zalo account, template not approved, quota used up): sending → queued for
   * SMS, due now, in one write with the attempt's end. The channel stays 'sms' from here on, so it happens once.
   */
  fallBackToSms(id: string, err: ErrorInfo, now: number): boolean {
    return this.db.transaction(() => {
      const changed = this.change(id, ['sending'], { status: 'queued', channel: 'sms', next_attempt_at: now, last_error_code: err.code, last_error_text: err.text.slice(0, 500) }, now);
      if (changed) this.endAttempt(id, 'refused', now, err);
      return changed;
    })();
  }


  markSent(id: string, now: number, gatewayId: string | null, pollAt: number | null, gatewayStatus: string | null, from: SmsStatus[] = ['sending']): boolean {
    return this.db
      .prepare(
        `UPDATE sms_messages SET status = 'sent', sent_at = COALESCE(sent_at, @now), gateway_message_id = COALESCE(@gatewayId, gateway_message_id),
           gateway_status = COALESCE(@gatewayStatus, gateway_status), next_attempt_at = @pollAt, failed_at = NULL, updated_at = @now
         WHERE id = @id AND (status IN (${from.map((s) => `'${s}'`).join(',')}) OR (status = 'failed' AND last_error_code = 'unconfirmed'))`,
      )
      .run({ id, now, gatewayId, pollAt, gatewayStatus }).changes === 1;
  }

  markDelivered(id: string, now: number, gatewayId: string | null, gatewayStatus: string | null): boolean {
    return this.db
      .prepare(
        `UPDATE sms_messages SET status = 'delivered', delivered_at = @now, sent_at = COALESCE(sent_at, @now),
           gateway_message_id = COALESCE(@gatewayId, gateway_message_id), gateway_status = COALESCE(@gatewayStatus, gateway_status),
           next_attempt_at = NULL, failed_at = NULL, updated_at = @now
         WHERE id = @id AND (status IN ('queued', 'sending', 'sent', 'expired') OR (status = 'failed' AND last_error_code = 'unconfirmed'))`,
      )
      .run({ id, now, gatewayId, gatewayStatus }).changes === 1;
  }

  /** A final failure: a permanent refusal, a failed delivery, or an attempt never confirmed. */
  markFailed(id: string, from: SmsStatus[], err: ErrorInfo, now: number, extra: { gatewayId?: string | null; gatewayStatus?: string | null; sent?: boolean } = {}): boolean {
    return this.db
      .prepare(
        `UPDATE sms_messages SET status = 'failed', failed_at = @now, last_error_code = @code, last_error_text = @text, next_attempt_at = NULL,
           gateway_message_id = COALESCE(@gatewayId, gateway_message_id), gateway_status = COALESCE(@gatewayStatus, gateway_status),
           sent_at = CASE WHEN @sent = 1 THEN COALESCE(sent_at, @now) ELSE sent_at END, updated_at = @now
         WHERE id = @id AND (status IN (${from.map((s) => `'${s}'`).join(',')}) OR (status = 'failed' AND last_error_code = 'unconfirmed'))`,
      )
      .run({ id, now, code: err.code, text: err.text.slice(0, 500), gatewayId: extra.gatewayId ?? null, gatewayStatus: extra.gatewayStatus ?? null, sent: extra.sent ? 1 : 0 })
      .changes === 1;
  }

  /** Back to the queue for another attempt (the last one certainly did not reach the gateway). */
  requeue(id: string, from: SmsStatus[], nextAt: number, err: ErrorInfo | null, now: number): boolean {
    return this.change(id, from, { status: 'queued', next_attempt_at: nextAt, ...(err ? { last_error_code: err.code, last_error_text: err.text.slice(0, 500) } : {}) }, now);
  }

  /** Held (quiet hours) or waiting: only the due time changes. */
  postpone(id: string, status: SmsStatus, nextAt: number | null, now: number, err?: ErrorInfo): boolean {
    return this.change(id, [status], { next_attempt_at: nextAt, ...(err ? { last_error_code: err.code, last_error_text: err.text.slice(0, 500) } : {}) }, now);
  }

  markExpired(id: string, from: SmsStatus[], err: ErrorInfo, now: number): boolean {
    return this.change(id, from, { status: 'expired', next_attempt_at: null, failed_at: now, last_error_code: err.code, last_error_text: err.text }, now);
  }

  markCancelled(id: string, err: ErrorInfo, now: number): boolean {
    return this.change(id, ['queued'], { status: 'cancelled', next_attempt_at: null, last_error_code: err.code, last_error_text: err.text }, now);
  }

  /** Every queued message whose validity window has passed. */
  expireOverdue(now: number): number {
    return this.db
      .prepare(
        `UPDATE sms_messages SET status = 'expired', next_attempt_at = NULL, failed_at = @now, updated_at = @now,
           last_error_code = 'expired', last_error_text = 'not sent within its validity window' || COALESCE(' (last error: ' || last_error_code || ')', '')
         WHERE status = 'queued' AND valid_until <= @now`,
      )
      .run({ now }).changes;
  }

  // ---------- templates ----------

  templates(): TemplateRow[] {
    return this.db.prepare('SELECT * FROM sms_templates').all() as TemplateRow[];
  }

  template(kind: string): TemplateRow | undefined {
    return this.db.prepare('SELECT * FROM sms_templates WHERE kind = ?').get(kind) as TemplateRow | undefined;
  }

  saveTemplate(t: TemplateRow): void {
    this.db
      .prepare(
        `INSERT INTO sms_templates (kind, body, enabled, keep_accents, updated_at) VALUES (@kind, @body, @enabled, @keep_accents, @updated_at)
         ON CONFLICT(kind) DO UPDATE SET body = excluded.body, enabled = excluded.enabled, keep_accents = excluded.keep_accents, updated_at = excluded.updated_at`,
      )
      .run(t);
  }

  deleteTemplate(kind: string): void {
    this.db.prepare('DELETE FROM sms_templates WHERE kind = ?').run(kind);
  }

  // ---------- the feature's own keys in the hub's settings table (db/meta.ts) ----------

  setSettingIfAbsent(key: string, value: string): string {
    return this.meta.putIfAbsent(key, value);
  }
}
