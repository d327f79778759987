import type { Clock } from '@onestop/shared';
import type { DeliveryReport, OutgoingSms, SendResult, SmsGateway } from '../sms/gateway.js';
import { templateFor, type ZnsConfig } from './config.js';
import { classifyZnsError } from './errors.js';
import { zaloRequest } from './http.js';
import type { ZnsTokens } from './tokens.js';

/** +84912345678 → 84912345678: the form the ZNS API takes. */
export const znsPhone = (e164: string) => e164.replace(/^\+/, '');

/**
 * Zalo ZNS as a gateway of the SMS outbox: POST {api}/message/template with the OA's access token, body
 * { phone: "84…", template_id, template_data, tracking_id: our message id }; success is `error: 0` with
 * `data.msg_id`. Delivery: the webhook (user_received_message, routes.ts) when the hub is reachable, else
 * GET {api}/message/status?message_id=…&phone=… (status 1 delivered, 0 not yet, -1 not delivered).
 * There is no look-up by tracking_id, so an unanswered attempt is settled like Kannel's: by its delivery event, or
 * failed "unconfirmed" after unconfirmedAfterMs, never sent again blindly (by ZNS or by SMS).
 */
export class ZnsGateway implements SmsGateway {
  readonly name = 'zns';

  constructor(
    private readonly config: () => ZnsConfig,
    private readonly tokens: ZnsTokens,
    private readonly clock: Clock,
    private readonly reachable: () => boolean,
  ) {}

  /** Delivery events come by the webhook when the hub has a public address and the webhook's key is set. */
  get callbacks(): boolean {
    return this.reachable() && !!this.config().webhookSecret;
  }

  /** The request's body for one message (also what "gửi thử" sends). */
  body(msg: Pick<OutgoingSms, 'id' | 'to' | 'kind' | 'vars'>): { phone: string; template_id: string; template_data: Record<string, string>; tracking_id: string } | null {
    const t = templateFor(this.config(), msg.kind ?? '');
    if (!t) return null;
    const data = Object.fromEntries(Object.entries(t.params).map(([param, field]) => [param, msg.vars?.[field] ?? '']));
    return { phone: znsPhone(msg.to), template_id: t.templateId, template_data: data, tracking_id: msg.id };
  }

  async send(msg: OutgoingSms): Promise<SendResult> {
    const c = this.config();
    const body = this.body(msg);
    // the kind lost its template since the message was routed here: Zalo never saw it, SMS can take it
    if (!body) return { kind: 'permanent', code: 'zns-no-template', text: `no ZNS template for ${msg.kind} messages any more`, fallback: true } as SendResult;
    const token = this.tokens.current(this.clock.now());
    if (!token) return { kind: 'temporary', code: 'zns-no-token', text: 'the Zalo access token is being refreshed', retryAfterMs: 10_000 };
    const r = await zaloRequest(
      `${c.apiBase.replace(/\/$/, '')}/message/template`,
      { method: 'POST', headers: { access_token: token, 'content-type': 'application/json' }, body: JSON.stringify(body) },
      c.requestTimeoutMs,
    );
    if (r.kind === 'not-sent') return { kind: 'temporary', code: r.code, text: r.text };
    if (r.kind === 'unknown') return { kind: 'unknown', code: r.code, text: r.text };
    const err = r.body?.error;
    if (r.status === 200 && err === 0) {
      const data = r.body?.data as { msg_id?: unknown } | undefined;
      return { kind: 'accepted', gatewayId: typeof data?.msg_id === 'string' ? data.msg_id : null, gatewayStatus: 'accepted' };
    }
    if (typeof err === 'number' && err !== 0) {
      const result = classifyZnsError(err, typeof r.body?.message === 'string' ? r.body.message : '');
      if (err === -124) this.tokens.expireAccess();
      return result;
    }
    if (r.status === 429) return { kind: 'temporary', code: 'zns-http-429', text: 'too many requests' };
    // a 5xx or an answer that is not Zalo's JSON says nothing sure about whether it was sent
    return { kind: 'unknown', code: `zns-http-${r.status}`, text: `HTTP ${r.status} without a ZNS answer` };
  }

  async poll(gatewayId: string, msg?: { to: string }): Promise<DeliveryReport | { status: 'unknown'; code: string; text: string }> {
    const c = this.config();
    const token = this.tokens.current(this.clock.now());
    if (!token) return { status: 'unknown', code: 'zns-no-token', text: 'no access token now' };
    const q = new URLSearchParams({ message_id: gatewayId, ...(msg?.to ? { phone: znsPhone(msg.to) } : {}) });
    const r = await zaloRequest(`${c.apiBase.replace(/\/$/, '')}/message/status?${q}`, { method: 'GET', headers: { access_token: token } }, c.requestTimeoutMs);
    if (r.kind !== 'answer' || !r.body) return { status: 'unknown', code: r.kind === 'answer' ? `zns-http-${r.status}` : r.code, text: 'status look-up failed' };
    if (r.body.error !== 0) return { status: 'unknown', code: `zns${String(r.body.error)}`, text: String(r.body.message ?? 'status look-up refused') };
    const status = Number((r.body.data as { status?: unknown } | undefined)?.status);
    if (status === 1) return { status: 'delivered', gatewayStatus: 'delivered', gatewayId };
    if (status === -1) return { status: 'failed', gatewayStatus: 'not-delivered', gatewayId, code: 'zns-not-delivered', text: 'Zalo reports the message was not delivered to the phone' };
    return { status: 'sent', gatewayStatus: 'sent', gatewayId };
  }
}
