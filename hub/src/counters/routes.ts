import { Router, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import { audited } from '../audit/hook.js';
import type { CounterService } from './service.js';
import type { DeviceService } from '../devices/service.js';

export function counterAdminRoutes(counters: CounterService, devices: DeviceService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  r.get('/api/admin/counters', requireAdmin, handle(log, () => counters.list()));
  r.post('/api/admin/counters', requireAdmin, handle(log, (req, res) => {
    const c = audited(res, { kind: 'counter', action: 'create' }, () => counters.create(req.body ?? {}));
    log.info({ counterId: c.id }, 'counter created');
    return c;
  }));
  r.patch('/api/admin/counters/:id', requireAdmin, handle(log, (req, res) => {
    const c = audited(res, { kind: 'counter', action: 'update', target: id(req), before: () => counters.get(id(req)) }, () => counters.update(id(req), req.body));
    log.info({ counterId: c.id }, 'counter changed');
    return c;
  }));
  // the code itself is a one-time secret: the audit entry keeps only when it expires
  r.post('/api/admin/counters/:id/pair-code', requireAdmin, handle(log, (req, res) =>
    audited(res, { kind: 'device', action: 'pair-code', target: id(req), after: (c) => ({ counterId: id(req), expiresAt: c.expiresAt }) }, () => devices.createPairingCode(id(req))),
  ));
  return r;
}
