import { alertParamsSchema, alertTextVi, isWorkingDay, localDay, localMinutes, minutesOf, type AlertKind, type AlertParams, type Clock, type SmsMessageView, type WorkCalendar } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import type { SmsOutboxPort } from '../sms/port.js';
import type { Device } from '../devices/service.js';
import type { AlertView, DevicePresence } from '@onestop/shared';
import type { AlertsConfig } from './config.js';
import { AlertStore, type AlertRow } from './store.js';

export { ALERT_KINDS, type AlertKind, type AlertView } from '@onestop/shared';

export interface AlertDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** read at every check: admin-edited settings take effect without a restart */
  config: () => AlertsConfig;
  /** the SMS outbox (kind 'alert'); written inside the alert's own transaction */
  sms: SmsOutboxPort;
  /** the SMS feature's list of messages, newest first (SmsService.list) */
  smsMessages: (query: { limit: number }) => SmsMessageView[];
  devices: { list(): Device[]; presence(d: Device): DevicePresence };
  counters: { list(): { id: string; name: string }[] };
  /** days off and worked weekend days (ProcedureService.calendar) */
  calendar: () => WorkCalendar;
  /** the upstream sender's public view (UpstreamService); none = its alert only through raise/clear */
  upstream?: {
    status(): { enabled: boolean; link: { ok: boolean; source: string; reason: string; detail: string | null } | null };
    list(q: { status?: 'pending' | 'failed'; limit?: number }): { date: string; attempts: number; lastError: string | null; status: string }[];
  };
}

/**
 * Alerts for the administrator. Each condition (kind + key) is raised once, stays open while it holds, and is cleared
 * when it ends: checking again while it is open changes nothing, so a lasting problem is one alert and at most one
 * SMS. Raising writes the alert and its SMS in one transaction.
 */
export class AlertService {
  readonly store: AlertStore;
  private readonly listeners = new Set<(openCount: number) => void>();
  private ratingChecks: { idle(): Promise<void> } | null = null;

  constructor(private readonly deps: AlertDeps) {
    this.store = new AlertStore(deps.db);
  }

  /** The checks that follow ratings (alerts/jobs.ts), set when the hub starts. */
  useRatingChecks(checks: { idle(): Promise<void> }): void {
    this.ratingChecks = checks;
  }

  /** Resolves once every rating stored so far has had its counter checked (at most a second after it). */
  ratingChecksIdle(): Promise<void> {
    return this.ratingChecks?.idle() ?? Promise.resolve();
  }

  /** Called with the number of open alerts whenever one is raised or cleared (the admin pages' live badge). */
  onChange(fn: (openCount: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    const n = this.store.openCount();
    for (const fn of this.listeners) {
      try {
        fn(n);
      } catch (err) {
        this.deps.log.error({ err }, 'alert listener failed');
      }
    }
  }

  /**
   * Raises the alert unless it is already open. Returns true when it is new. An SMS goes to the configured phone,
   * except for the SMS gateway's own alert (it could not be delivered by the broken gateway anyway).
   */
  raise(key: string, params: AlertParams): boolean {
    const kind = params.kind;
    const detail = alertTextVi(params);
    const now = this.deps.clock.now();
    const phone = this.deps.config().phone;
    if (this.store.open(kind, key)) return false; // already raised: nothing to write (the usual case, checked after ratings)
    const raised = this.deps.db.transaction(() => {
      if (this.store.open(kind, key)) return false;
      const id = this.store.insert(kind, key, detail, JSON.stringify(params), now);
      if (phone && kind !== 'sms-gateway') {
        const { id: smsId } = this.deps.sms.enqueue({ kind: 'alert', fileId: null, to: phone, vars: { reason: detail } });
        this.store.setSms(id, smsId);
      }
      return true;
    }).immediate();
    if (raised) {
      this.deps.log.warn({ alert: kind, key, detail }, 'alert raised');
      this.changed();
    }
    return raised;
  }

  /** Clears the open alert of that condition, if any. Returns true when one was open. */
  clear(kind: AlertKind, key: string): boolean {
    // read first: the satisfaction check clears after ratings (up to once a second per counter), and an UPDATE takes the write lock
    if (!this.store.open(kind, key)) return false;
    const cleared = this.store.clear(kind, key, this.deps.clock.now());
    if (cleared) {
      this.deps.log.info({ alert: kind, key }, 'alert cleared');
      this.changed();
    }
    return cleared;
  }

  list(limit = 100): AlertView[] {
    return this.store.list(limit).map(toView);
  }

  openCount(): number {
    return this.store.openCount();
  }

  // ---------- the conditions ----------

  /** Runs every check; the alerts job calls this each minute. */
  checkAll(): void {
    for (const c of this.deps.counters.list()) this.checkCounter(c.id);
    this.checkDevices();
    this.checkSmsGateway();
    this.checkUpstream();
  }

  /**
   * The upstream upload: raised when a daily summary has failed `upstreamFailedAttempts` attempts and is still pending, or
   * was given up (failed) with no successful send since; cleared by the next successful send.
   */
  checkUpstream(): void {
    const up = this.deps.upstream;
    if (!up) return;
    const { enabled, link } = up.status();
    if (!enabled || link?.ok) {
      this.clear('upstream', 'daily-summary');
      return;
    }
    const n = this.deps.config().upstreamFailedAttempts;
    const stuck = up.list({ status: 'pending', limit: 50 }).filter((s) => s.attempts >= n);
    const failed = link && link.source === 'send' ? up.list({ status: 'failed', limit: 1 }) : [];
    const worst = stuck[stuck.length - 1] ?? failed[0];
    if (!worst) return;
    const why = (worst.lastError ?? link?.reason ?? '').slice(0, 120);
    this.raise('daily-summary', { kind: 'upstream', date: worst.date, attempts: worst.attempts, why });
  }

  /** A counter's satisfaction over its last N unflagged ratings; fewer than N ratings is not enough to judge. */
  checkCounter(counterId: string): void {
    const { lastN, satisfactionBelow } = this.deps.config();
    const { total, satisfied } = this.store.lastSatisfied(counterId, lastN);
    if (total < lastN) return;
    const rate = satisfied / total;
    if (rate < satisfactionBelow) {
      const name = this.deps.counters.list().find((c) => c.id === counterId)?.name ?? counterId;
      this.raise(counterId, { kind: 'counter-satisfaction', counter: name, rate, lastN, threshold: satisfactionBelow });
    } else {
      this.clear('counter-satisfaction', counterId);
    }
  }

  /** Whether `ms` falls in office hours on a working day. */
  inOfficeHours(ms: number): boolean {
    if (!isWorkingDay(localDay(ms), this.deps.calendar())) return false;
    const m = localMinutes(ms);
    return this.deps.config().officeHours.some((w) => {
      const [a, b] = w.split('-') as [string, string];
      return m >= minutesOf(a) && m < minutesOf(b);
    });
  }

  /**
   * A device (seen at least once, not revoked) offline for `offlineAfterMinutes` during office hours. Outside office
   * hours nothing is raised and nothing cleared: a device switched off overnight raises nothing, one that went away
   * during the day stays one alert until it is back. Back online clears at any hour; revoking clears.
   */
  checkDevices(): void {
    const now = this.deps.clock.now();
    const { offlineAfterMinutes } = this.deps.config();
    const office = this.inOfficeHours(now);
    const counters = new Map(this.deps.counters.list().map((c) => [c.id, c.name]));
    const seen = new Set<string>();
    for (const d of this.deps.devices.list()) {
      seen.add(d.id);
      const p = this.deps.devices.presence(d);
      if (p.revoked || p.online) {
        this.clear('device-offline', d.id);
        continue;
      }
      if (!office || p.lastSeenAt === null) continue;
      if (now - p.lastSeenAt >= offlineAfterMinutes * 60_000) {
        this.raise(d.id, { kind: 'device-offline', device: d.kind === 'kiosk' ? 'kiosk' : 'box', label: d.label ?? null, counter: counters.get(d.counterId) ?? d.counterId, since: p.lastSeenAt });
      }
    }
    for (const a of this.store.openOfKind('device-offline')) if (!seen.has(a.key)) this.clear('device-offline', a.key);
  }

  /**
   * The SMS gateway: the latest attempted messages, newest first. `smsFailuresInARow` failures before any success
   * raise the alert; a success found before that many failures clears it. Messages never attempted (bad number,
   * template off) say nothing about the gateway and are skipped.
   */
  checkSmsGateway(): void {
    const { smsFailuresInARow } = this.deps.config();
    let failures = 0;
    let success = false;
    let lastError = '';
    for (const m of this.deps.smsMessages({ limit: Math.min(500, Math.max(50, smsFailuresInARow * 4)) })) {
      if (m.attempts === 0 || m.status === 'cancelled') continue;
      if (m.status === 'sent' || m.status === 'delivered') {
        success = true;
        break;
      }
      if (m.status === 'failed' || m.status === 'expired' || m.lastError) {
        failures++;
        lastError ||= m.lastError ? `${m.lastError.code}${m.lastError.text ? ` ${m.lastError.text}` : ''}` : m.status;
      }
      if (failures >= smsFailuresInARow) break;
    }
    if (failures >= smsFailuresInARow) this.raise('gateway', { kind: 'sms-gateway', failures, lastError: lastError.slice(0, 120) });
    else if (success) this.clear('sms-gateway', 'gateway');
  }
}

function toView(r: AlertRow): AlertView {
  return { id: r.id, kind: r.kind as AlertKind, key: r.key, detail: r.detail, params: paramsOf(r.params), raisedAt: r.raised_at, clearedAt: r.cleared_at, sms: r.sms_id !== null };
}

function paramsOf(json: string | null): AlertParams | null {
  if (json === null) return null;
  const r = alertParamsSchema.safeParse(JSON.parse(json));
  return r.success ? r.data : null;
}
