import { Router, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import type { RetentionService } from './service.js';

/** GET /api/admin/retention (when it last ran, what it removed, what is pending); POST …/run runs it now. */
export function retentionRoutes(retention: RetentionService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/retention', requireAdmin, handle(log, () => retention.status()));
  r.post('/api/admin/retention/run', requireAdmin, handle(log, async () => {
    const run = await retention.run();
    log.info({ runId: run.id, files: run.files }, 'retention run started by an admin');
    return run;
  }));
  return r;
}
