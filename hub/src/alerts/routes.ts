import { Router, type RequestHandler } from 'express';
import { alertsQuery, type AlertsAnswer, type AlertsToLive } from '@onestop/shared';
import type { Namespace } from 'socket.io';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import type { AlertService } from './service.js';

/** GET /api/admin/alerts: open alerts first, then the latest cleared ones. */
export function alertRoutes(alerts: AlertService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/alerts', requireAdmin, handle(log, (req) => {
    const q = alertsQuery.safeParse(req.query);
    if (!q.success) throw new ServiceError('invalid-payload', 'limit: 1–500');
    return { open: alerts.openCount(), alerts: alerts.list(q.data.limit) } satisfies AlertsAnswer;
  }));
  return r;
}

export type { AlertsToLive } from '@onestop/shared';

/**
 * The admin pages' badge rides on /live (already admin-only): the open count on connect and at every change.
 */
export function attachAlertsToLive(nsp: Namespace<Record<string, never>, AlertsToLive>, alerts: AlertService): void {
  nsp.on('connection', (socket) => socket.emit('alerts:count', alerts.openCount()));
  alerts.onChange((n) => nsp.emit('alerts:count', n));
}
