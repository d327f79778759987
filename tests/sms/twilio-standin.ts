import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { LoopbackServer, sendJson } from '../kit/loopbackServer.ts';

/**
 * A local stand-in of Twilio's REST API, just the Messages resource, in its real shape: form-encoded create with
 * To, From or MessagingServiceSid, Body, StatusCallback; Basic auth with the account SID and auth token; the real
 * JSON of a Message and of an error ({ code, message, more_info, status }); fetch one; list with To/From filters and
 * the real page envelope. Status callbacks are signed the way Twilio signs them: base64 HMAC-SHA1 with the auth
 * token over the callback URL followed by every POST parameter's name and value, sorted by name.
 *
 * Faults are consumed one per create request, in order, to make the gateway fail for a while.
 */
export type Fault =
  | { type: 'http'; status: number; code?: number; message?: string; retryAfter?: string }
  /** never answers and creates nothing */
  | { type: 'hang' }
  /** creates the message, then never answers (the answer is lost: the ambiguous case) */
  | { type: 'accept-then-hang' }
  /** creates the message, then drops the connection */
  | { type: 'accept-then-reset' };

export interface StandInMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  validityPeriod: string | null;
  dateCreated: number;
  dateSent: number | null;
  dateUpdated: number;
}

const hex = (n: number) => randomBytes(n).toString('hex');
const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

export class TwilioStandIn {
  readonly accountSid = `AC${hex(16)}`;
  readonly authToken = hex(16);
  readonly messagingServiceSid = `MG${hex(16)}`;
  readonly messages: StandInMessage[] = [];
  readonly faults: Fault[] = [];
  /** per recipient: the error Twilio answers for it */
  readonly numberErrors = new Map<string, { status: number; code: number; message: string }>();
  /** every request as it arrived: method, path, form fields */
  readonly requests: { method: string; path: string; form: Record<string, string>; auth: string | undefined }[] = [];
  private readonly server = new LoopbackServer((req, res) => void this.handle(req, res));

  constructor(private readonly now: () => number = Date.now) {}

  get url(): string {
    return this.server.url;
  }

  /** The fault injected into the next create requests. */
  fail(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  sentTo(to: string): StandInMessage[] {
    return this.messages.filter((m) => m.to === to);
  }

  get port(): number {
    return this.server.port;
  }

  start(port = this.port): Promise<void> {
    return this.server.start(port);
  }

  /** Down: connections are refused until start() again (on the same port). */
  stop(): Promise<void> {
    return this.server.stop();
  }

  private json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    sendJson(res, status, body, headers);
  }

  private error(res: http.ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
    this.json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
  }

  /** The account resource (GET /2010-04-01/Accounts/{AccountSid}.json), as hub doctor reads it. */
  account() {
    const created = rfc2822(this.now() - 86_400_000);
    return {
      auth_token: this.authToken,
      date_created: created,
      date_updated: created,
      friendly_name: 'onestop test account',
      owner_account_sid: this.accountSid,
      sid: this.accountSid,
      status: 'active',
      subresource_uris: { messages: `/2010-04-01/Accounts/${this.accountSid}/Messages.json` },
      type: 'Full',
      uri: `/2010-04-01/Accounts/${this.accountSid}.json`,
    };
  }

  resource(m: StandInMessage) {
    return {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: rfc2822(m.dateCreated),
      date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
      date_updated: rfc2822(m.dateUpdated),
      direction: 'outbound-api',
      error_code: m.errorCode,
      error_message: m.errorMessage,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const form = Object.fromEntries(new URLSearchParams(raw));
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, form, auth: req.headers.authorization });

    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return this.error(res, 401, 20003, 'Authenticate');
    if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}.json`) return this.json(res, 200, this.account());
    const base = `/2010-04-01/Accounts/${this.accountSid}/Messages`;
    if (req.method === 'POST' && url.pathname === `${base}.json`) return this.create(req, res, form);
    if (req.method === 'GET' && url.pathname === `${base}.json`) {
      const to = url.searchParams.get('To');
      const from = url.searchParams.get('From');
      const pageSize = Number(url.searchParams.get('PageSize') ?? 50);
      const list = this.messages
        .filter((m) => (!to || m.to === to) && (!from || m.from === from))
        .sort((a, b) => b.dateCreated - a.dateCreated)
        .slice(0, pageSize);
      return this.json(res, 200, {
        end: Math.max(0, list.length - 1),
        first_page_uri: `${base}.json?PageSize=${pageSize}&Page=0`,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        messages: list.map((m) => this.resource(m)),
        start: 0,
        uri: `${base}.json?PageSize=${pageSize}&Page=0`,
      });
    }
    const one = new RegExp(`^${base}/(SM[0-9a-f]{32})\\.json$`).exec(url.pathname);
    if (req.method === 'GET' && one) {
      const m = this.messages.find((x) => x.sid === one[1]);
      if (!m) return this.error(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      return this.json(res, 200, this.resource(m));
    }
    return this.error(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
  }

  private create(req: http.IncomingMessage, res: http.ServerResponse, form: Record<string, string>): void {
    const fault = this.faults.shift();
    if (fault?.type === 'hang') return;
    if (fault?.type === 'http') {
      return this.error(res, fault.status, fault.code ?? (fault.status === 429 ? 20429 : 20500), fault.message ?? (fault.status === 429 ? 'Too Many Requests' : 'Internal Server Error'), fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }
    const to = form.To ?? '';
    if (!to) return this.error(res, 400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{7,14}$/.test(to)) return this.error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!form.From && !form.MessagingServiceSid) return this.error(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    if (form.MessagingServiceSid && form.MessagingServiceSid !== this.messagingServiceSid) return this.error(res, 404, 21701, 'The Messaging Service Sid is invalid.');
    if (!form.Body) return this.error(res, 400, 21602, 'Message body is required.');
    const numErr = this.numberErrors.get(to);
    if (numErr) return this.error(res, numErr.status, numErr.code, numErr.message);
    const now = this.now();
    const m: StandInMessage = {
      sid: `SM${hex(16)}`,
      to,
      from: form.From ?? null,
      messagingServiceSid: form.MessagingServiceSid ?? null,
      body: form.Body,
      status: form.MessagingServiceSid ? 'accepted' : 'queued',
      errorCode: null,
      errorMessage: null,
      statusCallback: form.StatusCallback ?? null,
      validityPeriod: form.ValidityPeriod ?? null,
      dateCreated: now,
      dateSent: null,
      dateUpdated: now,
    };
    this.messages.push(m);
    if (fault?.type === 'accept-then-hang') return;
    if (fault?.type === 'accept-then-reset') return void req.socket.destroy();
    this.json(res, 201, this.resource(m));
  }

  /** Moves a message on (sent, delivered, undelivered…), as Twilio does over time. */
  setStatus(sid: string, status: string, error?: { code: number; message: string }): StandInMessage {
    const m = this.messages.find((x) => x.sid === sid);
    if (!m) throw new Error(`no message ${sid}`);
    m.status = status;
    m.dateUpdated = this.now();
    if (status === 'sent' || status === 'delivered') m.dateSent ??= this.now();
    if (error) {
      m.errorCode = error.code;
      m.errorMessage = error.message;
    }
    return m;
  }

  /** The status callback Twilio would post, signed with the auth token (or a forged / missing signature). */
  async callback(sid: string, opts: { signWith?: string; unsigned?: boolean; url?: string } = {}): Promise<Response> {
    const m = this.messages.find((x) => x.sid === sid);
    if (!m?.statusCallback) throw new Error(`message ${sid} has no status callback`);
    const url = opts.url ?? m.statusCallback;
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      From: m.from ?? '+15005550006',
      MessageSid: m.sid,
      MessageStatus: m.status,
      SmsSid: m.sid,
      SmsStatus: m.status,
      To: m.to,
      ...(m.errorCode ? { ErrorCode: String(m.errorCode) } : {}),
    };
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1' };
    if (!opts.unsigned) headers['x-twilio-signature'] = twilioSignature(opts.signWith ?? this.authToken, m.statusCallback, params);
    return fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  }
}
