import { Router } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import { principalOf, requireRole, sessionToken } from '../auth/http.js';
import { loginHandler, logoutHandler } from '../auth/routes.js';
import type { AuthService } from '../auth/service.js';
import { communeCode, type CommuneService } from './communes.js';
import { parseRange, type ProvinceReports } from './report.js';
import { toCsv, toXlsx } from './export.js';
import { isValidDay } from '@onestop/shared';

/**
 * The province's pages' API: sign-in (province accounts, administrators only), the communes and their secrets,
 * reports and exports. Everything but sign-in needs a session.
 */
export function provinceRoutes(deps: { auth: AuthService; communes: CommuneService; reports: ProvinceReports; log: Logger }): Router {
  const { auth, communes, reports, log } = deps;
  const r = Router();
  const admin = requireRole(auth, 'admin');
  r.post('/api/province/login', loginHandler(auth, log, { adminOnly: true }));
  r.post('/api/province/logout', logoutHandler(auth));
  r.get('/api/province/session', (req, res) => {
    const p = auth.authenticate(sessionToken(req));
    res.json({ ok: true, data: auth.sessionView(p && p.user.role === 'admin' ? p : null) });
  });

  r.get('/api/province/communes', admin, handle(log, () => communes.list()));
  r.post('/api/province/communes', admin, handle(log, (req, res) => {
    const made = communes.add(req.body);
    log.info({ communeCode: made.commune.code, by: principalOf(res).user.id }, 'commune registered');
    res.status(201);
    return made;
  }));
  r.post('/api/province/communes/:code/rotate-secret', admin, handle(log, (req, res) => {
    const made = communes.rotate(String(req.params.code));
    log.info({ communeCode: made.commune.code, by: principalOf(res).user.id }, 'commune secret rotated');
    return made;
  }));

  r.get('/api/province/report', admin, handle(log, (req) => {
    const { from, to } = parseRange(req.query);
    return reports.report(from, to);
  }));
  r.get('/api/province/communes/:code/days/:day', admin, handle(log, (req) => {
    const code = communeCode.safeParse(req.params.code);
    const day = String(req.params.day);
    if (!code.success) throw new ServiceError('commune-not-found', String(req.params.code));
    if (!isValidDay(day)) throw new ServiceError('bad-date', 'YYYY-MM-DD');
    return reports.revisions(code.data, day);
  }));
  r.get('/api/province/export.csv', admin, handle(log, (req, res) => {
    const { from, to } = parseRange(req.query);
    const kind = req.query.kind === 'days' ? 'days' : 'communes';
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tong-hop-${kind === 'days' ? 'theo-ngay' : 'theo-xa'}-${from}-${to}.csv"`);
    res.send(toCsv(reports, reports.report(from, to), kind));
  }));
  r.get('/api/province/export.xlsx', admin, handle(log, async (req, res) => {
    const { from, to } = parseRange(req.query);
    const buf = await toXlsx(reports, reports.report(from, to));
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="tong-hop-${from}-${to}.xlsx"`);
    res.send(buf);
  }));
  return r;
}
