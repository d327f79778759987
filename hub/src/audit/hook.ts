import type { RequestHandler, Response } from 'express';
import type { Principal } from '../auth/service.js';
import type { AuditKind, AuditService } from './service.js';

export interface AuditedChange<R> {
  /** who acted when nobody is signed in (a device using its pairing code) */
  actor?: string;
  kind: AuditKind;
  action: string;
  /** what was changed (an id, a code, a date); from the result when a function */
  target?: string | null | ((result: R) => string | null | undefined);
  /** the state before; a lookup that throws (nothing there yet) counts as none */
  before?: () => unknown;
  /** the state after; the result itself when not given */
  after?: (result: R) => unknown;
}

/** Puts the audit log where `audited` finds it (res.locals), for every /api/admin request. */
export function auditContext(audit: AuditService): RequestHandler {
  return (_req, res, next) => {
    res.locals.audit = audit;
    next();
  };
}

function actorOf(res: Response, fallback = 'system') {
  const p = res.locals.principal as Principal | undefined;
  return p ? { id: p.user.id, name: p.user.username } : { id: null, name: fallback };
}

function safe(fn: (() => unknown) | undefined): unknown {
  if (!fn) return null;
  try {
    return fn();
  } catch {
    return null;
  }
}

/**
 * Runs one administrative change and records it in the audit log, both in ONE transaction: if the change throws,
 * nothing is recorded; if recording fails, the change is rolled back. One call per change site in a route:
 *   handle(log, (req, res) => audited(res, { kind: 'counter', action: 'update', target: id }, () => counters.update(id, req.body)))
 * Without an audit log in res.locals (a router mounted on its own in a unit test) the change just runs.
 */
export function audited<R>(res: Response, what: AuditedChange<R>, run: () => R): R {
  const audit = res.locals.audit as AuditService | undefined;
  if (!audit) return run();
  // IMMEDIATE: the change reads before it writes; a deferred transaction would fail with SQLITE_BUSY instead of
  // waiting when another process (a `hub` command) wrote in between
  return audit.db.transaction(() => {
    const before = safe(what.before);
    const result = run();
    if (result instanceof Promise) throw new Error('audited() takes a synchronous change; use auditedAsync');
    write(audit, res, what, before, result);
    return result;
  }).immediate();
}

/**
 * For changes that must await (password hashing): the entry is written right after the change commits, not in its
 * transaction; a failure to record is logged, and the change stands.
 */
export async function auditedAsync<R>(res: Response, what: AuditedChange<R>, run: () => Promise<R>): Promise<R> {
  const audit = res.locals.audit as AuditService | undefined;
  if (!audit) return run();
  const before = safe(what.before);
  const result = await run();
  try {
    write(audit, res, what, before, result);
  } catch (err) {
    audit.log.error({ err, kind: what.kind, action: what.action }, 'the change was made but could not be recorded in the audit log');
  }
  return result;
}

function write<R>(audit: AuditService, res: Response, what: AuditedChange<R>, before: unknown, result: R) {
  const target = typeof what.target === 'function' ? what.target(result) : what.target;
  const after = what.after ? what.after(result) : result;
  audit.record(actorOf(res, what.actor), { kind: what.kind, action: what.action, target: target ?? idOf(result), before, after });
}

function idOf(v: unknown): string | null {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['id', 'code', 'date', 'kind']) if (typeof o[k] === 'string') return o[k] as string;
  }
  return null;
}
