import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type twilio from 'twilio';
import type { Clock } from '@onestop/shared';
import type { Logger } from '../../log.js';
import { NOT_SENT_NETWORK_CODES, type DeliveryReport, type LookupRequest, type LookupResult, type OutgoingSms, type SendResult, type SmsGateway } from '../gateway.js';

export interface TwilioGatewayOptions {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  /** another origin for the REST API (a regional edge, a stand-in); Twilio's own when unset */
  apiBase?: string;
  /** the hub's public address for status callbacks; null behind NAT, then statuses are polled */
  publicBaseUrl: string | null;
  timeoutMs: number;
  /** how far before an attempt's start a lookup searches (clock skew between the hub and Twilio) */
  lookupSkewMs: number;
}

/**
 * Errors that are about this message or this sender and will not change by retrying. 20003 (authentication) is
 * a configuration error: the message fails with it at once and the admin sees why, instead of every message
 * waiting a day to expire.
 */
const PERMANENT: Record<number, string> = {
  20003: 'authentication failed: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  20404: 'resource not found: check the account SID or messaging service',
  21211: "invalid 'To' number",
  21408: 'sending to this region is not enabled on the account',
  21602: 'message body is required',
  21603: "a 'From' number is required",
  21606: "the 'From' number cannot send SMS",
  21608: 'trial account: the number is not verified',
  21610: 'the recipient has opted out (STOP)',
  21612: 'this route cannot be used to reach the number',
  21614: "'To' is not a mobile number",
  21617: 'message body too long',
  21659: "the 'From' number is not a valid Twilio number",
};

/** Twilio's final statuses mapped onto ours; the others (queued, accepted, sending, sent, scheduled) mean "sent". */
export function reportFromTwilioStatus(status: string, errorCode: string | number | null | undefined, errorMessage?: string | null, sid?: string): DeliveryReport {
  const s = status.toLowerCase();
  if (s === 'delivered' || s === 'read') return { status: 'delivered', gatewayStatus: s, gatewayId: sid ?? null };
  if (s === 'undelivered' || s === 'failed' || s === 'canceled') {
    const code = errorCode ? `twilio-${errorCode}` : `twilio-${s}`;
    return { status: 'failed', gatewayStatus: s, gatewayId: sid ?? null, code, text: errorMessage || `Twilio reported the message ${s}` };
  }
  return { status: 'sent', gatewayStatus: s, gatewayId: sid ?? null };
}

export const isFinalTwilioStatus = (s: string) => ['delivered', 'read', 'undelivered', 'failed', 'canceled'].includes(s.toLowerCase());

interface Captured {
  status?: number;
  headers?: Record<string, unknown>;
}

let sdk: typeof twilio | null = null;
/**
 * The package, loaded when a Twilio gateway is first made: importing it costs the hub ~25 MB of RSS (as much as
 * express, socket.io and better-sqlite3 together), which a hub on Kannel or the console gateway never needs
 * (docs/decisions/0102). It is CommonJS, so a synchronous require keeps the constructor synchronous.
 */
const loadTwilio = (): typeof twilio => (sdk ??= createRequire(import.meta.url)('twilio') as typeof twilio);

/**
 * The package's own RequestClient with one change: the origin of each request is swapped for `apiBase` when set
 * (/work/shared/TESTING.md). It also keeps the last HTTP status and headers of the call in progress, because the
 * package's RestException drops Retry-After.
 */
function routedClient(apiBase: string | undefined, timeoutMs: number, als: AsyncLocalStorage<Captured>) {
  const base = apiBase ? new URL(apiBase) : null;
  class RoutedRequestClient extends loadTwilio().RequestClient {
    override async request<T>(opts: Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0]) {
      if (base) {
        const u = new URL(opts.uri);
        const prefix = base.pathname.replace(/\/$/, '');
        opts = { ...opts, uri: new URL(prefix + u.pathname + u.search, base.origin).href };
      }
      const res = await super.request<T>(opts as never);
      const cap = als.getStore();
      if (cap) {
        cap.status = res.statusCode;
        cap.headers = res.headers as Record<string, unknown>;
      }
      return res;
    }
  }
  return new RoutedRequestClient({ timeout: timeoutMs, keepAlive: false });
}

/**
 * Reads the account with the same credentials and route as sending, through the package, and sends nothing (hub
 * doctor). Throws what the package throws: a RestException with the HTTP status, or the network error.
 */
export async function fetchTwilioAccount(opts: { accountSid: string; authToken: string; apiBase?: string; timeoutMs: number }): Promise<{ status: string }> {
  const client = loadTwilio()(opts.accountSid, opts.authToken, { httpClient: routedClient(opts.apiBase, opts.timeoutMs, new AsyncLocalStorage()), autoRetry: false });
  const account = await client.api.v2010.accounts(opts.accountSid).fetch();
  return { status: account.status };
}

export class TwilioGateway implements SmsGateway {
  readonly name = 'twilio';
  readonly callbacks: boolean;
  private readonly client: twilio.Twilio;
  private readonly als = new AsyncLocalStorage<Captured>();

  constructor(
    private readonly opts: TwilioGatewayOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    if (!opts.from && !opts.messagingServiceSid) throw new Error('Twilio needs TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
    this.callbacks = !!opts.publicBaseUrl;
    this.client = loadTwilio()(opts.accountSid, opts.authToken, {
      httpClient: routedClient(opts.apiBase, opts.timeoutMs, this.als),
      autoRetry: false,
    });
  }

  /** The URL Twilio posts statuses to; validateRequest is checked against exactly this. */
  statusCallbackUrl(id: string): string | null {
    return this.opts.publicBaseUrl ? `${this.opts.publicBaseUrl.replace(/\/$/, '')}/api/sms/twilio/status/${id}` : null;
  }

  async send(msg: OutgoingSms): Promise<SendResult> {
    const params: Parameters<twilio.Twilio['messages']['create']>[0] = { to: msg.to, body: msg.body };
    if (this.opts.messagingServiceSid) params.messagingServiceSid = this.opts.messagingServiceSid;
    else params.from = this.opts.from!;
    const cb = this.statusCallbackUrl(msg.id);
    if (cb) params.statusCallback = cb;
    // Twilio keeps a message in its own queue up to its validity period (default: hours); ours may be shorter
    const remainingS = Math.floor((msg.validUntil - this.clock.now()) / 1000);
    if (remainingS < 14_400) params.validityPeriod = Math.max(1, remainingS);
    const cap: Captured = {};
    try {
      const m = await this.als.run(cap, () => this.client.messages.create(params));
      return { kind: 'accepted', gatewayId: m.sid, gatewayStatus: m.status };
    } catch (err) {
      return this.classify(err, cap);
    }
  }

  private classify(err: unknown, cap: Captured): Exclude<SendResult, { kind: 'accepted' }> {
    const e = err as { status?: unknown; code?: unknown; message?: string; isAxiosError?: boolean };
    if (!e.isAxiosError && typeof e.status === 'number') {
      const status = e.status;
      const code = typeof e.code === 'number' ? e.code : null;
      const label = code !== null ? `twilio-${code}` : `twilio-http-${status}`;
      const text = (e.message || `HTTP ${status}`).slice(0, 300);
      if (status === 429 || code === 20429) {
        return { kind: 'temporary', code: 'twilio-20429', text, retryAfterMs: retryAfterMs(cap.headers?.['retry-after'], this.clock.now()) };
      }
      // a 5xx says nothing sure about whether the message was created: settle it by a lookup
      if (status >= 500) return { kind: 'unknown', code: label, text };
      if (code !== null && PERMANENT[code]) return { kind: 'permanent', code: label, text: `${PERMANENT[code]} (${text})` };
      return { kind: 'permanent', code: label, text };
    }
    const netCode = typeof e.code === 'string' ? e.code : 'network-error';
    const text = (e.message || netCode).slice(0, 300);
    if (NOT_SENT_NETWORK_CODES.has(netCode)) return { kind: 'temporary', code: `network-${netCode}`, text };
    if (e.isAxiosError || /^E[A-Z_]+$/.test(netCode)) return { kind: 'unknown', code: `network-${netCode}`, text };
    // not an HTTP or network error: a bug or a configuration error before anything was sent
    this.log.error({ err }, 'Twilio request failed before sending');
    return { kind: 'temporary', code: 'gateway-error', text };
  }

  /**
   * Twilio has no idempotency key for messages. After an unanswered attempt we list the recent messages to the
   * same number and take one with exactly our body, created no earlier than our attempt (less the clock skew),
   * whose SID is not already another message of ours.
   */
  async lookup(msg: LookupRequest): Promise<LookupResult> {
    try {
      if (msg.gatewayId) {
        const m = await this.client.messages(msg.gatewayId).fetch();
        return { kind: 'found', gatewayId: m.sid, report: reportFromTwilioStatus(m.status, m.errorCode, m.errorMessage, m.sid) };
      }
      const since = msg.attemptStartedAt - this.opts.lookupSkewMs;
      const list = await this.client.messages.list({ to: msg.to, limit: 50, pageSize: 50 });
      const candidates = list
        .filter((m) => m.body === msg.body && m.direction.startsWith('outbound') && (!m.dateCreated || m.dateCreated.getTime() >= since))
        .filter((m) => !msg.isClaimed(m.sid))
        .sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0));
      const m = candidates[0];
      if (!m) return { kind: 'not-found' };
      return { kind: 'found', gatewayId: m.sid, report: reportFromTwilioStatus(m.status, m.errorCode, m.errorMessage, m.sid) };
    } catch (err) {
      const e = err as { status?: number; code?: unknown; message?: string };
      return { kind: 'unknown', code: typeof e.status === 'number' ? `twilio-http-${e.status}` : `network-${String(e.code ?? 'error')}`, text: (e.message ?? 'lookup failed').slice(0, 300) };
    }
  }

  async poll(gatewayId: string): Promise<DeliveryReport | { status: 'unknown'; code: string; text: string }> {
    try {
      const m = await this.client.messages(gatewayId).fetch();
      return reportFromTwilioStatus(m.status, m.errorCode, m.errorMessage, m.sid);
    } catch (err) {
      const e = err as { status?: number; code?: unknown; message?: string };
      return { status: 'unknown', code: typeof e.status === 'number' ? `twilio-http-${e.status}` : `network-${String(e.code ?? 'error')}`, text: (e.message ?? 'poll failed').slice(0, 300) };
    }
  }

  /** Checks X-Twilio-Signature of a status callback against the URL we gave Twilio for that message. */
  validCallback(id: string, signature: string | undefined, params: Record<string, string>): boolean {
    const url = this.statusCallbackUrl(id);
    if (!url || !signature) return false;
    return loadTwilio().validateRequest(this.opts.authToken, signature, url, params);
  }
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterMs(v: unknown, now: number): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}
