import { Router, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { handle, sendFail } from '../http/routes.js';
import { ServiceError } from '../http/errors.js';
import type { BackupService } from './service.js';

/**
 * GET /api/admin/backups (the copies and the last results), POST /api/admin/backups (one now),
 * GET /api/admin/backups/:name (download a copy for safe keeping elsewhere; it holds personal data: admins only).
 */
export function backupRoutes(backups: BackupService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/backups', requireAdmin, handle(log, () => backups.status()));
  r.post('/api/admin/backups', requireAdmin, handle(log, async () => {
    const run = await backups.backupNow('admin');
    if (!run.ok) throw new ServiceError('backup-failed', run.error ?? undefined);
    return run;
  }));
  r.get('/api/admin/backups/:name', requireAdmin, (req, res) => {
    let file: string;
    try {
      file = backups.filePath(String(req.params.name));
    } catch (err) {
      const reason = err instanceof ServiceError ? err.reason : 'internal-error';
      log.warn({ path: req.path, reason }, 'request refused');
      return sendFail(res, reason);
    }
    log.info({ file: req.params.name }, 'backup downloaded by an admin');
    res.download(file, String(req.params.name), { headers: { 'content-type': 'application/vnd.sqlite3' } }, (err) => {
      if (err) log.warn({ err: err.message, file: req.params.name }, 'backup download interrupted');
    });
  });
  return r;
}
