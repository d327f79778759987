import { Router, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { handle } from '../http/routes.js';
import type { ExportService } from './service.js';

const CONTENT_TYPE = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' } as const;

/** Export jobs, admin only: start, poll, download (docs/statistics.md). */
export function exportRoutes(deps: { exports: ExportService; requireAdmin: RequestHandler; log: Logger }): Router {
  const { exports, requireAdmin, log } = deps;
  const r = Router();
  r.post(
    '/api/admin/exports',
    requireAdmin,
    handle(log, (req, res) => {
      res.status(202);
      return exports.start(req.body);
    }),
  );
  r.get('/api/admin/exports/:id', requireAdmin, handle(log, (req) => exports.get(String(req.params.id))));
  r.get(
    '/api/admin/exports/:id/file',
    requireAdmin,
    handle(log, (req, res) => {
      const f = exports.file(String(req.params.id));
      res.setHeader('content-type', CONTENT_TYPE[f.format]);
      res.setHeader('cache-control', 'no-store');
      res.attachment(f.fileName);
      return new Promise<void>((resolve, reject) => res.sendFile(f.path, { headers: { 'content-type': CONTENT_TYPE[f.format] } }, (err) => (err ? reject(err) : resolve())));
    }),
  );
  return r;
}
