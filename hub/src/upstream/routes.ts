import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { isValidDay } from '@onestop/shared';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { handle } from '../http/routes.js';
import type { UpstreamService } from './service.js';

const day = z.string().refine(isValidDay, 'a day is YYYY-MM-DD');
const listQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  status: z.enum(['pending', 'sent', 'failed', 'superseded']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** The admin's view of the upstream outbox: status and link, the summaries, "send again", a link test, "check now". */
export function upstreamRoutes(deps: { upstream: UpstreamService; requireAdmin: RequestHandler; log: Logger }): Router {
  const { upstream, requireAdmin, log } = deps;
  const r = Router();
  r.get('/api/admin/upstream', requireAdmin, handle(log, () => upstream.status()));
  r.get(
    '/api/admin/upstream/summaries',
    requireAdmin,
    handle(log, (req) => {
      const q = listQuery.safeParse(req.query);
      if (!q.success) throw new ServiceError('invalid-payload', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return upstream.list(q.data);
    }),
  );
  r.post(
    '/api/admin/upstream/summaries/:date/resend',
    requireAdmin,
    handle(log, (req) => upstream.resend(String(req.params.date))),
  );
  r.post('/api/admin/upstream/test', requireAdmin, handle(log, () => upstream.testLink()));
  r.post(
    '/api/admin/upstream/check',
    requireAdmin,
    handle(log, async () => {
      if (!upstream.enabled()) throw new ServiceError('upstream-not-configured', 'set UPSTREAM_URL and UPSTREAM_SECRET');
      const queued = await upstream.checkGently({ full: true });
      upstream.kick();
      return { queued };
    }),
  );
  return r;
}
