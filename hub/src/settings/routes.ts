import { Router, type RequestHandler } from 'express';
import { handle } from '../http/routes.js';
import { principalOf } from '../auth/http.js';
import type { Logger } from '../log.js';
import type { SettingsService } from './service.js';

/** GET /api/admin/settings (secrets as set / not set only), PUT /api/admin/settings { values }. */
export function settingsRoutes(settings: SettingsService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/settings', requireAdmin, handle(log, () => settings.list()));
  r.put('/api/admin/settings', requireAdmin, handle(log, (req, res) => {
    const p = principalOf(res);
    const changed = settings.update(req.body, { id: p.user.id, name: p.user.username });
    log.info({ keys: changed.map((c) => c.key), by: p.user.id }, 'settings changed');
    return settings.list();
  }));
  return r;
}
