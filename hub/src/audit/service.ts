import { AUDIT_KINDS, auditIdsIn, auditQuery, dayBounds, localDay, maskPhone, type AuditEntry, type AuditKind, type AuditPage, type AuditQuery, type Clock } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { AuditStore, type AuditEntryRow, type AuditFilter } from './store.js';
import { parseOr } from '../http/parse.js';

export { AUDIT_KINDS, auditQuery, type AuditEntry, type AuditKind, type AuditQuery } from '@onestop/shared';

export interface AuditActor {
  id: string | null;
  /** the account's username, or "system" / "cli" */
  name: string;
}

/** Keys whose values never reach the log: write-only secrets and one-time passwords/tokens. */
const SECRET_KEY = /(password|secret|token|authtoken|apikey|api_key)$/i;
/** Citizens' numbers, should one ever appear in an administrative value. */
const CITIZEN_PHONE_KEY = /^(phone|to|toPhone|citizenPhone)$/;

/** A copy safe to store: secrets replaced by "***" (or null when unset), citizens' phone numbers masked. */
export function maskForAudit(value: unknown, key = ''): unknown {
  if (value === undefined) return null;
  if (SECRET_KEY.test(key)) return value === null || value === '' ? value : '***';
  if (typeof value === 'string' && CITIZEN_PHONE_KEY.test(key)) return maskPhone(value);
  if (Array.isArray(value)) return value.map((v) => maskForAudit(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskForAudit(v, k)]));
  return value;
}

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

/**
 * The audit log: every administrative change (who, when, what, before and after) written with the database
 * handle the change's own transaction is open on, and the combined, filtered, paged view of those and of file
 * transitions (docs/decisions/0035-audit-log.md).
 */
/** The names of the ids the hub knows, for showing the log (services.ts hands in the features' lists). */
export type AuditNames = () => ReadonlyMap<string, string>;

export class AuditService {
  readonly store: AuditStore;
  private names: AuditNames = () => new Map();

  /** Set once the features that own counters, devices, accounts and procedures exist (they are built after this). */
  useNames(names: AuditNames): void {
    this.names = names;
  }

  /** The known names of the ids in these entries' targets and values. */
  namesFor(entries: readonly AuditEntry[]): Record<string, string> {
    const known = this.names();
    const out: Record<string, string> = {};
    for (const id of auditIdsIn(...entries.flatMap((e) => [e.target, e.before, e.after]))) {
      const name = known.get(id);
      if (name !== undefined) out[id] = name;
    }
    return out;
  }

  /** Every known name (the exports resolve as they stream). */
  allNames(): Record<string, string> {
    return Object.fromEntries(this.names());
  }

  constructor(
    readonly db: Db,
    private readonly clock: Clock,
    readonly log: Logger,
  ) {
    this.store = new AuditStore(db);
  }

  /** Writes one entry; call it inside the change's transaction so both commit or neither. */
  record(actor: AuditActor, e: { kind: AuditKind; action: string; target?: string | null; before?: unknown; after?: unknown }): void {
    const before = e.before === undefined || e.before === null ? null : JSON.stringify(maskForAudit(e.before));
    const after = e.after === undefined || e.after === null ? null : JSON.stringify(maskForAudit(e.after));
    this.store.insert({ at: this.clock.now(), actor_id: actor.id, actor: actor.name, kind: e.kind, action: e.action, target: e.target ?? null, before, after });
    this.log.info({ actor: actor.name, kind: e.kind, action: e.action, target: e.target ?? null }, 'administrative change');
  }

  /** The query's filter; a missing range is the last 30 days up to today. */
  filter(query: unknown): AuditQuery & { filter: AuditFilter } {
    const q = parseOr(auditQuery, query, 'query');
    const today = localDay(this.clock.now());
    const to = q.to ?? today;
    const from = q.from ?? localDay(dayBounds(to).start - 29 * 86_400_000);
    if (from > to) throw new ServiceError('bad-date', 'from is after to');
    return { ...q, from, to, filter: { start: dayBounds(from).start, end: dayBounds(to).end, actor: q.actor, kind: q.kind } };
  }

  list(query: unknown): AuditPage {
    const q = this.filter(query);
    const total = this.store.count(q.filter);
    const entries = this.store.page(q.filter, q.pageSize, (q.page - 1) * q.pageSize).map(toEntry);
    return { from: q.from!, to: q.to!, page: q.page, pageSize: q.pageSize, total, entries, actors: this.store.actors(), kinds: AUDIT_KINDS, names: this.namesFor(entries) };
  }

  /** Every entry of the filter, oldest first, read in short batches (no read transaction held across the export). */
  *iterate(filter: AuditFilter, batch = 2000): Generator<AuditEntry> {
    let cursor: { at: number; id: string } | null = null;
    for (;;) {
      const rows: AuditEntryRow[] = this.store.batchAfter(filter, cursor, batch);
      for (const r of rows) yield toEntry(r);
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      cursor = { at: last.at, id: last.id };
    }
  }
}

/** An administrative change made with the command line (`hub counter add`, `hub pair-code`): actor "cli". */
export function recordCliChange(db: Db, clock: Clock, e: { kind: AuditKind; action: string; target?: string | null; before?: unknown; after?: unknown }): void {
  const r = new AuditStore(db);
  r.insert({ at: clock.now(), actor_id: null, actor: 'cli', kind: e.kind, action: e.action, target: e.target ?? null, before: e.before == null ? null : JSON.stringify(maskForAudit(e.before)), after: e.after == null ? null : JSON.stringify(maskForAudit(e.after)) });
}

function toEntry(r: AuditEntryRow): AuditEntry {
  return { id: r.id, at: r.at, actor: r.actor, kind: r.kind, action: r.action, target: r.target, before: parseJson(r.before), after: parseJson(r.after) };
}
