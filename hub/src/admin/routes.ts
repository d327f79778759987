import { Router } from 'express';
import type { Clock } from '@onestop/shared';
import type { Logger } from '../log.js';
import { handle, parseDayQuery } from '../http/routes.js';
import type { LiveService } from '../live/service.js';
import { buildDailySummary } from '../summary/build.js';
import type { Db } from '../db/open.js';
import type { AuthService } from '../auth/service.js';
import { requireRole, sessionToken } from '../auth/http.js';
import { loginHandler, logoutHandler } from '../auth/routes.js';

/**
 * The admin page's door and its read-only views. /api/admin/login takes `{ username?, password }` (username
 * "admin" when absent, as the page sent before accounts existed) and admits administrators only; staff sign in
 * at /api/auth/login with their counter.
 */
export function adminRoutes(deps: {
  auth: AuthService;
  live: LiveService;
  db: Db;
  clock: Clock;
  commune: { code: string; name: string };
  log: Logger;
}): Router {
  const { auth, live, log } = deps;
  const r = Router();
  const admin = requireRole(auth, 'admin');
  r.post('/api/admin/login', loginHandler(auth, log, { adminOnly: true }));
  r.post('/api/admin/logout', logoutHandler(auth));
  r.get('/api/admin/session', (req, res) => {
    const p = auth.authenticate(sessionToken(req));
    const view = auth.sessionView(p && p.user.role === 'admin' ? p : null);
    res.json({ ok: true, data: view });
  });
  r.get('/api/admin/live', admin, handle(log, () => live.snapshot()));
  r.get('/api/admin/summary', admin, handle(log, (req) => buildDailySummary(deps.db, deps.clock, { date: parseDayQuery(req.query), commune: deps.commune })));
  return r;
}
