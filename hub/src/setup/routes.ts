import { Router, type RequestHandler } from 'express';
import { handle } from '../http/routes.js';
import { principalOf } from '../auth/http.js';
import type { Logger } from '../log.js';
import type { SetupService } from './service.js';

/** GET /api/admin/setup (the first day's checklist), POST /api/admin/setup/procedures-reviewed. */
export function setupRoutes(setup: SetupService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/setup', requireAdmin, handle(log, () => setup.checklist()));
  r.post('/api/admin/setup/procedures-reviewed', requireAdmin, handle(log, (_req, res) => {
    const p = principalOf(res);
    return setup.proceduresReviewed({ id: p.user.id, name: p.user.username });
  }));
  return r;
}
