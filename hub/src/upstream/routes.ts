import { Router, type RequestHandler } from 'express';
import { upstreamListQuery } from '@onestop/shared';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { handle } from '../http/routes.js';
import type { UpstreamService } from './service.js';
import { parseOr } from '../http/parse.js';

/** The admin's view of the upstream outbox: status and link, the summaries, "send again", a link test, "check now". */
export function upstreamRoutes(deps: { upstream: UpstreamService; requireAdmin: RequestHandler; log: Logger }): Router {
  const { upstream, requireAdmin, log } = deps;
  const r = Router();
  r.get('/api/admin/upstream', requireAdmin, handle(log, () => upstream.status()));
  r.get('/api/admin/upstream/summaries', requireAdmin, handle(log, (req) => upstream.list(parseOr(upstreamListQuery, req.query))));
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
