import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ReasonCode } from '@onestop/shared';
import type { Logger } from '../log.js';
import { HTTP_STATUS, ServiceError } from '../http/errors.js';
import { auditedAsync } from '../audit/hook.js';
import type { ZnsService } from './service.js';

/** The raw body express.json kept (app.ts): Zalo signs the bytes it sent, not our re-serialisation. */
export const rawBodyOf = (req: Request) => (req as Request & { rawBody?: Buffer }).rawBody;

function handle(log: Logger, fn: (req: Request, res: Response) => unknown) {
  return async (req: Request, res: Response) => {
    try {
      const data = await fn(req, res);
      if (!res.headersSent) res.json({ ok: true, data: data ?? null });
    } catch (err) {
      if (err instanceof ServiceError) {
        log[err.reason === 'bad-signature' ? 'warn' : 'info']({ path: req.path, reason: err.reason, detail: err.detail, ip: req.ip }, 'ZNS request refused');
        const status = err.reason === 'bad-signature' ? 403 : (HTTP_STATUS[err.reason as ReasonCode] ?? 400);
        res.status(status).json({ ok: false, reason: err.reason, detail: err.detail });
      } else {
        log.error({ err, path: req.path }, 'ZNS request failed');
        res.status(500).json({ ok: false, reason: 'internal-error' });
      }
    }
  };
}

/**
 * GET /api/admin/zns/status, POST /api/admin/zns/test { to, kind? } ("gửi thử"), PUT /api/admin/zns/refresh-token
 * { refreshToken } (write-only), and Zalo's webhook POST /api/zns/webhook (signed with the OA secret key).
 */
export function znsRoutes(zns: ZnsService, requireAdmin: RequestHandler, log: Logger): Router {
  const r = Router();
  r.get('/api/admin/zns/status', requireAdmin, handle(log, () => zns.status()));
  r.post('/api/admin/zns/test', requireAdmin, handle(log, (req) => zns.sendTest(req.body)));
  r.put(
    '/api/admin/zns/refresh-token',
    requireAdmin,
    handle(log, (req, res) => auditedAsync(res, { kind: 'setting', action: 'update', target: 'zns.refreshToken', before: () => ({ refreshToken: '***' }) }, () => zns.replaceRefreshToken(req.body))),
  );
  r.post('/api/zns/webhook', handle(log, (req) => zns.webhook(rawBodyOf(req), req.header('x-zevent-signature'), req.body)));
  return r;
}
