import { Router, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import type { StatsService } from './service.js';

/** The statistics API, admin only (docs/api.md, docs/statistics.md). */
export function statsRoutes(deps: { stats: StatsService; requireAdmin: RequestHandler; log: Logger }): Router {
  const { stats, requireAdmin, log } = deps;
  const r = Router();
  r.get('/api/admin/stats', requireAdmin, handle(log, (req) => stats.period(stats.range(req.query))));
  r.get('/api/admin/stats/comments', requireAdmin, handle(log, (req) => stats.comments(req.query as Record<string, unknown>)));
  return r;
}
