import type { DeliveryReport, OutgoingSms, SendResult, SmsGateway } from '../gateway.js';
import { asText, basicAuth, callProvider, classifyHttpStatus, jsonAt, type HttpCall } from './http-call.js';
import { providerNumber } from './number-format.js';

export const SPEEDSMS_DEFAULT_API_BASE = 'https://api.speedsms.vn';
export const SPEEDSMS_SEND_PATH = '/index.php/sms/send';
export const SPEEDSMS_STATUS_PATH = '/index.php/sms/status/';
/** sms_type 3: sent under the account's registered brand name (`sender`) */
export const SPEEDSMS_BRANDNAME_TYPE = 3;

export interface SpeedSmsGatewayOptions {
  /** the API access token (Basic authentication user, password "x") */
  token: string;
  /** the registered brand name */
  sender: string;
  apiBase?: string;
  timeoutMs: number;
}

/** SpeedSMS error codes that will not change by sending again (007–009: the account or this hub's IP is blocked). */
const PERMANENT: Record<string, string> = {
  '007': "this hub's IP address is locked at SpeedSMS",
  '008': 'the SpeedSMS account is blocked',
  '009': 'the SpeedSMS account may not use the API',
  '101': 'SpeedSMS found a parameter missing or invalid (check SPEEDSMS_SENDER)',
  '105': 'SpeedSMS says the number is invalid',
  '110': 'SpeedSMS does not support the text encoding',
  '113': 'the text is too long for SpeedSMS',
};

/** Codes a later attempt may pass: the balance is topped up; 500 is SpeedSMS's own "please try again". */
const TEMPORARY: Record<string, string> = {
  '300': 'the SpeedSMS account balance is too low',
  '500': 'SpeedSMS had an internal error and asks to try again',
};

/**
 * SpeedSMS's REST send method: POST /index.php/sms/send with the token as the Basic user, numbers as 849…, brand
 * name SMS (`sms_type` 3). Its answer names a transaction (`tranId`), whose status is polled. SpeedSMS has no
 * idempotency key and no search by text, so an unanswered attempt cannot be looked up: it is marked failed
 * `unconfirmed` after `unconfirmedAfterMs` and never sent again blindly (0020).
 */
export class SpeedSmsGateway implements SmsGateway {
  readonly name = 'speedsms';
  readonly callbacks = false;
  readonly unicode = true;

  constructor(private readonly opts: SpeedSmsGatewayOptions) {}

  private base(): string {
    return (this.opts.apiBase ?? SPEEDSMS_DEFAULT_API_BASE).replace(/\/$/, '');
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', accept: 'application/json', authorization: basicAuth(this.opts.token, 'x') };
  }

  /** The send request exactly as it goes on the wire (the presets' test compares it). */
  sendRequest(msg: OutgoingSms): HttpCall {
    const body = { to: [providerNumber(msg.to, 'international')], content: msg.body, sms_type: SPEEDSMS_BRANDNAME_TYPE, sender: this.opts.sender };
    return { method: 'POST', url: this.base() + SPEEDSMS_SEND_PATH, headers: this.headers(), body: JSON.stringify(body) };
  }

  async send(msg: OutgoingSms): Promise<SendResult> {
    const out = await callProvider(this.sendRequest(msg), this.opts.timeoutMs);
    if (out.kind === 'not-sent') return { kind: 'temporary', code: out.code, text: out.text };
    if (out.kind === 'unknown') return out;
    if (out.status === 429) {
      // "Rate limit exceeded": X-Rate-Limit-Reset says in how many seconds the window opens again
      const reset = Number(out.headers['x-rate-limit-reset']);
      return { kind: 'temporary', code: 'speedsms-429', text: 'SpeedSMS rate limit exceeded', retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined };
    }
    if (out.status === 401 || out.status === 403) return { kind: 'permanent', code: 'speedsms-auth', text: `SpeedSMS refused the token (SPEEDSMS_TOKEN): HTTP ${out.status}` };
    if (out.status < 200 || out.status >= 300) return classifyHttpStatus('speedsms', out.status, out.text);
    return classifySpeedSmsAnswer(out.json, out.text, providerNumber(msg.to, 'international'));
  }

  async poll(gatewayId: string): Promise<DeliveryReport | { status: 'unknown'; code: string; text: string }> {
    const out = await callProvider({ method: 'GET', url: this.base() + SPEEDSMS_STATUS_PATH + encodeURIComponent(gatewayId), headers: this.headers() }, this.opts.timeoutMs);
    if (out.kind !== 'answer') return { status: 'unknown', code: out.code, text: out.text };
    const j = out.json as Record<string, unknown> | undefined;
    if (out.status !== 200 || asText(j?.status) !== 'success') return { status: 'unknown', code: `speedsms-${asText(j?.code) || `http-${out.status}`}`, text: out.text.slice(0, 300) };
    const first = jsonAt(j, 'data.0') as Record<string, unknown> | undefined;
    return reportFromSpeedSms(asText(first?.status), gatewayId);
  }
}

/** The JSON answer of sms/send, sorted into our four kinds. */
export function classifySpeedSmsAnswer(json: unknown, text: string, number: string): SendResult {
  const j = (json ?? {}) as Record<string, unknown>;
  const code = asText(j.code);
  const said = asText(j.message);
  const invalid = (jsonAt(j, 'data.invalidPhone') ?? j.invalidPhone) as unknown;
  if (Array.isArray(invalid) && invalid.map(String).includes(number)) return { kind: 'permanent', code: 'speedsms-105', text: PERMANENT['105']! };
  if (asText(j.status) === 'success') return { kind: 'accepted', gatewayId: asText(jsonAt(j, 'data.tranId')) || null, gatewayStatus: 'accepted' };
  if (!code) return { kind: 'permanent', code: 'speedsms-bad-answer', text: `SpeedSMS did not accept the request (${text.slice(0, 200) || 'empty answer'})` };
  const withSaid = (why: string) => (said ? `${why} (${said})` : why);
  if (TEMPORARY[code]) return { kind: 'temporary', code: `speedsms-${code}`, text: withSaid(TEMPORARY[code]) };
  return { kind: 'permanent', code: `speedsms-${code}`, text: withSaid(PERMANENT[code] ?? `SpeedSMS refused the message with code ${code}`) };
}

/** A SpeedSMS per-number status: 0 delivered, 1–63 still on its way, 64 and above failed. */
export function reportFromSpeedSms(status: string, gatewayId: string): DeliveryReport | { status: 'unknown'; code: string; text: string } {
  const n = Number(status);
  if (status === '' || !Number.isInteger(n)) return { status: 'unknown', code: 'speedsms-no-status', text: 'SpeedSMS gave no status for the number' };
  if (n === 0) return { status: 'delivered', gatewayStatus: 'status-0', gatewayId };
  if (n >= 64) return { status: 'failed', gatewayStatus: `status-${n}`, gatewayId, code: `speedsms-status-${n}`, text: 'SpeedSMS reported the message undelivered' };
  return { status: 'sent', gatewayStatus: `status-${n}`, gatewayId };
}
