import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { smsTestRequest, type ReasonCode } from '@onestop/shared';
import type { Logger } from '../log.js';
import { HTTP_STATUS, ServiceError } from '../http/errors.js';
import type { SmsService } from './service.js';
import { audited } from '../audit/hook.js';

/** Statuses of the SMS reason codes (kept here so this feature does not edit the shared table). */
const SMS_HTTP_STATUS: Partial<Record<ReasonCode, number>> = {
  'phone-invalid': 400,
  'phone-not-mobile': 400,
  'sms-template-invalid': 400,
  'sms-not-resendable': 409,
  'bad-signature': 403,
};

function fail(res: Response, reason: ReasonCode, detail?: string): void {
  res.status(SMS_HTTP_STATUS[reason] ?? HTTP_STATUS[reason] ?? 400).json(detail === undefined ? { ok: false, reason } : { ok: false, reason, detail });
}

function handle(log: Logger, fn: (req: Request, res: Response) => unknown, status = 200) {
  return (req: Request, res: Response) => {
    try {
      const data = fn(req, res);
      if (!res.headersSent) res.status(status).json({ ok: true, data: data ?? null });
    } catch (err) {
      if (err instanceof ServiceError) {
        const level = err.reason === 'bad-signature' ? 'warn' : 'info';
        // the path holds only our message id; never the query (Kannel's token) or the body (numbers)
        log[level]({ path: req.path, reason: err.reason, detail: err.detail, ip: req.ip }, 'SMS request refused');
        fail(res, err.reason, err.detail);
      } else {
        log.error({ err, path: req.path }, 'SMS request failed');
        fail(res, 'internal-error');
      }
    }
  };
}

/**
 * Admin endpoints (templates, preview, messages, resend, test) behind the admin middleware, and the gateways'
 * delivery-report endpoints, authenticated by their own means (Kannel: a per-message token; Twilio: its
 * X-Twilio-Signature).
 */
export function smsRoutes(deps: { sms: SmsService; requireAdmin: RequestHandler; log: Logger }): Router {
  const { sms, requireAdmin, log } = deps;
  const r = Router();
  const id = (req: Request) => String(req.params.id);

  r.get('/api/admin/sms/status', requireAdmin, handle(log, () => sms.status()));
  r.get('/api/admin/sms/messages', requireAdmin, handle(log, (req) => sms.list(req.query)));
  r.get('/api/admin/sms/messages/:id', requireAdmin, handle(log, (req) => sms.get(id(req))));
  r.post('/api/admin/sms/messages/:id/resend', requireAdmin, handle(log, (req) => sms.resend(id(req)), 201));
  r.get('/api/admin/sms/templates', requireAdmin, handle(log, () => sms.templates()));
  r.put('/api/admin/sms/templates/:kind', requireAdmin, handle(log, (req, res) => audited(res, { kind: 'sms-template', action: 'update', target: String(req.params.kind), before: () => sms.templates().find((t) => t.kind === req.params.kind) }, () => sms.updateTemplate(String(req.params.kind), req.body))));
  r.delete('/api/admin/sms/templates/:kind', requireAdmin, handle(log, (req, res) => audited(res, { kind: 'sms-template', action: 'reset', target: String(req.params.kind), before: () => sms.templates().find((t) => t.kind === req.params.kind) }, () => sms.resetTemplate(String(req.params.kind)))));
  r.post('/api/admin/sms/preview', requireAdmin, handle(log, (req) => sms.preview(req.body)));
  r.post(
    '/api/admin/sms/test',
    requireAdmin,
    handle(
      log,
      (req) => {
        const b = smsTestRequest.safeParse(req.body);
        if (!b.success) throw new ServiceError('invalid-payload', 'body is { "to": "09…" }');
        return sms.sendTest(b.data.to);
      },
      201,
    ),
  );

  // Kannel calls the dlr-url with GET
  r.get('/api/sms/kannel/dlr/:id', handle(log, (req) => sms.kannelReport(id(req), req.query as Record<string, unknown>)));
  // eSMS calls its CallbackUrl with GET and its own query
  r.get('/api/sms/esms/report/:id/:token', handle(log, (req) => sms.esmsReport(id(req), String(req.params.token), req.query as Record<string, unknown>)));
  r.post(
    '/api/sms/twilio/status/:id',
    express.urlencoded({ extended: false, limit: '16kb' }),
    handle(log, (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const params = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      return sms.twilioReport(id(req), req.header('x-twilio-signature'), params);
    }),
  );
  return r;
}
