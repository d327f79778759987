import { createHash, timingSafeEqual } from 'node:crypto';
import { DeliveryLoop, normalizeVnMobile, znsRefreshTokenRequest, znsTestRequest, type Clock, type ZnsStatus, type ZnsTestResult } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import type { SmsChannel } from '../sms/channel.js';
import type { DeliveryReport } from '../sms/gateway.js';
import { templateFor, ZNS_KINDS, type ZnsConfig } from './config.js';
import { ZNS_ERRORS } from './errors.js';
import { ZnsGateway } from './gateway.js';
import { ZnsStore } from './store.js';
import { ZnsTokens, type ZnsAlerts } from './tokens.js';

export interface ZnsDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** read at every use: the admin may change the account and templates on /admin/settings */
  config: () => ZnsConfig;
  alerts: ZnsAlerts;
  /** the SMS outbox's side of delivery events */
  sms: {
    applyReport(id: string, report: DeliveryReport): boolean;
    messageGateway(id: string): { gateway: string | null; gatewayMessageId: string | null } | null;
  };
  /** the hub's public address (PUBLIC_BASE_URL): set means Zalo's webhook can reach it */
  publicBaseUrl: () => string | undefined;
  /** real-time interval of the token loop (tests shorten it) */
  tickMs?: number;
  random?: () => number;
}

/** Sample values for "gửi thử": what a real "ready" message would carry. */
const SAMPLE_VARS: Record<string, string> = {
  fileCode: 'HS-THU-0001',
  procedure: 'Thủ tục thử',
  appointmentDate: '01/01/2027',
  appointmentTime: '08:00',
  newDate: '02/01/2027',
  reason: 'gửi thử',
  communeName: 'UBND xã',
  contactPhone: '0000000000',
};

/**
 * Zalo ZNS: the OA's tokens (tokens.ts), the gateway (gateway.ts) the SMS outbox sends through for the kinds that
 * have a template (the channel below), delivery events by webhook, the admin's status, test and new refresh token.
 */
export class ZnsService {
  readonly store: ZnsStore;
  readonly tokens: ZnsTokens;
  readonly gateway: ZnsGateway;
  readonly channel: SmsChannel;
  private readonly loop: DeliveryLoop<void>;

  constructor(private readonly deps: ZnsDeps) {
    this.store = new ZnsStore(deps.db);
    this.tokens = new ZnsTokens({ store: this.store, clock: deps.clock, log: deps.log, config: deps.config, alerts: deps.alerts, random: deps.random });
    this.gateway = new ZnsGateway(deps.config, this.tokens, deps.clock, () => !!deps.publicBaseUrl());
    this.channel = {
      name: 'zns',
      gateway: this.gateway,
      takes: (kind) => templateFor(deps.config(), kind) !== null,
      readiness: (now) => {
        const r = this.tokens.readiness(now);
        if (r.state === 'wait') this.loop.kick();
        return r;
      },
    };
    this.loop = new DeliveryLoop({ pass: () => this.pass(), tickMs: deps.tickMs ?? 5_000, onError: (err) => deps.log.error({ err }, 'ZNS token pass failed') });
  }

  /** At start: the configured first refresh token, a refresh left unfinished by a crash (resumed by the first pass). */
  start(): void {
    this.tokens.adoptConfigured();
    const s = this.tokens.state();
    if (s.refresh === 'begun') this.deps.log.warn({ since: s.refreshStartedAt }, 'ZNS: found a token refresh left unfinished by the last run');
    this.loop.start();
  }

  close(): Promise<void> {
    return this.loop.close(3000);
  }

  /** One look (tests call it with their clock): refresh when due. */
  runOnce(): Promise<void> {
    return this.loop.runOnce();
  }

  private async pass(): Promise<void> {
    if (!this.deps.config().enabled) return;
    this.tokens.checkMissing();
    if (this.tokens.due()) await this.tokens.refresh();
  }

  /** The admin's configuration changed: a newly configured first refresh token is taken, the loop looks now. */
  configChanged(): void {
    this.tokens.adoptConfigured();
    this.loop.kick();
  }

  // ---------- admin ----------

  status(): ZnsStatus {
    const c = this.deps.config();
    const s = this.tokens.state();
    return {
      enabled: c.enabled,
      appId: c.appId ?? null,
      templates: Object.fromEntries(ZNS_KINDS.map((k) => [k, templateFor(c, k)?.templateId ?? null])) as ZnsStatus['templates'],
      deliveryReports: this.gateway.callbacks ? ('webhook' as const) : ('polling' as const),
      webhookUrl: this.deps.publicBaseUrl() ? `${this.deps.publicBaseUrl()!.replace(/\/$/, '')}/api/zns/webhook` : null,
      token: {
        hasRefreshToken: !!this.store.refreshToken(),
        accessExpiresAt: s.accessExpiresAt,
        refresh: s.refresh,
        failure: s.failure,
      },
    };
  }

  /** The admin pasted a new refresh token: it replaces the spent one and is used at once. */
  async replaceRefreshToken(body: unknown): Promise<ZnsStatus> {
    const b = znsRefreshTokenRequest.safeParse(body);
    if (!b.success) throw new ServiceError('invalid-payload', 'body is { "refreshToken": "…" } (8 to 2000 characters)');
    this.tokens.replaceRefreshToken(b.data.refreshToken);
    await this.tokens.refresh();
    return this.status();
  }

  /**
   * "Gửi thử": one ZNS with the kind's template and sample values to a number, sent now (not through the outbox),
   * answered in plain words.
   */
  async sendTest(body: unknown): Promise<ZnsTestResult> {
    const b = znsTestRequest.safeParse(body);
    if (!b.success) throw new ServiceError('invalid-payload', 'body is { "to": "0912345678", "kind"?: "ready" }');
    const phone = normalizeVnMobile(b.data.to);
    if (!phone.ok) throw new ServiceError(phone.reason, 'a Vietnamese mobile number, e.g. 0912345678');
    const c = this.deps.config();
    const kind = b.data.kind ?? ZNS_KINDS.find((k) => templateFor(c, k));
    if (!c.enabled) return { ok: false, code: 'zns-off', vi: 'Zalo ZNS đang tắt.', en: 'Zalo ZNS is off.', msgId: null };
    if (!kind || !templateFor(c, kind)) return { ok: false, code: 'zns-no-template', vi: 'Chưa có mẫu ZNS nào được khai báo.', en: 'No ZNS template is set up.', msgId: null };
    if (!this.tokens.current()) await this.tokens.refresh();
    const r = await this.gateway.send({ id: `test-${Date.now().toString(36)}`, to: phone.e164, body: '', encoding: 'ucs2', segments: 1, validUntil: this.deps.clock.now() + 60_000, attemptStartedAt: this.deps.clock.now(), kind, vars: SAMPLE_VARS });
    switch (r.kind) {
      case 'accepted':
        return { ok: true, code: 'accepted', vi: `Zalo đã nhận tin (mã tin ${r.gatewayId ?? '?'}). Kiểm tra Zalo trên điện thoại ${phone.e164}.`, en: `Zalo accepted the message (id ${r.gatewayId ?? '?'}).`, msgId: r.gatewayId };
      case 'unknown':
        return { ok: false, code: r.code, vi: `Không biết Zalo đã nhận hay chưa (${r.code}): không có trả lời.`, en: `No answer from Zalo (${r.code}); it may or may not have been sent.`, msgId: null };
      default: {
        const n = Number(r.code.replace(/^zns/, ''));
        const known = Number.isFinite(n) ? ZNS_ERRORS[n] : undefined;
        return { ok: false, code: r.code, vi: `Zalo không gửi: ${known?.vi ?? r.text} (${r.code}).`, en: `Zalo did not send: ${known?.en ?? r.text} (${r.code}).`, msgId: null };
      }
    }
  }

  // ---------- delivery events ----------

  /**
   * POST /api/zns/webhook: Zalo's event, signed X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA
   * secret key). A `user_received_message` for one of our ZNS messages (tracking_id = our id) marks it delivered.
   */
  webhook(raw: Buffer | undefined, signature: string | undefined, body: unknown): { applied: boolean } {
    const secret = this.deps.config().webhookSecret;
    if (!secret) throw new ServiceError('not-found', 'the ZNS webhook is not set up (ZNS_WEBHOOK_SECRET)');
    const e = (body ?? {}) as { app_id?: unknown; timestamp?: unknown; event_name?: unknown; message?: { msg_id?: unknown; tracking_id?: unknown } };
    if (!raw || !signature) throw new ServiceError('bad-signature', 'X-ZEvent-Signature missing');
    const expected = `mac=${createHash('sha256').update(`${String(e.app_id ?? '')}${raw.toString('utf8')}${String(e.timestamp ?? '')}${secret}`).digest('hex')}`;
    const a = Buffer.from(expected);
    const b = Buffer.from(signature.trim());
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new ServiceError('bad-signature', 'X-ZEvent-Signature does not match');
    if (String(e.app_id) !== this.deps.config().appId) throw new ServiceError('bad-signature', 'the event is for another app');
    if (e.event_name !== 'user_received_message') return { applied: false };
    const id = typeof e.message?.tracking_id === 'string' ? e.message.tracking_id : '';
    const msgId = typeof e.message?.msg_id === 'string' ? e.message.msg_id : null;
    const m = id ? this.deps.sms.messageGateway(id) : null;
    if (!m || m.gateway !== 'zns') return { applied: false };
    if (m.gatewayMessageId && msgId && m.gatewayMessageId !== msgId) {
      this.deps.log.warn({ smsId: id }, 'ZNS delivery event for another msg_id of this message ignored');
      return { applied: false };
    }
    return { applied: this.deps.sms.applyReport(id, { status: 'delivered', gatewayStatus: 'user_received_message', gatewayId: msgId }) };
  }
}
