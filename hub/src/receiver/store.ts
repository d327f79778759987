import type Database from 'better-sqlite3';
import type { Db } from '../db/open.js';

export interface CommuneRow {
  code: string;
  name: string;
  secret_enc: string;
  created_at: number;
  secret_rotated_at: number;
}

/** The figures of one accepted summary, as columns of day_figures. */
export interface DayFigures {
  day: string;
  commune_code: string;
  revision: number;
  received_at: number;
  ratings_total: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  flagged: number;
  files_received: number;
  files_ready: number;
  files_returned: number;
  files_late: number;
  files_apologies: number;
  files_open: number;
  sms_sent: number;
  sms_delivered: number;
  sms_failed: number;
  devices_configured: number;
  devices_seen: number;
}

/** The columns of month_figures that are sums, in order; `contribution` gives one day's share of each. */
export const MONTH_SUMS = [
  'days', 'total', 's1', 's2', 's3', 's4', 's5', 'flagged', 'fr', 'fy', 'ft', 'fl', 'fa', 'ss', 'sd', 'sf',
  'ready_days', 'ready_days_sms', 'sms_days', 'open_days', 'open_days_devices', 'seen_days',
] as const;

/** One day's share of its month's sums; the appendix's day tests are the same as report.ts's SQL. */
export function contribution(f: DayFigures): number[] {
  const open = f.ratings_total + f.flagged + f.files_received + f.files_returned > 0;
  return [
    1, f.ratings_total, f.s1, f.s2, f.s3, f.s4, f.s5, f.flagged, f.files_received, f.files_ready, f.files_returned, f.files_late,
    f.files_apologies, f.sms_sent, f.sms_delivered, f.sms_failed,
    +(f.files_ready > 0), +(f.files_ready > 0 && f.sms_sent > 0), +(f.sms_sent > 0),
    +open, +(open && f.devices_configured > 0 && f.devices_seen >= f.devices_configured), +(f.devices_seen > 0),
  ];
}

export interface HeldRevision {
  revision: number;
  body_sha256: string;
}

/** SQL of the receiver: communes and their sealed secrets, summaries (every revision) and the current figures. */
export class ReceiverStore {
  private readonly stmts: {
    commune: Database.Statement;
    latest: Database.Statement;
    sameRevision: Database.Statement;
    insertSummary: Database.Statement;
    upsertFigures: Database.Statement;
    figures: Database.Statement;
    addMonth: Database.Statement;
  };

  constructor(readonly db: Db) {
    this.stmts = {
      commune: db.prepare('SELECT * FROM communes WHERE code = ?'),
      latest: db.prepare('SELECT revision, body_sha256 FROM summaries WHERE commune_code = ? AND day = ? ORDER BY revision DESC LIMIT 1'),
      sameRevision: db.prepare('SELECT revision, body_sha256 FROM summaries WHERE commune_code = ? AND day = ? AND revision = ?'),
      insertSummary: db.prepare(
        'INSERT INTO summaries (commune_code, day, revision, body, body_sha256, received_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertFigures: db.prepare(
        `INSERT OR REPLACE INTO day_figures (day, commune_code, revision, received_at, ratings_total, s1, s2, s3, s4, s5, flagged,
           files_received, files_ready, files_returned, files_late, files_apologies, files_open, sms_sent, sms_delivered, sms_failed,
           devices_configured, devices_seen)
         VALUES (@day, @commune_code, @revision, @received_at, @ratings_total, @s1, @s2, @s3, @s4, @s5, @flagged,
           @files_received, @files_ready, @files_returned, @files_late, @files_apologies, @files_open, @sms_sent, @sms_delivered, @sms_failed,
           @devices_configured, @devices_seen)`,
      ),
      figures: db.prepare('SELECT * FROM day_figures WHERE day = ? AND commune_code = ?'),
      addMonth: db.prepare(
        `INSERT INTO month_figures (month, commune_code, ${MONTH_SUMS.join(', ')}) VALUES (?, ?, ${MONTH_SUMS.map(() => '?').join(', ')})
         ON CONFLICT (month, commune_code) DO UPDATE SET ${MONTH_SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
      ),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- communes ----

  commune(code: string): CommuneRow | undefined {
    return this.stmts.commune.get(code) as CommuneRow | undefined;
  }

  communes(): CommuneRow[] {
    return this.db.prepare('SELECT * FROM communes ORDER BY code').all() as CommuneRow[];
  }

  insertCommune(c: CommuneRow): void {
    this.db.prepare('INSERT INTO communes (code, name, secret_enc, created_at, secret_rotated_at) VALUES (@code, @name, @secret_enc, @created_at, @secret_rotated_at)').run(c);
  }

  setSecret(code: string, secretEnc: string, at: number): boolean {
    return this.db.prepare('UPDATE communes SET secret_enc = ?, secret_rotated_at = ? WHERE code = ?').run(secretEnc, at, code).changes === 1;
  }

  // ---- summaries ----

  /** The highest revision held for a commune and day, if any. */
  latest(code: string, day: string): HeldRevision | undefined {
    return this.stmts.latest.get(code, day) as HeldRevision | undefined;
  }

  revision(code: string, day: string, revision: number): HeldRevision | undefined {
    return this.stmts.sameRevision.get(code, day, revision) as HeldRevision | undefined;
  }

  insertSummary(code: string, day: string, revision: number, body: Buffer, sha256: string, at: number): void {
    this.stmts.insertSummary.run(code, day, revision, body, sha256, at);
  }

  /** Makes f the current figures of its commune and day, and moves its month's sums by the difference. Call inside a transaction. */
  upsertFigures(f: DayFigures): void {
    const old = this.stmts.figures.get(f.day, f.commune_code) as DayFigures | undefined;
    const now = contribution(f);
    const before = old ? contribution(old) : null;
    this.stmts.upsertFigures.run(f);
    this.stmts.addMonth.run(f.day.slice(0, 7), f.commune_code, ...now.map((v, i) => v - (before?.[i] ?? 0)));
  }

  /** Every revision held for a commune and day, oldest first, raw bodies included. */
  revisions(code: string, day: string): { revision: number; body: Buffer; received_at: number }[] {
    return this.db.prepare('SELECT revision, body, received_at FROM summaries WHERE commune_code = ? AND day = ? ORDER BY revision').all(code, day) as {
      revision: number;
      body: Buffer;
      received_at: number;
    }[];
  }

  countSummaries(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM summaries').get() as { n: number }).n;
  }
}
