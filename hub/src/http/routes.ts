import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import { adminLoginRequest, dayQuery, isValidDay, type ReasonCode } from '@onestop/shared';
import { HTTP_STATUS, ServiceError } from './errors.js';
import type { Logger } from '../log.js';

/** Sends `{ ok: false, reason }` with the status that reason maps to. */
export function sendFail(res: Response, reason: ReasonCode, detail?: string): void {
  res.status(HTTP_STATUS[reason] ?? 400).json(detail === undefined ? { ok: false, reason } : { ok: false, reason, detail });
}

/** Wraps a handler: a ServiceError becomes its reason code; anything else is logged and answered 500. */
export function handle(log: Logger, fn: (req: Request, res: Response) => unknown) {
  return async (req: Request, res: Response, _next: NextFunction) => {
    try {
      const data = await fn(req, res);
      if (!res.headersSent) res.json({ ok: true, data: data ?? null });
    } catch (err) {
      if (err instanceof ServiceError) {
        log.warn({ path: req.path, reason: err.reason, detail: err.detail }, 'request refused');
        sendFail(res, err.reason, err.detail);
      } else {
        log.error({ err, path: req.path }, 'request failed');
        sendFail(res, 'internal-error');
      }
    }
  };
}

/** Body-parser errors (bad JSON, too large) as reason codes, never an HTML stack trace. */
export function jsonErrors(log: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') {
      log.warn({ path: req.path, reason: 'invalid-payload' }, 'body too large');
      return sendFail(res, 'invalid-payload', 'body too large');
    }
    if (e.type === 'entity.parse.failed' || e.status === 400) {
      log.warn({ path: req.path, reason: 'invalid-payload' }, 'malformed JSON body');
      return sendFail(res, 'invalid-payload', 'body is not valid JSON');
    }
    log.error({ err, path: req.path }, 'request failed');
    return sendFail(res, 'internal-error');
  };
}

export function parseDayQuery(q: unknown): string {
  const r = dayQuery.safeParse(q);
  if (!r.success || !isValidDay(r.data.date)) throw new ServiceError('bad-date', 'date must be YYYY-MM-DD');
  return r.data.date;
}

export function parseLogin(body: unknown): string {
  const r = adminLoginRequest.safeParse(body);
  if (!r.success) throw new ServiceError('invalid-payload', 'password required');
  return r.data.password;
}

export type { Router };
export { express };
