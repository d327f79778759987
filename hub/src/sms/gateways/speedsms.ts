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
 * name SMS (`sms_type` 3). Its answer names a transaction (`tranId`), whose status is polled with GET
 * /index.php/sms/status/{tranId}. SpeedSMS has no idempotency key and no search by text, so an unanswered attempt
 * (or an answer we cannot read) cannot be looked up: it is marked failed `unconfirmed` after `unconfirmedAfterMs`
 * and never sent again blindly (0020). What each shape rests on, and what no source confirms: docs/sms.md
 * ("SpeedSMS: sources").
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
    // a wrong token is reported to be answered 404 as well; so is a wrong SPEEDSMS_API_BASE: neither took the message
    if (out.status === 404) return { kind: 'permanent', code: 'speedsms-http-404', text: 'SpeedSMS answered 404: check SPEEDSMS_TOKEN and SPEEDSMS_API_BASE' };
    if (out.status < 200 || out.status >= 300) return classifyHttpStatus('speedsms', out.status, out.text);
    return classifySpeedSmsAnswer(out.json, out.text, msg.to);
  }

  async poll(gatewayId: string, msg?: { to: string }): Promise<DeliveryReport | { status: 'unknown'; code: string; text: string }> {
    const out = await callProvider({ method: 'GET', url: this.base() + SPEEDSMS_STATUS_PATH + encodeURIComponent(gatewayId), headers: this.headers() }, this.opts.timeoutMs);
    if (out.kind !== 'answer') return { status: 'unknown', code: out.code, text: out.text };
    const j = out.json as Record<string, unknown> | undefined;
    if (out.status !== 200 || asText(j?.status) !== 'success') return { status: 'unknown', code: `speedsms-${asText(j?.code) || `http-${out.status}`}`, text: out.text.slice(0, 300) };
    const entry = statusEntry(j?.data, msg?.to);
    if (!entry) return { status: 'unknown', code: 'speedsms-status-unreadable', text: `SpeedSMS's status answer names no status for the number: ${out.text.slice(0, 200)}` };
    return reportFromSpeedSms(asText(entry.status), gatewayId);
  }
}

/** The same number whatever its form: 84912345678, 0912345678, +84912345678. */
function sameNumber(a: string, b: string): boolean {
  const national = (n: string) => n.replace(/\D/g, '').replace(/^84(?=\d{9}$)/, '0');
  return national(a) === national(b);
}

/**
 * The entry of a status answer (`data: [{ phone, status }, …]`, one per number of the transaction) for our number.
 * We send one number per transaction, so a single entry is ours even when it names no number; otherwise the entry
 * must name it. Anything else is not read (the poll says unknown and asks again later).
 */
function statusEntry(data: unknown, to: string | undefined): Record<string, unknown> | null {
  if (!Array.isArray(data)) return null;
  const entries = data.filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object');
  const ours = to ? entries.find((e) => asText(e.phone) !== '' && sameNumber(asText(e.phone), to)) : undefined;
  if (ours) return ours;
  return entries.length === 1 && data.length === 1 && asText(entries[0]!.phone) === '' ? entries[0]! : null;
}

/**
 * The JSON answer of sms/send, sorted into our four kinds: `status` "success" accepted (unless our number is in
 * `invalidPhone`), "error" refused (by code), anything else `unknown` — SpeedSMS may have taken the message, so it
 * is settled like a timeout, never sent again blindly.
 */
export function classifySpeedSmsAnswer(json: unknown, text: string, to: string): SendResult {
  const j = (json !== null && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const status = asText(j.status);
  const code = asText(j.code);
  const said = asText(j.message);
  const invalid = (jsonAt(j, 'data.invalidPhone') ?? j.invalidPhone) as unknown;
  if ((status === 'success' || status === 'error') && Array.isArray(invalid) && invalid.some((n) => sameNumber(asText(n), to))) {
    return { kind: 'permanent', code: 'speedsms-105', text: PERMANENT['105']! };
  }
  if (status === 'success') return { kind: 'accepted', gatewayId: asText(jsonAt(j, 'data.tranId')) || null, gatewayStatus: 'accepted' };
  if (status !== 'error') return { kind: 'unknown', code: 'speedsms-bad-answer', text: `SpeedSMS's answer is neither "success" nor "error" (${text.slice(0, 200) || 'empty answer'})` };
  const withSaid = (why: string) => (said ? `${why} (${said})` : why);
  if (!code) return { kind: 'permanent', code: 'speedsms-error', text: withSaid('SpeedSMS refused the message without a code') };
  if (TEMPORARY[code]) return { kind: 'temporary', code: `speedsms-${code}`, text: withSaid(TEMPORARY[code]) };
  return { kind: 'permanent', code: `speedsms-${code}`, text: withSaid(PERMANENT[code] ?? `SpeedSMS refused the message with code ${code}`) };
}

/**
 * A SpeedSMS per-number status (the status answer's and the delivery webhook's `status`): 0 delivered; 1–63 not yet
 * (SpeedSMS calls them temporary failures: the network is still trying), so still `sent`; 64 and above failed.
 * Anything else (empty, negative, not a whole number) is not read.
 */
export function reportFromSpeedSms(status: string, gatewayId: string): DeliveryReport | { status: 'unknown'; code: string; text: string } {
  const n = Number(status);
  if (status.trim() === '' || !Number.isInteger(n) || n < 0) return { status: 'unknown', code: 'speedsms-no-status', text: `SpeedSMS gave no status we can read for the number (${status.slice(0, 40) || 'none'})` };
  if (n === 0) return { status: 'delivered', gatewayStatus: 'status-0', gatewayId };
  if (n >= 64) return { status: 'failed', gatewayStatus: `status-${n}`, gatewayId, code: `speedsms-status-${n}`, text: 'SpeedSMS reported the message undelivered' };
  return { status: 'sent', gatewayStatus: `status-${n}`, gatewayId };
}
