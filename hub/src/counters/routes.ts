import { Router, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import type { CounterService } from './service.js';
import type { DeviceService } from '../devices/service.js';

export function counterAdminRoutes(counters: CounterService, devices: DeviceService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/counters', requireAdmin, handle(log, () => counters.list()));
  r.post('/api/admin/counters', requireAdmin, handle(log, (req) => {
    const c = counters.create(req.body ?? {});
    log.info({ counterId: c.id }, 'counter created');
    return c;
  }));
  r.post('/api/admin/counters/:id/pair-code', requireAdmin, handle(log, (req) => devices.createPairingCode(String(req.params.id))));
  return r;
}
