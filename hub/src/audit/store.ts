import type { Db } from '../db/open.js';

export interface AuditRow {
  id: number;
  at: number;
  actor_id: string | null;
  actor: string;
  kind: string;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
}

/** One line of the combined view: an admin change (`a…`) or a file transition (`f…`, from file_events). */
export interface AuditEntryRow {
  id: string;
  at: number;
  actor: string;
  kind: string;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
}

export interface AuditFilter {
  /** [start, end) in ms */
  start: number;
  end: number;
  actor?: string;
  kind?: string;
}

const COLS = 'id, at, actor, kind, action, target, before, after';

/**
 * Ids sort as text in the same order as the rows' own integer ids (zero-padded), so one keyset (at, id) orders both
 * kinds of entry and each branch can read in its index order (at, rowid) and stop at its LIMIT.
 */
const FILE_ACTOR = "COALESCE(u.username, CASE WHEN t.name IS NOT NULL THEN 'api:' || t.name END, e.actor, 'system')";

interface BranchOpts {
  cursorAt: boolean;
  dir: 'ASC' | 'DESC';
  actor: boolean;
  kind: boolean;
}

/** Administrative changes in [start, end), newest or oldest first, at most @n. */
const adminBranch = (o: BranchOpts) => `SELECT * FROM (
  SELECT 'a' || printf('%012d', audit_log.id) AS id, at, actor, kind, action, target, before, after
    FROM audit_log
   WHERE at >= @start AND at < @end${o.cursorAt ? ' AND at >= @cAt' : ''}${o.actor ? ' AND actor = @actor' : ''}${o.kind ? ' AND kind = @kind' : ''}
   ORDER BY audit_log.at ${o.dir}, audit_log.id ${o.dir} LIMIT @n)`;

/**
 * File transitions from file_events (docs/decisions/0035-audit-log.md): who is the account's username, else the API
 * token's name, else the actor text the files feature stored. Never the citizen's name or phone.
 */
const fileBranch = (o: BranchOpts) => `SELECT * FROM (
  SELECT 'f' || printf('%012d', e.id) AS id, e.at AS at, ${FILE_ACTOR} AS actor,
         'file' AS kind, e.kind AS action, f.code AS target,
         CASE WHEN e.from_status IS NULL THEN NULL ELSE json_object('status', e.from_status, 'dueDate', e.old_due_date) END AS before,
         json_object('status', e.to_status, 'dueDate', COALESCE(e.new_due_date, e.old_due_date), 'reason', e.reason, 'counterId', e.counter_id) AS after
    FROM file_events e
    JOIN files f ON f.id = e.file_id
    LEFT JOIN users u ON u.id = e.user_id
    LEFT JOIN api_tokens t ON t.id = e.token_id
   WHERE e.at >= @start AND e.at < @end${o.cursorAt ? ' AND e.at >= @cAt' : ''}${o.actor ? ` AND ${FILE_ACTOR} = @actor` : ''}
   ORDER BY e.at ${o.dir}, e.id ${o.dir} LIMIT @n)`;

export class AuditStore {
  constructor(private readonly db: Db) {}

  insert(r: Omit<AuditRow, 'id'>): number {
    return Number(
      this.db
        .prepare('INSERT INTO audit_log (at, actor_id, actor, kind, action, target, before, after) VALUES (@at, @actor_id, @actor, @kind, @action, @target, @before, @after)')
        .run(r).lastInsertRowid,
    );
  }

  /** The branches the filter needs, joined with UNION ALL, and the shared params. */
  private union(f: AuditFilter, o: Pick<BranchOpts, 'cursorAt' | 'dir'>): { sql: string; params: Record<string, unknown> } {
    const params: Record<string, unknown> = { start: f.start, end: f.end };
    if (f.actor) params.actor = f.actor;
    if (f.kind) params.kind = f.kind;
    const opts: BranchOpts = { ...o, actor: !!f.actor, kind: !!f.kind };
    const parts: string[] = [];
    if (f.kind !== 'file') parts.push(adminBranch(opts));
    if (!f.kind || f.kind === 'file') parts.push(fileBranch(opts));
    return { sql: parts.join(' UNION ALL '), params };
  }

  count(f: AuditFilter): number {
    const params: Record<string, unknown> = { start: f.start, end: f.end, actor: f.actor, kind: f.kind };
    let n = 0;
    if (f.kind !== 'file') {
      n += (this.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE at >= @start AND at < @end${f.actor ? ' AND actor = @actor' : ''}${f.kind ? ' AND kind = @kind' : ''}`).get(params) as { n: number }).n;
    }
    if (!f.kind || f.kind === 'file') {
      const sql = f.actor
        ? `SELECT COUNT(*) AS n FROM file_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN api_tokens t ON t.id = e.token_id WHERE e.at >= @start AND e.at < @end AND ${FILE_ACTOR} = @actor`
        : 'SELECT COUNT(*) AS n FROM file_events WHERE at >= @start AND at < @end';
      n += (this.db.prepare(sql).get(params) as { n: number }).n;
    }
    return n;
  }

  /** Newest first: each branch reads at most offset + limit rows from the newest end of its index. */
  page(f: AuditFilter, limit: number, offset: number): AuditEntryRow[] {
    const { sql, params } = this.union(f, { cursorAt: false, dir: 'DESC' });
    return this.db
      .prepare(`SELECT ${COLS} FROM (${sql}) ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, n: offset + limit, limit, offset }) as AuditEntryRow[];
  }

  /** Oldest first from a keyset cursor (at, id), for the export: each batch is its own short read. */
  batchAfter(f: AuditFilter, cursor: { at: number; id: string } | null, limit: number): AuditEntryRow[] {
    const { sql, params } = this.union(f, { cursorAt: !!cursor, dir: 'ASC' });
    // a branch starts at the cursor's own `at`, so it may first meet rows already written with that `at` (ties):
    // read that many more, then cut exactly by (at, id)
    const keyset = cursor ? 'WHERE at > @cAt OR (at = @cAt AND id > @cId)' : '';
    const n = cursor ? limit + this.tiesAt(cursor.at) : limit;
    return this.db
      .prepare(`SELECT ${COLS} FROM (${sql}) ${keyset} ORDER BY at, id LIMIT @limit`)
      .all({ ...params, limit, n, ...(cursor ? { cAt: cursor.at, cId: cursor.id } : {}) }) as AuditEntryRow[];
  }

  /** How many entries share one timestamp (a handful at most). */
  private tiesAt(at: number): number {
    const a = (this.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE at = ?').get(at) as { n: number }).n;
    const b = (this.db.prepare('SELECT COUNT(*) AS n FROM file_events WHERE at = ?').get(at) as { n: number }).n;
    return a + b;
  }

  actors(): string[] {
    return (this.db.prepare('SELECT DISTINCT actor FROM audit_log ORDER BY actor').all() as { actor: string }[]).map((r) => r.actor);
  }
}
