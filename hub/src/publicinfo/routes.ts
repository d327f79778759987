import { Router, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import type { PublicInfoService } from './service.js';
import { audited } from '../audit/hook.js';

/**
 * Signed out (the kiosk and the counter's sign-in form): the commune's name and leaders' phone numbers, and the
 * counters' names so staff can choose where they sit. Nothing personal in either.
 */
export function publicInfoRoutes(info: PublicInfoService, counters: { list(): { id: string; name: string }[] }, log: Logger): Router {
  const r = Router();
  r.get('/api/public/info', handle(log, () => info.info()));
  r.get('/api/public/counters', handle(log, () => counters.list().map((c) => ({ id: c.id, name: c.name }))));
  return r;
}

/** The admin's editing of the published phone numbers. */
export function contactAdminRoutes(info: PublicInfoService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/contacts', requireAdmin, handle(log, () => info.contacts()));
  r.post('/api/admin/contacts', requireAdmin, handle(log, (req, res) => {
    const c = audited(res, { kind: 'contact', action: 'create' }, () => info.create(req.body));
    res.status(201);
    return c;
  }));
  r.put('/api/admin/contacts/:id', requireAdmin, handle(log, (req, res) => audited(res, { kind: 'contact', action: 'update', target: String(req.params.id), before: () => info.contacts().find((c) => c.id === req.params.id) }, () => info.replace(String(req.params.id), req.body))));
  r.delete('/api/admin/contacts/:id', requireAdmin, handle(log, (req, res) => audited(res, { kind: 'contact', action: 'delete', target: String(req.params.id), before: () => info.contacts().find((c) => c.id === req.params.id) }, () => info.remove(String(req.params.id)))));
  return r;
}
