import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_SMS_TEMPLATES,
  SAMPLE_SMS_VARS,
  SMS_KINDS,
  maskPhone,
  normalizeVnMobile,
  prepareSms,
  smsListQuery,
  smsPreviewRequest,
  smsTemplateUpdate,
  unknownPlaceholders,
  uuidv7,
  type Clock,
  type SmsHubStatus,
  type SmsKindName,
  type SmsMessageView,
  type SmsPreview,
  type SmsStatus,
  type SmsTemplateView,
} from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import type { SmsOutboxPort, SmsRequest, SmsTruth } from './port.js';
import type { DeliveryReport, SmsGateway } from './gateway.js';
import { createGateway } from './gateways/index.js';
import { reportFromKannelDlr } from './gateways/kannel.js';
import { reportFromTwilioStatus, TwilioGateway } from './gateways/twilio.js';
import { parseQuietHours, TokenBucket } from './policy.js';
import { SmsStore, type SmsRow } from './store.js';
import { DEFAULT_POLL, SmsWorker } from './worker.js';
import type { SmsConfig } from './config.js';
import { parseOr } from '../http/parse.js';

export interface SmsServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  config: SmsConfig;
  communeName: string;
  /** the gateway the config names when not given (tests hand in their own) */
  gateway?: SmsGateway;
  /** the hub's own address as the gateway reaches it, for Kannel's delivery reports when PUBLIC_BASE_URL is unset */
  localBaseUrl?: () => string;
  /** the files feature's answer to "is this message still true?"; may be set later with useTruth() */
  truth?: SmsTruth;
  random?: () => number;
  /** real-time interval of the worker loop */
  tickMs?: number;
}

const KINDS = SMS_KINDS as readonly string[];

/**
 * The SMS feature: the outbox (enqueue, the SmsOutboxPort), templates, the admin's list and resend, delivery
 * reports from gateways, and the worker that sends.
 */
export class SmsService implements SmsOutboxPort {
  readonly store: SmsStore;
  readonly worker: SmsWorker;
  /** replaced by refreshGateway() when the admin changes the gateway settings */
  gateway: SmsGateway;
  private truth: SmsTruth | null;
  private readonly secret: Buffer;

  constructor(private readonly deps: SmsServiceDeps) {
    this.store = new SmsStore(deps.db);
    this.truth = deps.truth ?? null;
    this.secret = Buffer.from(this.store.setSettingIfAbsent('sms_callback_secret', randomBytes(32).toString('base64url')), 'base64url');
    const c = deps.config;
    this.gateway = deps.gateway ?? createGateway(c, { clock: deps.clock, log: deps.log.child({ gateway: c.gateway }), dlrUrl: (id) => this.kannelDlrUrl(id) });
    this.gatewayKey = JSON.stringify([c.gateway, c.twilio, c.kannel, c.publicBaseUrl, c.requestTimeoutMs]);
    this.worker = new SmsWorker(
      this.store,
      this.gateway,
      () => this.truth,
      deps.clock,
      deps.log.child({ part: 'worker' }),
      {
        quietHours: parseQuietHours(c.quietHours),
        backoff: { baseMs: c.retry.baseMs, maxMs: c.retry.maxMs },
        bucket: new TokenBucket(c.ratePerMinute, c.burst, deps.clock.now()),
        lookupAfterMs: c.lookupAfterMs,
        unconfirmedAfterMs: c.unconfirmedAfterMs,
        ...DEFAULT_POLL,
        tickMs: deps.tickMs ?? 1000,
        batch: 100,
      },
      deps.random ?? Math.random,
      (id, report, pollAt) => this.applyReport(id, report, pollAt),
    );
  }

  /**
   * The admin changed the SMS settings (hub/src/settings/; deps.config reads them): a gateway whose settings changed
   * is rebuilt and used for the next attempts. The old one is closed a little later, after any send in flight.
   * A gateway handed in by the caller (tests) is kept.
   */
  refreshGateway(): void {
    const c = this.deps.config;
    const key = JSON.stringify([c.gateway, c.twilio, c.kannel, c.publicBaseUrl, c.requestTimeoutMs]);
    if (this.deps.gateway || key === this.gatewayKey) return;
    const old = this.gateway;
    this.gateway = createGateway(c, { clock: this.deps.clock, log: this.deps.log.child({ gateway: c.gateway }), dlrUrl: (id) => this.kannelDlrUrl(id) });
    this.gatewayKey = key;
    this.worker.useGateway(this.gateway);
    this.deps.log.info({ gateway: c.gateway }, 'SMS gateway changed by an admin');
    setTimeout(() => void old.close?.(), 30_000).unref();
  }

  private gatewayKey = '';

  /** Late wiring: the files service answers "still true?" (it is built after this one, since it needs the outbox). */
  useTruth(truth: SmsTruth): void {
    this.truth = truth;
  }

  start(): void {
    this.worker.start();
  }

  async close(): Promise<void> {
    await this.worker.stop();
    await this.gateway.close?.();
  }

  // ---------- the outbox ----------

  /**
   * Writes one message to the outbox with the database handle the caller's transaction is open on (there is one
   * per hub): it exists if and only if the caller commits. It never throws for the message's own problems, so a
   * file's transition is never refused because of its SMS: a bad number or a disabled template is recorded on
   * the message (failed / cancelled) for the admin to see.
   */
  enqueue(req: SmsRequest): { id: string } {
    const now = this.deps.clock.now();
    const id = this.nextId(now);
    const kind = (KINDS.includes(req.kind) ? req.kind : 'alert') as SmsKindName;
    const tpl = this.templateFor(kind);
    const vars: Record<string, string> = { communeName: this.deps.communeName, contactPhone: this.deps.config.contactPhone, ...req.vars };
    const p = prepareSms(tpl.body, vars, { keepAccents: tpl.keepAccents });
    const phone = normalizeVnMobile(req.to);
    let status: SmsStatus = 'queued';
    let err: { code: string; text: string } | null = null;
    if (!phone.ok) {
      status = 'failed';
      err = { code: phone.reason, text: phone.reason === 'phone-not-mobile' ? 'not a Vietnamese mobile number' : 'not a valid Vietnamese mobile number' };
    } else if (!tpl.enabled) {
      status = 'cancelled';
      err = { code: 'template-disabled', text: `the ${kind} message is turned off in the SMS templates` };
    } else if (p.text === '') {
      status = 'failed';
      err = { code: 'empty-message', text: 'the template renders to an empty text' };
    }
    if (p.missing.length) this.deps.log.warn({ smsId: id, kind, missing: p.missing }, 'SMS placeholders without a value');
    this.store.insert({
      id,
      kind,
      file_id: req.fileId,
      to_phone: phone.ok ? phone.e164 : req.to,
      body: p.text,
      encoding: p.encoding,
      segments: p.segments,
      status,
      attempts: 0,
      next_attempt_at: status === 'queued' ? now : null,
      last_error_code: err?.code ?? null,
      last_error_text: err?.text ?? null,
      gateway: null,
      gateway_message_id: null,
      gateway_status: null,
      created_at: now,
      valid_until: now + this.deps.config.validityHours * 3_600_000,
      attempt_started_at: null,
      sent_at: null,
      delivered_at: null,
      failed_at: status === 'failed' ? now : null,
      resend_of: null,
    });
    // the caller's transaction commits (or not) before this runs; the worker then finds it (or not)
    if (status === 'queued') setImmediate(() => this.worker.kick());
    return { id };
  }

  /** A test message to any number, from the admin page or the CLI. */
  sendTest(to: string): SmsMessageView {
    const phone = normalizeVnMobile(to);
    if (!phone.ok) throw new ServiceError(phone.reason, 'a Vietnamese mobile number, e.g. 0912345678');
    const { id } = this.deps.db.transaction(() => this.enqueue({ kind: 'test', fileId: null, to: phone.e164, vars: {} }))();
    return this.get(id);
  }

  /** A failed or expired message sent again, as a new message linked to the old one (the old keeps its history). */
  resend(id: string): SmsMessageView {
    const found = this.store.get(id);
    if (!found) throw new ServiceError('not-found', 'no such message');
    const { updated_at: _updated, ...row } = found;
    if (row.status !== 'failed' && row.status !== 'expired') throw new ServiceError('sms-not-resendable', `only a failed or expired message can be resent (this one is ${row.status})`);
    const phone = normalizeVnMobile(row.to_phone);
    if (!phone.ok) throw new ServiceError(phone.reason, 'the message has no valid number to send to');
    const now = this.deps.clock.now();
    const newId = this.nextId(now);
    try {
      this.deps.db.transaction(() => {
        if (this.store.resentAs(id)) throw new ServiceError('sms-not-resendable', 'this message was already resent');
        this.store.insert({
          ...row,
          id: newId,
          to_phone: phone.e164,
          status: 'queued',
          attempts: 0,
          next_attempt_at: now,
          last_error_code: null,
          last_error_text: null,
          gateway: null,
          gateway_message_id: null,
          gateway_status: null,
          created_at: now,
          valid_until: now + this.deps.config.validityHours * 3_600_000,
          attempt_started_at: null,
          sent_at: null,
          delivered_at: null,
          failed_at: null,
          resend_of: id,
        });
      })();
    } catch (e) {
      if (e instanceof ServiceError) throw e;
      if (/UNIQUE/.test(String((e as Error).message))) throw new ServiceError('sms-not-resendable', 'this message was already resent');
      throw e;
    }
    this.deps.log.info({ smsId: newId, resendOf: id }, 'SMS resent by an admin');
    setImmediate(() => this.worker.kick());
    return this.get(newId);
  }

  private lastIdMs = 0;

  /** UUIDv7s that sort in the order they were made, even within one millisecond (the queue is first in, first out). */
  private nextId(now: number): string {
    const ms = now > this.lastIdMs ? now : this.lastIdMs + 1;
    this.lastIdMs = ms;
    return uuidv7(ms);
  }

  // ---------- reading ----------

  view(row: SmsRow): SmsMessageView {
    return {
      id: row.id,
      kind: row.kind,
      fileId: row.file_id,
      to: maskPhone(row.to_phone),
      body: row.body,
      encoding: row.encoding,
      segments: row.segments,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error_code ? { code: row.last_error_code, text: row.last_error_text ?? '' } : null,
      gateway: row.gateway,
      createdAt: row.created_at,
      validUntil: row.valid_until,
      nextAttemptAt: row.next_attempt_at,
      sentAt: row.sent_at,
      deliveredAt: row.delivered_at,
      failedAt: row.failed_at,
      resendOf: row.resend_of,
      resentAs: this.store.resentAs(row.id),
    };
  }

  get(id: string): SmsMessageView {
    const row = this.store.get(id);
    if (!row) throw new ServiceError('not-found', 'no such message');
    return this.view(row);
  }

  list(query: unknown): SmsMessageView[] {
    return this.store.list(parseOr(smsListQuery, query)).map((row) => this.view(row));
  }

  /** Every message about one file, oldest first (the file API's GET /api/v1/files/{code}/sms). */
  messagesForFile(fileId: string): SmsMessageView[] {
    return this.store.forFile(fileId).map((row) => this.view(row));
  }

  status(): SmsHubStatus {
    return {
      gateway: this.gateway.name,
      deliveryReports: this.gateway.callbacks ? 'callbacks' : 'polling',
      quietHours: this.deps.config.quietHours,
      validityHours: this.deps.config.validityHours,
      counts: this.store.counts(),
    };
  }

  // ---------- templates ----------

  private templateFor(kind: SmsKindName): { body: string; enabled: boolean; keepAccents: boolean; updatedAt: number | null } {
    const row = this.store.template(kind);
    if (row) return { body: row.body, enabled: row.enabled === 1, keepAccents: row.keep_accents === 1, updatedAt: row.updated_at };
    return { ...DEFAULT_SMS_TEMPLATES[kind], updatedAt: null };
  }

  private templateView(kind: SmsKindName): SmsTemplateView {
    const t = this.templateFor(kind);
    const p = prepareSms(t.body, { ...SAMPLE_SMS_VARS, communeName: this.deps.communeName, ...(this.deps.config.contactPhone ? { contactPhone: this.deps.config.contactPhone } : {}) }, { keepAccents: t.keepAccents });
    return {
      kind,
      body: t.body,
      enabled: t.enabled,
      keepAccents: t.keepAccents,
      updatedAt: t.updatedAt,
      defaultBody: DEFAULT_SMS_TEMPLATES[kind].body,
      preview: { text: p.text, encoding: p.encoding, segments: p.segments, units: p.units },
    };
  }

  /** Whether the admin has this kind of message switched on (a switched-off kind is stored as cancelled). */
  isEnabled(kind: SmsKindName): boolean {
    return this.templateFor(kind).enabled;
  }

  templates(): SmsTemplateView[] {
    return SMS_KINDS.map((k) => this.templateView(k));
  }

  private kindOf(kind: string): SmsKindName {
    if (!KINDS.includes(kind)) throw new ServiceError('not-found', `no message kind "${kind}"; kinds: ${SMS_KINDS.join(', ')}`);
    return kind as SmsKindName;
  }

  updateTemplate(kind: string, body: unknown): SmsTemplateView {
    const k = this.kindOf(kind);
    const r = parseOr(smsTemplateUpdate, body, 'body');
    const unknown = unknownPlaceholders(r.body);
    if (unknown.length) throw new ServiceError('sms-template-invalid', `unknown placeholder(s): ${unknown.map((u) => `{${u}}`).join(', ')}`);
    const current = this.templateFor(k);
    this.store.saveTemplate({
      kind: k,
      body: r.body,
      enabled: (r.enabled ?? current.enabled) ? 1 : 0,
      keep_accents: (r.keepAccents ?? current.keepAccents) ? 1 : 0,
      updated_at: this.deps.clock.now(),
    });
    this.deps.log.info({ kind: k }, 'SMS template changed');
    return this.templateView(k);
  }

  resetTemplate(kind: string): SmsTemplateView {
    const k = this.kindOf(kind);
    this.store.deleteTemplate(k);
    return this.templateView(k);
  }

  preview(body: unknown): SmsPreview {
    const r = parseOr(smsPreviewRequest, body, 'body');
    const vars = { ...SAMPLE_SMS_VARS, communeName: this.deps.communeName, ...(this.deps.config.contactPhone ? { contactPhone: this.deps.config.contactPhone } : {}), ...r.vars };
    const p = prepareSms(r.body, vars, { keepAccents: r.keepAccents });
    return { text: p.text, encoding: p.encoding, segments: p.segments, units: p.units, perSegment: p.perSegment, remaining: p.remaining, missing: p.missing, unknown: p.unknown, nonGsm: p.nonGsm };
  }

  // ---------- delivery reports ----------

  /**
   * A status from the gateway (callback, lookup or poll). Never moves a message backwards: delivered stays
   * delivered, a report that it left settles an unanswered attempt, and a report for a message still queued
   * proves an earlier attempt got out, so it is not sent again.
   */
  applyReport(id: string, report: DeliveryReport, pollAt: number | null = null): boolean {
    const now = this.deps.clock.now();
    const gid = report.gatewayId ?? null;
    let changed: boolean;
    if (report.status === 'sent') changed = this.store.markSent(id, now, gid, pollAt, report.gatewayStatus, ['queued', 'sending', 'expired']);
    else if (report.status === 'delivered') changed = this.store.markDelivered(id, now, gid, report.gatewayStatus);
    else changed = this.store.markFailed(id, ['queued', 'sending', 'sent', 'expired'], { code: report.code, text: report.text }, now, { gatewayId: gid, gatewayStatus: report.gatewayStatus, sent: true });
    if (changed) this.deps.log.info({ smsId: id, status: report.status, gatewayStatus: report.gatewayStatus }, 'SMS status from the gateway');
    return changed;
  }

  /** Where Kannel reports on one message: our id and token in the path and query, Kannel's %d (type) and %F (SMSC id). */
  kannelDlrUrl(id: string): string {
    const base = (this.deps.config.publicBaseUrl ?? this.deps.localBaseUrl?.() ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
    return `${base}/api/sms/kannel/dlr/${id}?type=%d&token=${this.callbackToken(id)}&fid=%F`;
  }

  /** The token in a Kannel dlr-url: HMAC of the message id with this hub's secret, so nobody else can report. */
  callbackToken(id: string): string {
    return createHmac('sha256', this.secret).update(`sms-dlr:${id}`).digest('base64url').slice(0, 32);
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
    if (!this.store.get(id)) throw new ServiceError('not-found', 'no such message');
    const report = reportFromKannelDlr(Number(query.type), typeof query.fid === 'string' ? query.fid : undefined);
    if (!report) return { applied: false };
    return { applied: this.applyReport(id, report) };
  }

  /** POST /api/sms/twilio/status/:id, signed by Twilio with our auth token. */
  twilioReport(id: string, signature: string | undefined, params: Record<string, string>): { applied: boolean } {
    if (!(this.gateway instanceof TwilioGateway)) throw new ServiceError('not-found', 'the Twilio gateway is not in use');
    if (!this.gateway.validCallback(id, signature, params)) throw new ServiceError('bad-signature', signature ? 'X-Twilio-Signature does not match' : 'X-Twilio-Signature missing');
    const row = this.store.get(id);
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
