import { localDay } from '@onestop/shared';
import type { Db } from '../db/open.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'superseded';

export interface OutboxRow {
  day: string;
  revision: number;
  figures_hash: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  last_detail: string | null;
  sent_at: number | null;
  answer: string | null;
}

/** What happened to one attempt, as the store records it. */
export type AttemptRecord =
  | { kind: 'sent'; status: number; answer: string }
  | { kind: 'permanent'; status: number; reason: string; detail: string | null }
  | { kind: 'temporary'; status: number | null; reason: string; detail: string | null; nextAt: number };

/** SQL of the upstream outbox. Nothing else writes these tables. */
export class UpstreamStore {
  constructor(readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  latest(day: string): OutboxRow | undefined {
    return this.db.prepare('SELECT * FROM upstream_summaries WHERE day = ? ORDER BY revision DESC LIMIT 1').get(day) as OutboxRow | undefined;
  }

  get(day: string, revision: number): OutboxRow | undefined {
    return this.db.prepare('SELECT * FROM upstream_summaries WHERE day = ? AND revision = ?').get(day, revision) as OutboxRow | undefined;
  }

  /** days that have any row, between two days inclusive */
  daysPresent(from: string, to: string): Set<string> {
    const rows = this.db.prepare('SELECT DISTINCT day FROM upstream_summaries WHERE day >= ? AND day <= ?').all(from, to) as { day: string }[];
    return new Set(rows.map((r) => r.day));
  }

  insert(row: { day: string; revision: number; figuresHash: string; body: string; now: number }): void {
    this.db
      .prepare(
        `INSERT INTO upstream_summaries (day, revision, figures_hash, body, status, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
      )
      .run(row.day, row.revision, row.figuresHash, row.body, row.now, row.now);
  }

  /** a revision that never left the hub gets the newer figures in place (the receiver has never seen it) */
  replaceUnsent(day: string, revision: number, figuresHash: string, body: string, now: number): boolean {
    return (
      this.db
        .prepare("UPDATE upstream_summaries SET figures_hash = ?, body = ?, created_at = ? WHERE day = ? AND revision = ? AND status = 'pending' AND attempts = 0")
        .run(figuresHash, body, now, day, revision).changes === 1
    );
  }

  supersede(day: string, revision: number): void {
    this.db.prepare("UPDATE upstream_summaries SET status = 'superseded' WHERE day = ? AND revision = ? AND status = 'pending'").run(day, revision);
  }

  /** pending rows, the order they must be sent in: by day, then revision */
  pending(): OutboxRow[] {
    return this.db.prepare("SELECT * FROM upstream_summaries WHERE status = 'pending' ORDER BY day, revision").all() as OutboxRow[];
  }

  recordAttempt(day: string, revision: number, at: number, r: AttemptRecord): void {
    if (r.kind === 'sent') {
      this.db
        .prepare(
          `UPDATE upstream_summaries SET status = 'sent', attempts = attempts + 1, last_attempt_at = @at, last_status = @status,
             last_error = NULL, last_detail = NULL, sent_at = @at, answer = @answer WHERE day = @day AND revision = @revision`,
        )
        .run({ day, revision, at, status: r.status, answer: r.answer });
    } else if (r.kind === 'permanent') {
      this.db
        .prepare(
          `UPDATE upstream_summaries SET status = 'failed', attempts = attempts + 1, last_attempt_at = @at, last_status = @status,
             last_error = @reason, last_detail = @detail WHERE day = @day AND revision = @revision`,
        )
        .run({ day, revision, at, status: r.status, reason: r.reason, detail: r.detail });
    } else {
      this.db
        .prepare(
          `UPDATE upstream_summaries SET attempts = attempts + 1, last_attempt_at = @at, last_status = @status,
             last_error = @reason, last_detail = @detail, next_attempt_at = @nextAt WHERE day = @day AND revision = @revision`,
        )
        .run({ day, revision, at, status: r.status, reason: r.reason, detail: r.detail, nextAt: r.nextAt });
    }
  }

  /** "send again": the day's latest revision goes back to pending, due now */
  requeue(day: string, revision: number, now: number): void {
    this.db.prepare("UPDATE upstream_summaries SET status = 'pending', next_attempt_at = ? WHERE day = ? AND revision = ? AND status != 'superseded'").run(now, day, revision);
  }

  list(opts: { from?: string; to?: string; status?: OutboxStatus; limit: number }): OutboxRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: opts.limit };
    if (opts.from) (where.push('day >= @from'), (params.from = opts.from));
    if (opts.to) (where.push('day <= @to'), (params.to = opts.to));
    if (opts.status) (where.push('status = @status'), (params.status = opts.status));
    return this.db
      .prepare(`SELECT * FROM upstream_summaries ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY day DESC, revision DESC LIMIT @limit`)
      .all(params) as OutboxRow[];
  }

  counts(): Record<OutboxStatus, number> {
    const out: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0, superseded: 0 };
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM upstream_summaries GROUP BY status').all() as { status: OutboxStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }

  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM upstream_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM upstream_meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO upstream_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * The first local day the hub holds any data for (a rating, a device seen, a file received, an SMS sent), or null.
   * Read-only aggregates over the features' tables, like summary/build.ts: which days exist, never what is in them.
   */
  firstDataDay(): string | null {
    const one = (sql: string) => (this.db.prepare(sql).get() as { v: string | number | null }).v;
    const days: string[] = [];
    const d1 = one('SELECT MIN(day) AS v FROM ratings');
    const d2 = one('SELECT MIN(day) AS v FROM device_days');
    if (typeof d1 === 'string') days.push(d1);
    if (typeof d2 === 'string') days.push(d2);
    for (const sql of ['SELECT MIN(received_at) AS v FROM files', 'SELECT MIN(sent_at) AS v FROM sms_messages']) {
      const v = one(sql);
      if (typeof v === 'number') days.push(localDay(v));
    }
    return days.length ? days.sort()[0]! : null;
  }
}
