import { Router } from 'express';
import type { AdminDeviceView } from '@onestop/shared';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import { audited } from '../audit/hook.js';
import type { DeviceService } from './service.js';
import type { PairingGuard } from './pairingGuard.js';
import { ServiceError } from '../http/errors.js';
import type { RequestHandler } from 'express';

export function pairingRoutes(devices: DeviceService, guard: PairingGuard, log: Logger): Router {
  const r = Router();
  r.post('/api/pair', handle(log, (req, httpRes) => {
    // counted before the code is checked; refused without checking it when over the limits (issue 11, finding 4)
    const address = req.ip ?? 'unknown';
    const ticket = guard.attempt(address);
    if ('retryAfterMs' in ticket) {
      const s = Math.ceil(ticket.retryAfterMs / 1000);
      httpRes.setHeader('Retry-After', String(s));
      throw new ServiceError('rate-limited', `too many refused pairing codes; try again in ${s} s`);
    }
    let res;
    try {
      // the token in the answer is never recorded: the entry keeps what was paired, where, with which scale
      res = audited(httpRes, { kind: 'device', action: 'pair', actor: 'pairing-code', target: (p) => p.deviceId, after: (p) => ({ deviceId: p.deviceId, kind: p.kind, counter: p.counter, scale: p.scale, minIntervalS: p.minIntervalS }) }, () => devices.pair(req.body));
    } catch (e) {
      ticket.failed();
      throw e;
    }
    ticket.succeeded();
    log.info({ deviceId: res.deviceId, counterId: res.counter.id, kind: res.kind, ip: address }, 'device paired');
    return res;
  }));
  return r;
}

/** What the audit log keeps of a device: its settings, not its presence. */
const auditView = (d: { id: string; counterId: string; kind: string; label: string | null; scale: unknown; minIntervalS: number; revoked: boolean } | undefined) =>
  d && { id: d.id, counterId: d.counterId, kind: d.kind, label: d.label, scale: d.scale, minIntervalS: d.minIntervalS, revoked: d.revoked };

export function deviceAdminRoutes(devices: DeviceService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  r.get('/api/admin/devices', requireAdmin, handle(log, () => devices.list().map((d): AdminDeviceView => ({ ...devices.presence(d), scale: d.scale, minIntervalS: d.minIntervalS }))));
  r.patch('/api/admin/devices/:id', requireAdmin, handle(log, (req, res) =>
    audited(res, { kind: 'device', action: 'update', target: id(req), before: () => auditView(devices.get(id(req))), after: (d) => auditView(d) }, () => devices.update(id(req), req.body)),
  ));
  r.post('/api/admin/devices/:id/revoke', requireAdmin, handle(log, (req, res) => {
    audited(res, { kind: 'device', action: 'revoke', target: id(req), before: () => auditView(devices.get(id(req))), after: () => auditView(devices.get(id(req))) }, () => devices.revoke(id(req)));
    log.info({ deviceId: req.params.id }, 'device revoked');
    return null;
  }));
  return r;
}
