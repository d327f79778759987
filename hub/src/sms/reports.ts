import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@onestop/shared';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import type { DeliveryReport, SmsGateway } from './gateway.js';
import { reportFromKannelDlr } from './gateways/kannel.js';
import { reportFromEsms } from './gateways/esms.js';
import { reportFromTwilioStatus, TwilioGateway } from './gateways/twilio.js';
import type { SmsStore } from './store.js';

/** Delivery reports from the gateways (callbacks, lookups, polls), and the signed URLs Kannel reports to. */
export class SmsReports {
  constructor(
    private readonly deps: {
      store: SmsStore;
      clock: Clock;
      log: Logger;
      /** this hub's callback secret */
      secret: Buffer;
      /** the gateway in use now (the admin may change it) */
      gateway: () => SmsGateway;
      /** where Kannel reaches this hub */
      baseUrl: () => string;
    },
  ) {}

  /**
   * A status from the gateway (callback, lookup or poll). Never moves a message backwards: delivered stays
   * delivered, a report that it left settles an unanswered attempt, and a report for a message still queued
   * proves an earlier attempt got out, so it is not sent again.
   */
  applyReport(id: string, report: DeliveryReport, pollAt: number | null = null): boolean {
    const { store } = this.deps;
    const now = this.deps.clock.now();
    const gid = report.gatewayId ?? null;
    let changed: boolean;
    if (report.status === 'sent') changed = store.markSent(id, now, gid, pollAt, report.gatewayStatus, ['queued', 'sending', 'expired']);
    else if (report.status === 'delivered') changed = store.markDelivered(id, now, gid, report.gatewayStatus);
    else changed = store.markFailed(id, ['queued', 'sending', 'sent', 'expired'], { code: report.code, text: report.text }, now, { gatewayId: gid, gatewayStatus: report.gatewayStatus, sent: true });
    if (changed) this.deps.log.info({ smsId: id, status: report.status, gatewayStatus: report.gatewayStatus }, 'SMS status from the gateway');
    return changed;
  }

  /** Where Kannel reports on one message: our id and token in the path and query, Kannel's %d (type) and %F (SMSC id). */
  kannelDlrUrl(id: string): string {
    const base = this.deps.baseUrl().replace(/\/$/, '');
    return `${base}/api/sms/kannel/dlr/${id}?type=%d&token=${this.callbackToken(id)}&fid=%F`;
  }

  /** The token in a Kannel dlr-url: HMAC of the message id with this hub's secret, so nobody else can report. */
  callbackToken(id: string): string {
    return createHmac('sha256', this.deps.secret).update(`sms-dlr:${id}`).digest('base64url').slice(0, 32);
  }

  private tokenOk(id: string, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const a = Buffer.from(this.callbackToken(id));
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** GET /api/sms/kannel/dlr/:id?type=%d&token=…&fid=%F */
  kannelReport(id: string, query: Record<string, unknown>): { applied: boolean } {
    if (!this.tokenOk(id, query.token)) throw new ServiceError('bad-signature', 'missing or wrong token');
    if (!this.deps.store.get(id)) throw new ServiceError('not-found', 'no such message');
    const report = reportFromKannelDlr(Number(query.type), typeof query.fid === 'string' ? query.fid : undefined);
    if (!report) return { applied: false };
    return { applied: this.applyReport(id, report) };
  }

  /**
   * Where eSMS reports one message: our id and token in the path, since eSMS adds its own query (?SMSID=…) to the
   * address as given.
   */
  esmsReportUrl(id: string): string {
    return `${this.deps.baseUrl().replace(/\/$/, '')}/api/sms/esms/report/${id}/${this.callbackToken(id)}`;
  }

  /** GET /api/sms/esms/report/:id/:token?SMSID=…&SendStatus=…&SendSuccess=…&SendFailed=… */
  esmsReport(id: string, token: string, query: Record<string, unknown>): { applied: boolean } {
    if (!this.tokenOk(id, token)) throw new ServiceError('bad-signature', 'missing or wrong token');
    const row = this.deps.store.get(id);
    if (!row) throw new ServiceError('not-found', 'no such message');
    const q = Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    if (row.gateway_message_id && q.SMSID && row.gateway_message_id !== q.SMSID) {
      this.deps.log.warn({ smsId: id, gatewayId: q.SMSID }, 'eSMS report for another SMSID of this message ignored');
      return { applied: false };
    }
    const report = reportFromEsms(q);
    if (!report) throw new ServiceError('invalid-payload', 'SendStatus, SendSuccess or SendFailed missing');
    return { applied: this.applyReport(id, report) };
  }

  /** POST /api/sms/twilio/status/:id, signed by Twilio with our auth token. */
  twilioReport(id: string, signature: string | undefined, params: Record<string, string>): { applied: boolean } {
    const gateway = this.deps.gateway();
    if (!(gateway instanceof TwilioGateway)) throw new ServiceError('not-found', 'the Twilio gateway is not in use');
    if (!gateway.validCallback(id, signature, params)) throw new ServiceError('bad-signature', signature ? 'X-Twilio-Signature does not match' : 'X-Twilio-Signature missing');
    const row = this.deps.store.get(id);
    if (!row) throw new ServiceError('not-found', 'no such message');
    const sid = params.MessageSid ?? params.SmsSid;
    if (row.gateway_message_id && sid && row.gateway_message_id !== sid) {
      this.deps.log.warn({ smsId: id, gatewayId: sid }, 'Twilio status for another SID of this message ignored');
      return { applied: false };
    }
    const status = params.MessageStatus ?? params.SmsStatus ?? '';
    if (!status) throw new ServiceError('invalid-payload', 'MessageStatus missing');
    return { applied: this.applyReport(id, reportFromTwilioStatus(status, params.ErrorCode, params.ErrorMessage, sid)) };
  }
}
