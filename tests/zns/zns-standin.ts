import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';

/**
 * A local stand-in of Zalo's ZNS API and OA OAuth endpoint, in the shapes of the public documentation:
 *  - POST /v4/oa/access_token (form: refresh_token, app_id, grant_type=refresh_token; header secret_key) →
 *    { access_token, refresh_token, expires_in: "90000" }; a refresh token works once (again: error -14020);
 *  - POST /message/template (header access_token; JSON { phone: "84…", template_id, template_data, tracking_id })
 *    → { error: 0, message: "Success", data: { msg_id, sent_time } } or { error: -118, message: … };
 *  - GET /message/status?message_id=&phone= → { error: 0, data: { status: 1 | 0 | -1, delivery_time } };
 *  - delivery events to the hub's webhook, signed X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA key).
 */
export type SendFault =
  | { type: 'error'; error: number; message: string }
  /** never answers, sends nothing */
  | { type: 'hang' }
  /** sends the message, then never answers (the answer is lost) */
  | { type: 'accept-then-hang' };

export interface ZnsSent {
  msgId: string;
  phone: string;
  templateId: string;
  data: Record<string, string>;
  trackingId: string;
  accessToken: string;
  status: 1 | 0 | -1;
}

const hex = (n: number) => randomBytes(n).toString('hex');

export class ZnsStandIn {
  readonly appId = String(1_000_000_000_000 + Math.floor(Math.random() * 1e9));
  readonly appSecret = hex(10);
  readonly oaSecret = hex(10);
  /** the refresh token the OA's first authorisation gave (ZNS_REFRESH_TOKEN) */
  readonly firstRefreshToken = `rt-${hex(12)}`;
  readonly sent: ZnsSent[] = [];
  readonly sendFaults: SendFault[] = [];
  /** numbers without a Zalo account (-118) */
  readonly noZalo = new Set<string>();
  readonly approvedTemplates = new Map<string, string[]>();
  readonly refreshRequests: { refreshToken: string; appId: string; secretKey: string | undefined; answered: boolean }[] = [];
  readonly sendRequests: { accessToken: string | undefined; body: Record<string, unknown> }[] = [];
  /**
   * The next refresh request is held open, never answered. consume: Zalo processed it (the refresh token is
   * spent, its new pair never reaches the hub); keep: Zalo never got to it (the token still works).
   */
  holdNextRefresh: 'consume' | 'keep' | null = null;
  /** called before a send is answered (a test moves its clock or changes a file here) */
  beforeAnswer: ((body: Record<string, unknown>) => void) | null = null;
  /** access tokens Zalo accepts; a refresh adds one */
  private readonly accessTokens = new Set<string>();
  private readonly liveRefresh = new Set<string>();
  private readonly spentRefresh = new Set<string>();
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor() {
    this.liveRefresh.add(this.firstRefreshToken);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A refresh token the admin gets from the developer console by authorising the OA again. */
  newRefreshToken(): string {
    const t = `rt-${hex(12)}`;
    this.liveRefresh.add(t);
    return t;
  }

  /** Zalo stops accepting every access token given so far (they expired). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  sentTo(phone84: string): ZnsSent[] {
    return this.sent.filter((m) => m.phone === phone84);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Posts Zalo's delivery event for a sent message to the hub's webhook, signed with `oaSecret` (or another key). */
  async deliveryEvent(webhookUrl: string, m: ZnsSent, opts: { signWith?: string; appId?: string } = {}): Promise<Response> {
    const timestamp = String(Date.now());
    const appId = opts.appId ?? this.appId;
    const body = JSON.stringify({
      app_id: appId,
      event_name: 'user_received_message',
      timestamp,
      sender: { id: 'oa-1' },
      recipient: { id: 'user-1' },
      message: { msg_id: m.msgId, tracking_id: m.trackingId, delivery_time: timestamp },
    });
    const mac = createHash('sha256').update(`${appId}${body}${timestamp}${opts.signWith ?? this.oaSecret}`).digest('hex');
    return fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` }, body });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', this.url);
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (req.method === 'POST' && u.pathname === '/v4/oa/access_token') return this.refresh(req, raw, json);
    if (req.method === 'POST' && u.pathname === '/message/template') return this.send(req, raw, json);
    if (req.method === 'GET' && u.pathname === '/message/status') {
      if (!this.accessTokens.has(String(req.headers.access_token))) return json(200, { error: -124, message: 'Access token invalid' });
      const m = this.sent.find((x) => x.msgId === u.searchParams.get('message_id'));
      if (!m) return json(200, { error: -107, message: 'Message ID invalid' });
      return json(200, { error: 0, message: 'Success', data: { status: m.status, delivery_time: m.status === 1 ? String(Date.now()) : null, message: '' } });
    }
    json(404, { error: -106, message: 'Method unsupported' });
  }

  private refresh(req: http.IncomingMessage, raw: string, json: (s: number, v: unknown) => void): void {
    const form = Object.fromEntries(new URLSearchParams(raw));
    const entry = { refreshToken: form.refresh_token ?? '', appId: form.app_id ?? '', secretKey: req.headers.secret_key as string | undefined, answered: false };
    this.refreshRequests.push(entry);
    if (entry.secretKey !== this.appSecret) return json(200, { error: -14002, error_name: 'Invalid app secret', error_description: 'secret_key is invalid' });
    if (entry.appId !== this.appId || form.grant_type !== 'refresh_token') return json(200, { error: -14001, error_name: 'Invalid parameter', error_description: 'app_id or grant_type' });
    if (this.spentRefresh.has(entry.refreshToken)) return this.answered(entry, json, { error: -14020, error_name: 'Invalid refresh token', error_description: 'refresh token was used' });
    if (!this.liveRefresh.has(entry.refreshToken)) return this.answered(entry, json, { error: -14014, error_name: 'Invalid refresh token', error_description: 'refresh token is invalid' });
    const hold = this.holdNextRefresh;
    if (hold) {
      this.holdNextRefresh = null;
      if (hold === 'consume') {
        // Zalo processed it: the old token is spent and the new pair is made, but the answer never leaves
        this.liveRefresh.delete(entry.refreshToken);
        this.spentRefresh.add(entry.refreshToken);
        this.accessTokens.add(`at-lost-${hex(8)}`);
      }
      return; // held open: the hub is killed while it waits
    }
    this.liveRefresh.delete(entry.refreshToken);
    this.spentRefresh.add(entry.refreshToken);
    const access = `at-${hex(12)}`;
    const next = `rt-${hex(12)}`;
    this.accessTokens.add(access);
    this.liveRefresh.add(next);
    this.answered(entry, json, { access_token: access, refresh_token: next, expires_in: '90000' });
  }

  private answered(entry: { answered: boolean }, json: (s: number, v: unknown) => void, body: unknown): void {
    entry.answered = true;
    json(200, body);
  }

  private send(req: http.IncomingMessage, raw: string, json: (s: number, v: unknown) => void): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return json(200, { error: -122, message: 'Body format invalid' });
    }
    const accessToken = req.headers.access_token as string | undefined;
    this.sendRequests.push({ accessToken, body });
    const fault = this.sendFaults.shift();
    if (fault?.type === 'hang') return;
    this.beforeAnswer?.(body);
    if (!accessToken || !this.accessTokens.has(accessToken)) return json(200, { error: -124, message: 'Access token invalid' });
    if (fault?.type === 'error') return json(200, { error: fault.error, message: fault.message });
    const phone = String(body.phone ?? '');
    if (!/^84\d{9}$/.test(phone)) return json(200, { error: -108, message: 'Phone number invalid' });
    const params = this.approvedTemplates.get(String(body.template_id));
    if (!params) return json(200, { error: -109, message: 'Template ID invalid' });
    const data = (body.template_data ?? {}) as Record<string, string>;
    if (params.some((p) => !(p in data))) return json(200, { error: -112, message: 'Template data invalid' });
    if (this.noZalo.has(phone)) return json(200, { error: -118, message: 'Zalo account not existed' });
    const m: ZnsSent = { msgId: hex(10), phone, templateId: String(body.template_id), data, trackingId: String(body.tracking_id ?? ''), accessToken, status: 0 };
    this.sent.push(m);
    if (fault?.type === 'accept-then-hang') return;
    json(200, { error: 0, message: 'Success', data: { msg_id: m.msgId, sent_time: String(Date.now()), quota: { dailyQuota: '500', remainingQuota: '499' } } });
  }
}
