import { Router, type RequestHandler, type Response } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
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
    const p = (req.query as { procedureCode?: unknown }).procedureCode;
    if (typeof p !== 'string') throw new ServiceError('invalid-payload', 'procedureCode required');
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
export function filePublicRoutes(files: FileService, log: Logger): Router {
  const r = Router();
  r.get('/api/public/files/:code', handle(log, (req) => files.publicView(code(req))));
  return r;
}
