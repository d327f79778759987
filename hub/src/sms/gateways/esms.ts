import type { Clock } from '@onestop/shared';
import type { DeliveryReport, LookupRequest, LookupResult, OutgoingSms, SendResult, SmsGateway } from '../gateway.js';
import { asText, callProvider, classifyHttpStatus, type HttpCall } from './http-call.js';
import { providerNumber } from './number-format.js';

export const ESMS_DEFAULT_API_BASE = 'https://rest.esms.vn';
export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';
export const ESMS_STATUS_PATH = '/MainService.svc/json/GetSendStatus';

export interface EsmsGatewayOptions {
  apiKey: string;
  secretKey: string;
  /** the brand name registered with eSMS (shown as the sender) */
  brandname: string;
  /** another origin (a stand-in); eSMS's own when unset */
  apiBase?: string;
  /** where eSMS reports one message's final status; null behind NAT (then the status is polled) */
  reportUrl: ((id: string) => string) | null;
  timeoutMs: number;
}

/**
 * eSMS's answer codes (CodeResult) that will not change by sending again: this number, this text, this account.
 * 101 (keys), 104 (brand name) and 140 (the hub's IP not whitelisted) are configuration errors: the message fails
 * at once with the reason, instead of every message waiting out its validity window.
 */
const PERMANENT: Record<string, string> = {
  '99': 'the number is blocked at eSMS',
  '101': 'wrong ApiKey or SecretKey (ESMS_API_KEY, ESMS_SECRET_KEY)',
  '102': 'no price list on the eSMS account',
  '104': 'the brand name is not registered with eSMS (ESMS_BRANDNAME)',
  '108': 'the number is not in a form eSMS accepts',
  '140': "this hub's IP address is not whitelisted at eSMS",
  '146': 'the text does not match a customer-care template registered with eSMS',
  '177': "the brand name is not registered on this number's network",
  '300': 'the message type is missing',
};

/** Codes that a later attempt may pass: the admin tops up the account. */
const TEMPORARY: Record<string, string> = {
  '103': 'the eSMS account balance is too low',
};

/**
 * eSMS (ViHAT) brand-name customer-care SMS, `SmsType` 2, through the JSON send method. `CodeResult` 100 means
 * eSMS accepted the request, not that the phone got it; the delivery status comes to the `CallbackUrl` (our id and
 * a per-message token in its path) or, behind NAT, from `GetSendStatus`.
 *
 * Our message id goes as `RequestId`, which eSMS keeps unique (a second request with it is answered 124,
 * "duplicate RequestId"). That makes the unanswered attempt safe to settle by asking again with the same
 * RequestId: 124 means the first one got in, 100 means it had not and now has (docs/decisions/0113-sms-brand-name-providers.md).
 */
export class EsmsGateway implements SmsGateway {
  readonly name = 'esms';
  readonly callbacks: boolean;
  /** eSMS sends Unicode text when asked (IsUnicode 1) */
  readonly unicode = true;

  constructor(
    private readonly opts: EsmsGatewayOptions,
    private readonly clock: Clock,
  ) {
    this.callbacks = !!opts.reportUrl;
  }

  private base(): string {
    return (this.opts.apiBase ?? ESMS_DEFAULT_API_BASE).replace(/\/$/, '');
  }

  /** The send request exactly as it goes on the wire (the presets' test compares it). */
  sendRequest(msg: OutgoingSms): HttpCall {
    const body: Record<string, string> = {
      ApiKey: this.opts.apiKey,
      Content: msg.body,
      Phone: providerNumber(msg.to, 'national'),
      SecretKey: this.opts.secretKey,
      Brandname: this.opts.brandname,
      SmsType: '2',
      IsUnicode: msg.encoding === 'ucs2' ? '1' : '0',
      RequestId: msg.id,
    };
    if (this.opts.reportUrl) body.CallbackUrl = this.opts.reportUrl(msg.id);
    return {
      method: 'POST',
      url: this.base() + ESMS_SEND_PATH,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    };
  }

  async send(msg: OutgoingSms): Promise<SendResult> {
    const out = await callProvider(this.sendRequest(msg), this.opts.timeoutMs);
    if (out.kind === 'not-sent') return { kind: 'temporary', code: out.code, text: out.text };
    if (out.kind === 'unknown') return out;
    if (out.status < 200 || out.status >= 300) return classifyHttpStatus('esms', out.status, out.text);
    return classifyEsmsAnswer(out.json, out.text);
  }

  /** Asks again with the same RequestId: eSMS answers 124 if the unanswered attempt got in, else takes it now. */
  async lookup(msg: LookupRequest): Promise<LookupResult> {
    // asking is sending when the first attempt never got in: never past the message's validity window
    if (msg.validUntil <= this.clock.now()) return { kind: 'unknown', code: 'expired-unasked', text: 'past its validity window: not asked again, since asking could send it' };
    const r = await this.send(msg);
    if (r.kind === 'accepted') {
      const gatewayId = r.gatewayId ?? '';
      return { kind: 'found', gatewayId, report: { status: 'sent', gatewayStatus: r.gatewayStatus ?? 'accepted', gatewayId } };
    }
    if (r.kind === 'unknown') return r;
    // refused now: so was the unanswered attempt (same request); the worker sends it again and meets the refusal
    return { kind: 'not-found' };
  }

  async poll(gatewayId: string): Promise<DeliveryReport | { status: 'unknown'; code: string; text: string }> {
    const q = new URLSearchParams({ RefId: gatewayId, ApiKey: this.opts.apiKey, SecretKey: this.opts.secretKey });
    const out = await callProvider({ method: 'GET', url: `${this.base()}${ESMS_STATUS_PATH}?${q}`, headers: { accept: 'application/json' } }, this.opts.timeoutMs);
    if (out.kind !== 'answer') return { status: 'unknown', code: out.code, text: out.text };
    const j = (out.json ?? {}) as Record<string, unknown>;
    const code = asText(j.CodeResponse ?? j.CodeResult);
    if (out.status !== 200 || code !== '100') return { status: 'unknown', code: `esms-${code || `http-${out.status}`}`, text: out.text.slice(0, 300) };
    return reportFromEsms({ SendStatus: asText(j.SendStatus), SendSuccess: asText(j.SendSuccess), SendFailed: asText(j.SendFailed), SMSID: gatewayId }) ?? { status: 'sent', gatewayStatus: `status-${asText(j.SendStatus)}`, gatewayId };
  }
}

/** The JSON answer of the send method, sorted into our four kinds. */
export function classifyEsmsAnswer(json: unknown, text: string): SendResult {
  const j = (json ?? {}) as Record<string, unknown>;
  const code = asText(j.CodeResult);
  const said = asText(j.ErrorMessage);
  if (code === '100') return { kind: 'accepted', gatewayId: asText(j.SMSID) || null, gatewayStatus: 'accepted' };
  // our RequestId is already there: an earlier attempt of this very message got in
  if (code === '124') return { kind: 'accepted', gatewayId: asText(j.SMSID) || null, gatewayStatus: 'duplicate-request' };
  if (!code) return { kind: 'permanent', code: 'esms-bad-answer', text: `eSMS did not accept the request (${text.slice(0, 200) || 'empty answer'})` };
  const withSaid = (why: string) => (said ? `${why} (${said})` : why);
  if (TEMPORARY[code]) return { kind: 'temporary', code: `esms-${code}`, text: withSaid(TEMPORARY[code]) };
  if (PERMANENT[code]) return { kind: 'permanent', code: `esms-${code}`, text: withSaid(PERMANENT[code]) };
  // a code we do not know: the provider answered no; not retried, so a misread answer never makes a duplicate
  return { kind: 'permanent', code: `esms-${code}`, text: withSaid(`eSMS refused the message with code ${code}`) };
}

/**
 * A status from eSMS (callback query or GetSendStatus) for a one-number request: SendSuccess 1 = delivered,
 * SendFailed 1 or SendStatus 4 (rejected) = failed, 1 / 2 / 7 (in review, waiting, at the telco) = still sent.
 * Null when it carries nothing we can use.
 */
export function reportFromEsms(q: Record<string, string | undefined>): DeliveryReport | null {
  const gatewayId = q.SMSID || null;
  const status = q.SendStatus ?? '';
  if (Number(q.SendSuccess) > 0) return { status: 'delivered', gatewayStatus: `status-${status}-delivered`, gatewayId };
  if (Number(q.SendFailed) > 0) return { status: 'failed', gatewayStatus: `status-${status}-failed`, gatewayId, code: 'esms-send-failed', text: 'eSMS reported the message undelivered' };
  if (status === '4') return { status: 'failed', gatewayStatus: 'status-4-rejected', gatewayId, code: 'esms-rejected', text: 'eSMS rejected the message' };
  if (['1', '2', '5', '7'].includes(status)) return { status: 'sent', gatewayStatus: `status-${status}`, gatewayId };
  return null;
}
