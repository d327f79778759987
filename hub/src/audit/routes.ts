import { Router, type RequestHandler } from 'express';
import { ServiceError } from '../http/errors.js';
import { handle, sendFail } from '../http/routes.js';
import type { Logger } from '../log.js';
import type { AuditService } from './service.js';
import { writeAuditCsv, writeAuditXlsx } from './export.js';

/** GET /api/admin/audit (filtered, paged) and its exports as CSV (UTF-8 with BOM) or XLSX. */
export function auditRoutes(audit: AuditService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/audit', requireAdmin, handle(log, (req) => audit.list(req.query)));
  const exporter = (format: 'csv' | 'xlsx'): RequestHandler => async (req, res) => {
    let q;
    try {
      const { page: _p, pageSize: _s, ...rest } = req.query as Record<string, unknown>;
      q = audit.filter(rest);
    } catch (e) {
      const err = e instanceof ServiceError ? e : new ServiceError('internal-error');
      log.warn({ path: req.path, reason: err.reason, detail: err.detail }, 'request refused');
      return sendFail(res, err.reason, err.detail);
    }
    const name = `nhat-ky-${q.from}_${q.to}.${format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    try {
      const names = audit.allNames();
      const rows = format === 'csv' ? await writeAuditCsv(res, audit.iterate(q.filter), names) : await writeAuditXlsx(res, audit.iterate(q.filter), names);
      log.info({ format, rows, from: q.from, to: q.to }, 'audit log exported');
    } catch (err) {
      log.error({ err }, 'audit export failed');
      res.destroy();
    }
  };
  r.get('/api/admin/audit/export.csv', requireAdmin, exporter('csv'));
  r.get('/api/admin/audit/export.xlsx', requireAdmin, exporter('xlsx'));
  return r;
}
