import { randomBytes } from 'node:crypto';
import { smsListQuery, type Clock, type SmsHubStatus, type SmsKindName, type SmsMessageView, type SmsPreview, type SmsTemplateView } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import type { SmsOutboxPort, SmsRequest, SmsTruth } from './port.js';
import type { DeliveryReport, SmsGateway } from './gateway.js';
import { createGateway } from './gateways/index.js';
import { SmsOutboxWriter } from './outbox.js';
import { SmsHoldStore } from './hold.js';
import { parseQuietHours, TokenBucket } from './policy.js';
import { SmsReports } from './reports.js';
import { SmsStore, type AttemptRow, type SmsRow } from './store.js';
import type { SmsChannel } from './channel.js';
import { SmsTemplates } from './templates.js';
import { smsView } from './views.js';
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
  /** issue 14: citizen messages are held while this answers true (the commune's identity is missing); none = never */
  holdCitizenSms?: () => boolean;
  /** a citizen message was just held (after its transaction committed) */
  onHeld?: () => void;
  /** the active procedure's short name that is longest: the templates' worst case */
  longestProcedure?: () => string | undefined;
}

/**
 * The SMS feature: the outbox (outbox.ts, and the SmsOutboxPort), templates (templates.ts), the admin's list and
 * resend, delivery reports from gateways (reports.ts), and the worker that sends (worker.ts). This class wires
 * them and chooses the gateway.
 */
export class SmsService implements SmsOutboxPort {
  readonly store: SmsStore;
  readonly worker: SmsWorker;
  /** replaced by refreshGateway() when the admin changes the gateway settings */
  gateway: SmsGateway;
  private truth: SmsTruth | null;
  private gatewayKey = '';
  private readonly templateBook: SmsTemplates;
  private readonly outbox: SmsOutboxWriter;
  private readonly reports: SmsReports;
  private readonly held: SmsHoldStore;

  constructor(private readonly deps: SmsServiceDeps) {
    this.store = new SmsStore(deps.db);
    this.truth = deps.truth ?? null;
    const secret = Buffer.from(this.store.setSettingIfAbsent('sms_callback_secret', randomBytes(32).toString('base64url')), 'base64url');
    const c = deps.config;
    const contactPhone = () => this.deps.config.contactPhone;
    // the commune's name and the config are read at every use: the admin may change them while the hub runs
    const communeName = () => this.deps.communeName;
    // the gateway is read at every use too: the admin may switch to a provider without Unicode
    const unicode = () => this.gateway.unicode !== false;
    this.templateBook = new SmsTemplates({ store: this.store, clock: deps.clock, log: deps.log, communeName, contactPhone, unicode, longestProcedure: () => this.deps.longestProcedure?.() });
    this.reports = new SmsReports({
      store: this.store,
      clock: deps.clock,
      log: deps.log,
      secret,
      gateway: () => this.gateway,
      baseUrl: () => this.deps.config.publicBaseUrl ?? this.deps.localBaseUrl?.() ?? 'http://127.0.0.1:8080',
    });
    this.outbox = new SmsOutboxWriter({
      db: deps.db,
      clock: deps.clock,
      log: deps.log,
      store: this.store,
      communeName,
      contactPhone,
      validityHours: () => this.deps.config.validityHours,
      templateFor: (kind) => this.templateBook.templateFor(kind),
      unicode,
      kick: () => this.worker.kick(),
      holding: deps.holdCitizenSms,
      hold: (this.held = new SmsHoldStore(deps.db)),
      onHeld: deps.onHeld,
    });
    this.gateway = deps.gateway ?? this.buildGateway(c);
    this.gatewayKey = gatewayKeyOf(c);
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
        channelBucket: new TokenBucket(c.ratePerMinute, c.burst, deps.clock.now()),
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
    const key = gatewayKeyOf(c);
    if (this.deps.gateway || key === this.gatewayKey) return;
    const old = this.gateway;
    this.gateway = this.buildGateway(c);
    this.gatewayKey = key;
    this.worker.useGateway(this.gateway);
    this.deps.log.info({ gateway: c.gateway }, 'SMS gateway changed by an admin');
    setTimeout(() => void old.close?.(), 30_000).unref();
  }

  private buildGateway(c: SmsConfig): SmsGateway {
    return createGateway(c, {
      clock: this.deps.clock,
      log: this.deps.log.child({ gateway: c.gateway }),
      dlrUrl: (id) => this.kannelDlrUrl(id),
      // eSMS is on the internet: it can report only to a public address
      esmsReportUrl: c.publicBaseUrl ? (id) => this.reports.esmsReportUrl(id) : null,
    });
  }

  /** Late wiring: a channel tried before SMS for the kinds it takes (Zalo ZNS, hub/src/zns/). */
  useChannel(channel: SmsChannel | null): void {
    this.worker.useChannel(channel);
  }

  /** Which gateway made a message's latest attempt and the id it gave (a channel's delivery events are matched on it). */
  messageGateway(id: string): { gateway: string | null; gatewayMessageId: string | null } | null {
    const row = this.store.get(id);
    return row ? { gateway: row.gateway, gatewayMessageId: row.gateway_message_id } : null;
  }

  /** Every attempt of one message, by channel (a ZNS refusal and the SMS that replaced it are two). */
  attempts(id: string): AttemptRow[] {
    return this.store.attempts(id);
  }

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

  // ---------- the outbox (outbox.ts) ----------

  /** Writes one message to the outbox in the caller's transaction; never throws for the message's own problems. */
  enqueue(req: SmsRequest): { id: string } {
    return this.outbox.enqueue(req);
  }

  /** The clerk's undo: the file's held messages since `since` cancelled (outbox.ts). */
  cancelHeld(fileId: string, since: number): { cancelled: number; gone: number } {
    return this.outbox.cancelHeld(fileId, since);
  }

  /** How long the clerk's reason may be in this message (templates.ts). */
  reasonRoom(kind: SmsKindName, vars: Record<string, string>): { enabled: boolean; keepAccents: boolean; room: number } {
    return this.templateBook.reasonRoomFor(kind, vars);
  }

  /** A test message to any number, from the admin page or the CLI. */
  sendTest(to: string): SmsMessageView {
    return this.get(this.outbox.sendTest(to));
  }

  /** A failed or expired message sent again, as a new message linked to the old one (the old keeps its history). */
  resend(id: string): SmsMessageView {
    return this.get(this.outbox.resend(id));
  }

  // ---------- held while the commune's identity is missing (hold.ts) ----------

  /** Citizen messages held now, not yet expired. */
  heldCount(): number {
    return this.held.count();
  }

  /** Writes every held message again with the commune's name and phone as they are now, and sends them (if still valid). */
  releaseHeld(): number {
    const n = this.held.release(this.deps.clock.now(), (kind, vars) => {
      const p = this.outbox.render(kind as SmsKindName, vars);
      // the ZNS template's values too (hub/src/zns/): the commune's real name and phone now
      return { body: p.text, encoding: p.encoding, segments: p.segments, vars: JSON.stringify(this.outbox.values(vars)) };
    });
    if (n > 0) {
      this.deps.log.info({ count: n }, "held SMS released: the commune's identity is set");
      this.worker.kick();
    }
    return n;
  }

  // ---------- reading ----------

  view(row: SmsRow): SmsMessageView {
    return smsView(row, this.store.resentAs(row.id));
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
      unicode: this.gateway.unicode !== false,
      pricePerSegment: this.deps.config.pricePerSegment,
      deliveryReports: this.gateway.callbacks ? 'callbacks' : 'polling',
      quietHours: this.deps.config.quietHours,
      validityHours: this.deps.config.validityHours,
      counts: this.store.counts(),
    };
  }

  // ---------- templates (templates.ts) ----------

  /** Whether the admin has this kind of message switched on (a switched-off kind is stored as cancelled). */
  isEnabled(kind: SmsKindName): boolean {
    return this.templateBook.isEnabled(kind);
  }

  templates(): SmsTemplateView[] {
    return this.templateBook.templates();
  }

  updateTemplate(kind: string, body: unknown): SmsTemplateView {
    return this.templateBook.updateTemplate(kind, body);
  }

  resetTemplate(kind: string): SmsTemplateView {
    return this.templateBook.resetTemplate(kind);
  }

  preview(body: unknown): SmsPreview {
    return this.templateBook.preview(body);
  }

  // ---------- delivery reports (reports.ts) ----------

  /** A status from the gateway (callback, lookup or poll); never moves a message backwards. */
  applyReport(id: string, report: DeliveryReport, pollAt: number | null = null): boolean {
    return this.reports.applyReport(id, report, pollAt);
  }

  /** Where Kannel reports on one message: our id and token in the path and query, Kannel's %d (type) and %F (SMSC id). */
  kannelDlrUrl(id: string): string {
    return this.reports.kannelDlrUrl(id);
  }

  /** The token in a Kannel dlr-url: HMAC of the message id with this hub's secret, so nobody else can report. */
  callbackToken(id: string): string {
    return this.reports.callbackToken(id);
  }

  /** GET /api/sms/kannel/dlr/:id?type=%d&token=…&fid=%F */
  kannelReport(id: string, query: Record<string, unknown>): { applied: boolean } {
    return this.reports.kannelReport(id, query);
  }

  /** GET /api/sms/esms/report/:id/:token?SMSID=…&SendStatus=…&SendSuccess=…&SendFailed=… */
  esmsReport(id: string, token: string, query: Record<string, unknown>): { applied: boolean } {
    return this.reports.esmsReport(id, token, query);
  }

  /** POST /api/sms/twilio/status/:id, signed by Twilio with our auth token. */
  twilioReport(id: string, signature: string | undefined, params: Record<string, string>): { applied: boolean } {
    return this.reports.twilioReport(id, signature, params);
  }
}

/** The part of the configuration a gateway is built from: when it changes, the gateway is rebuilt (0037). */
function gatewayKeyOf(c: SmsConfig): string {
  return JSON.stringify([c.gateway, c.twilio, c.kannel, c.esms, c.speedsms, c.http, c.publicBaseUrl, c.requestTimeoutMs]);
}
