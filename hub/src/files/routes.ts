import { isValidDay } from '@onestop/shared';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from '../log.js';
import { handle, sendFail } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import { apiClientOf, principalOf } from '../auth/http.js';
import type { Actor, FileService } from './service.js';

const staffActor = (res: Response): Actor & { kind: 'user' } => {
  const p = principalOf(res);
  return { kind: 'user', userId: p.user.id, name: p.user.displayName, counterId: p.counterId };
};

const tokenActor = (res: Response): Actor => {
  const c = apiClientOf(res);
  return { kind: 'token', tokenId: c.tokenId, name: `API: ${c.name}` };
};

const code = (req: { params: Record<string, unknown> }) => String(req.params.code);

/** The staff counter page (session cookie, staff or admin). */
export function fileStaffRoutes(files: FileService, requireStaff: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/staff/files', requireStaff, handle(log, (req) => {
    const { list, q } = req.query as { list?: unknown; q?: unknown };
    if (q !== undefined) return files.search(q);
    return files.list(list ?? 'today');
  }));
  r.get('/api/staff/appointment', requireStaff, handle(log, (req) => {
    const { procedureCode: p, receivedOn } = req.query as { procedureCode?: unknown; receivedOn?: unknown };
    if (typeof p !== 'string') throw new ServiceError('invalid-payload', 'procedureCode required');
    // a file entered late: its appointment counts from the day it was received
    if (receivedOn !== undefined) {
      if (typeof receivedOn !== 'string' || !isValidDay(receivedOn)) throw new ServiceError('bad-date', 'receivedOn must be YYYY-MM-DD');
      return files.appointment(p, files.lateEntryInstant(receivedOn));
    }
    return files.appointment(p);
  }));
  r.post('/api/staff/files', requireStaff, handle(log, (req, res) => {
    const f = files.receiveAtCounter(req.body, staffActor(res));
    res.status(201);
    return f;
  }));
  r.get('/api/staff/files/:code', requireStaff, handle(log, (req) => files.get(code(req))));
  r.post('/api/staff/files/:code/status', requireStaff, handle(log, (req, res) => files.transition(code(req), req.body, staffActor(res))));
  r.get('/api/staff/files/:code/receipt', requireStaff, handle(log, (req) => files.receipt(code(req))));
  r.get('/api/staff/files/:code/apology', requireStaff, handle(log, (req) => files.apologySlip(code(req))));
  r.get('/api/staff/files/:code/sms', requireStaff, handle(log, (req) => files.messages(code(req))));
  // issue 14 §2: the clerk's undo of "ready" / "returned", and the room left for a reason in the SMS
  r.post('/api/staff/files/:code/undo', requireStaff, handle(log, (req, res) => files.undo(code(req), req.body, staffActor(res))));
  r.get('/api/staff/files/:code/sms-room', requireStaff, handle(log, (req) => files.smsRoom(code(req), (req.query as { kind?: unknown }).kind)));
  return r;
}

/** API v1 for other software (Bearer token): the same life cycle without the page. */
export function fileApiRoutes(files: FileService, requireToken: RequestHandler, log: Logger): Router {
  const r = Router();
  r.post('/api/v1/files', requireToken, handle(log, (req, res) => {
    const f = files.receiveFromApi(req.body, tokenActor(res));
    res.status(201);
    return f;
  }));
  r.get('/api/v1/files/:code', requireToken, handle(log, (req) => files.get(code(req))));
  r.post('/api/v1/files/:code/status', requireToken, handle(log, (req, res) => files.transition(code(req), req.body, tokenActor(res))));
  r.get('/api/v1/files/:code/sms', requireToken, handle(log, (req) => files.messages(code(req))));
  return r;
}

/** The kiosk's lookup (signed out): status and appointment by code, nothing personal. */
/**
 * How often one address may look files up without signing in (the kiosk's "tra cứu hồ sơ"). Codes are made from the
 * date and a running number, so a lookup that finds nothing is what guessing looks like: those have the tighter budget.
 * A kiosk's citizens share its address, so the overall budget is generous. In memory: a restart forgets it.
 */
export const PUBLIC_LOOKUP_LIMITS = { perMinute: 60, notFoundPerMinute: 10 };

export function filePublicRoutes(files: FileService, log: Logger, limits = PUBLIC_LOOKUP_LIMITS): Router {
  const r = Router();
  const ipOf = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
  const refuse = (req: Request, res: Response) => {
    log.warn({ ip: req.ip, path: req.path, reason: 'rate-limited' }, 'public file lookup rate-limited');
    sendFail(res, 'rate-limited', 'too many lookups from this address; wait a minute');
  };
  const common = { windowMs: 60_000, standardHeaders: 'draft-7' as const, legacyHeaders: false, handler: refuse, keyGenerator: ipOf };
  r.get(
    '/api/public/files/:code',
    rateLimit({ ...common, limit: limits.perMinute }),
    rateLimit({ ...common, limit: limits.notFoundPerMinute, skipSuccessfulRequests: true }),
    handle(log, (req) => files.publicView(code(req))),
  );
  return r;
}
