import express, { Router, type RequestHandler, type Response } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import type { ProcedureService } from './service.js';
import { audited } from '../audit/hook.js';
import { apiClientOf } from '../auth/http.js';

const yearOf = (q: unknown): number | undefined => {
  const y = (q as { year?: unknown }).year;
  if (y === undefined) return undefined;
  const n = Number(y);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new ServiceError('bad-date', 'year must be 2000–2100');
  return n;
};

/** The admin's catalogue and calendar: list, create, edit, CSV import; holidays by year. */
export function procedureAdminRoutes(procedures: ProcedureService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/procedures', requireAdmin, handle(log, () => procedures.list({ includeInactive: true })));
  r.post('/api/admin/procedures', requireAdmin, handle(log, (req, res) => {
    const p = audited(res, { kind: 'procedure', action: 'create' }, () => procedures.create(req.body));
    res.status(201);
    return p;
  }));
  r.post(
    '/api/admin/procedures/import',
    requireAdmin,
    express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '2mb' }),
    handle(log, (req, res) => {
      const result = audited(res, { kind: 'procedure', action: 'import-csv', target: 'csv' }, () => procedures.importCsv(req.body));
      log.info(result, 'procedures imported');
      return result;
    }),
  );
  r.patch('/api/admin/procedures/:code', requireAdmin, handle(log, (req, res) => audited(res, { kind: 'procedure', action: 'update', target: String(req.params.code), before: () => procedures.get(String(req.params.code)) }, () => procedures.update(String(req.params.code), req.body))));
  r.get('/api/admin/holidays', requireAdmin, handle(log, (req) => procedures.holidays(yearOf(req.query))));
  r.post('/api/admin/holidays', requireAdmin, handle(log, (req, res) => audited(res, { kind: 'holiday', action: 'set', before: () => procedures.holidays().find((h) => h.date === (req.body as { date?: unknown })?.date) }, () => procedures.setHoliday(req.body))));
  r.delete('/api/admin/holidays/:date', requireAdmin, handle(log, (req, res) => audited(res, { kind: 'holiday', action: 'delete', target: String(req.params.date), before: () => procedures.holidays().find((h) => h.date === req.params.date), after: () => null }, () => procedures.deleteHoliday(String(req.params.date)))));
  return r;
}

/** What the staff page and the kiosk read. */
export function procedureReadRoutes(procedures: ProcedureService, requireStaff: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/staff/procedures', requireStaff, handle(log, () => procedures.list()));
  r.get('/api/staff/holidays', requireStaff, handle(log, (req) => procedures.holidays(yearOf(req.query))));
  // the kiosk's public list (công khai thủ tục): nothing personal in it
  r.get('/api/public/procedures', handle(log, () => procedures.list()));
  return r;
}

/** API v1 for other software (Bearer token). */
export function procedureApiRoutes(procedures: ProcedureService, requireToken: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/v1/procedures', requireToken, handle(log, () => procedures.list({ includeInactive: true })));
  // another program's changes to the catalogue are audited like an admin's, under the token's name
  const actor = (res: Response) => `api-token:${apiClientOf(res).name}`;
  r.post('/api/v1/procedures', requireToken, handle(log, (req, res) => {
    const p = audited(res, { actor: actor(res), kind: 'procedure', action: 'create' }, () => procedures.create(req.body));
    res.status(201);
    return p;
  }));
  r.put('/api/v1/procedures/:code', requireToken, handle(log, (req, res) => {
    const code = String(req.params.code);
    const before = procedures.list({ includeInactive: true }).find((p) => p.code === code) ?? null;
    const { view, created } = audited(res, { actor: actor(res), kind: 'procedure', action: before ? 'replace' : 'create', target: code, before: () => before, after: (r) => r.view }, () => procedures.put(code, req.body));
    if (created) res.status(201);
    return view;
  }));
  return r;
}
