import { Router } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import type { DeviceService } from './service.js';
import type { RequestHandler } from 'express';

export function pairingRoutes(devices: DeviceService, log: Logger): Router {
  const r = Router();
  r.post('/api/pair', handle(log, (req) => {
    const res = devices.pair(req.body);
    log.info({ deviceId: res.deviceId, counterId: res.counter.id, kind: res.kind }, 'device paired');
    return res;
  }));
  return r;
}

export function deviceAdminRoutes(devices: DeviceService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/devices', requireAdmin, handle(log, () => devices.list().map((d) => devices.presence(d))));
  r.patch('/api/admin/devices/:id', requireAdmin, handle(log, (req) => devices.update(String(req.params.id), req.body)));
  r.post('/api/admin/devices/:id/revoke', requireAdmin, handle(log, (req) => {
    devices.revoke(String(req.params.id));
    log.info({ deviceId: req.params.id }, 'device revoked');
    return null;
  }));
  return r;
}
