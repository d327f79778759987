import crypto from 'node:crypto';
import { isValidDay, localDay, type Clock, type LinkState, type SummaryView, type UpstreamStatusView } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { buildDailySummary } from '../summary/build.js';
import { parseSendAt } from './config.js';
import { addDays, daysBetween, figuresHash, lastDueDay } from './days.js';
import { checkLink, displayUrl, postSummary, type LinkCheck, type Outcome } from './client.js';
import { UpstreamStore, type OutboxRow, type OutboxStatus } from './store.js';

/** What the sender needs to know, read afresh at every use (the admin settings may change it while the hub runs). */
export interface UpstreamSettings {
  url?: string;
  secret?: string;
  sendAt: string;
  commune: { code: string; name: string };
}

export interface UpstreamPolicy {
  /** one request */
  timeoutMs: number;
  /** back-off of temporary failures: base·2^(n−1), capped at maxMs, jittered in its upper half */
  backoff: { baseMs: number; maxMs: number };
  /** how often the loop looks for work (real time; what is due is decided by the injected clock) */
  tickMs: number;
  /** how often (injected clock) the cheap check of recent days runs between the full ones */
  checkEveryMs: number;
  /** the cheap check looks at this many most recent due days (plus any day never queued) */
  recentDays: number;
  /** a day answered with a 5xx this many times stops holding back the days after it (it keeps retrying) */
  blockingAttempts: number;
  /** false: no background loop (tests drive runOnce with their clock) */
  loop: boolean;
}

export const DEFAULT_POLICY: UpstreamPolicy = {
  timeoutMs: 15_000,
  backoff: { baseMs: 30_000, maxMs: 3_600_000 },
  tickMs: 5_000,
  checkEveryMs: 5 * 60_000,
  recentDays: 7,
  blockingAttempts: 5,
  loop: true,
};

export interface QueuedDay {
  date: string;
  revision: number;
  /** new: the first revision of that day; revised: the figures changed since the last revision was queued */
  why: 'new' | 'revised' | 'rebuilt';
}

export interface SendResult {
  date: string;
  revision: number;
  outcome: Outcome;
}

export type { LinkState, SummaryView } from '@onestop/shared';

function view(r: OutboxRow): SummaryView {
  let ratingsTotal: number | null = null;
  try {
    ratingsTotal = (JSON.parse(r.body) as { ratings?: { total?: number } }).ratings?.total ?? null;
  } catch {
    /* a body is always JSON; null if not */
  }
  return {
    date: r.day,
    revision: r.revision,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastDetail: r.last_detail,
    sentAt: r.sent_at,
    answer: r.answer,
    ratingsTotal,
  };
}

/**
 * The commune's daily summaries on their way upstream (issue 5 §1, docs/upstream-sender.md).
 *
 * `check` decides from the data and the outbox which days are due: every day from the first day with data (or the
 * first check) to the last due day whose figures differ from the last revision queued. Nothing depends on whether a
 * cron tick fired, so a clock that jumps forward or back neither skips nor repeats a day.
 *
 * `sendPass` sends pending summaries one at a time in date order (docs/decisions/0050).
 */
export class UpstreamService {
  readonly store: UpstreamStore;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private closed = false;
  private stopping = false;
  /** cuts a request in flight when the hub stops (it is retried at the next start: same bytes, "duplicate") */
  private readonly stop = new AbortController();
  private chain: Promise<unknown> = Promise.resolve();
  private lastCheckAt: number | null = null;
  private readonly policy: UpstreamPolicy;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      log: Logger;
      settings: () => UpstreamSettings;
      policy?: Partial<UpstreamPolicy>;
      random?: () => number;
    },
  ) {
    this.store = new UpstreamStore(deps.db);
    this.policy = { ...DEFAULT_POLICY, ...deps.policy };
  }

  private get now(): number {
    return this.deps.clock.now();
  }

  enabled(s = this.deps.settings()): s is UpstreamSettings & { url: string; secret: string } {
    return Boolean(s.url && s.secret);
  }

  // ---------- which days are due ----------

  /**
   * Queues every due day whose figures changed. `full`: every day from the first; otherwise the most recent
   * `recentDays` due days and any day never queued (cheap enough to run every few minutes).
   */
  check(opts: { full?: boolean; date?: string } = {}): QueuedDay[] {
    const plan = this.plan(opts);
    if (!plan) return [];
    const queued: QueuedDay[] = [];
    for (const day of plan.days) {
      const q = this.checkDay(day, plan.s, plan.now);
      if (q) queued.push(q);
    }
    this.logQueued(queued);
    return queued;
  }

  /**
   * The same as `check`, a few days at a time with the event loop free in between: a full check over a year takes
   * about a second (bench:upstream-sender), which must not hold back ratings waiting for their acknowledgement.
   */
  async checkGently(opts: { full?: boolean } = {}, sliceDays = 10): Promise<QueuedDay[]> {
    const plan = this.plan(opts);
    if (!plan) return [];
    const queued: QueuedDay[] = [];
    for (let i = 0; i < plan.days.length; i++) {
      if (i > 0 && i % sliceDays === 0) {
        await new Promise((r) => setImmediate(r));
        if (this.stopping || !this.deps.db.open) break;
      }
      const q = this.checkDay(plan.days[i]!, plan.s, plan.now);
      if (q) queued.push(q);
    }
    this.logQueued(queued);
    return queued;
  }

  private logQueued(queued: QueuedDay[]): void {
    if (queued.length) this.deps.log.info({ days: queued.map((q) => `${q.date}#${q.revision}`) }, 'daily summaries queued for upstream');
  }

  /** Which days a check looks at (null: sending is off, or nothing is due yet). */
  private plan(opts: { full?: boolean; date?: string }): { days: string[]; s: UpstreamSettings; now: number } | null {
    const s = this.deps.settings();
    if (!this.enabled(s)) return null;
    const now = this.now;
    this.lastCheckAt = now;
    const last = lastDueDay(now, parseSendAt(s.sendAt));
    if (opts.date) {
      if (opts.date > last) throw new ServiceError('bad-date', `${opts.date} is not due yet (the last due day is ${last})`);
      return { days: [opts.date], s, now };
    }
    let firstStart = this.store.meta('firstStart');
    if (!firstStart) {
      firstStart = localDay(now);
      this.store.setMeta('firstStart', firstStart);
    }
    const dataDay = this.store.firstDataDay();
    const first = dataDay && dataDay < firstStart ? dataDay : firstStart;
    if (first > last) return null;
    let days = daysBetween(first, last);
    if (!opts.full) {
      const present = this.store.daysPresent(first, last);
      const recentFrom = addDays(last, -(this.policy.recentDays - 1));
      days = days.filter((d) => d >= recentFrom || !present.has(d));
    }
    return { days, s, now };
  }

  private checkDay(day: string, s: UpstreamSettings, now: number): QueuedDay | null {
    return this.store.transaction(() => {
      const latest = this.store.latest(day);
      const summary = buildDailySummary(this.deps.db, this.deps.clock, { date: day, commune: s.commune, revision: latest?.revision ?? 1 });
      const hash = figuresHash(summary);
      if (!latest) {
        this.store.insert({ day, revision: 1, figuresHash: hash, body: JSON.stringify(summary), now });
        return { date: day, revision: 1, why: 'new' as const };
      }
      if (latest.figures_hash === hash) return null;
      // never left the hub: the receiver has not seen this revision, so it may still change
      if (latest.status === 'pending' && latest.attempts === 0 && this.store.replaceUnsent(day, latest.revision, hash, JSON.stringify(summary), now)) {
        return { date: day, revision: latest.revision, why: 'rebuilt' as const };
      }
      this.store.supersede(day, latest.revision);
      const revision = latest.revision + 1;
      this.store.insert({ day, revision, figuresHash: hash, body: JSON.stringify({ ...summary, revision }), now });
      return { date: day, revision, why: 'revised' as const };
    });
  }

  // ---------- sending ----------

  private fingerprint(s: UpstreamSettings): string {
    return crypto.createHash('sha256').update(`${s.url}\n${s.commune.code}\n${s.secret}`).digest('hex');
  }

  /** 401: the key or the commune code is refused; nothing is sent with these settings until they change or an admin asks. */
  held(s = this.deps.settings()): boolean {
    return this.store.meta('hold') === this.fingerprint(s);
  }

  private backoff(attempt: number): number {
    const { baseMs, maxMs } = this.policy.backoff;
    const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
    return Math.round(exp / 2 + (this.deps.random ?? Math.random)() * (exp / 2));
  }

  /** A day failing with network errors or a few 5xx holds back later days; one the receiver keeps refusing with 5xx does not. */
  private blocks(row: OutboxRow): boolean {
    return row.last_status === null || row.attempts < this.policy.blockingAttempts;
  }

  private setLink(state: LinkState): void {
    this.store.setMeta('link', JSON.stringify(state));
  }

  link(): LinkState | null {
    const v = this.store.meta('link');
    return v ? (JSON.parse(v) as LinkState) : null;
  }

  /**
   * Sends pending summaries, oldest day first, one at a time. `force` ignores back-off timers and the 401 hold
   * (the CLI's "send now"); `date` limits the pass to that day. Serialised with any other pass in this process.
   */
  sendPass(opts: { force?: boolean; date?: string } = {}): Promise<SendResult[]> {
    const next = this.chain.then(() => this.pass(opts));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async pass(opts: { force?: boolean; date?: string }): Promise<SendResult[]> {
    const results: SendResult[] = [];
    const s = this.deps.settings();
    if (!this.enabled(s) || this.stopping) return results;
    if (!opts.force && this.held(s)) return results;
    for (const listed of this.store.pending()) {
      if (this.stopping || !this.deps.db.open) break;
      if (opts.date && listed.day !== opts.date) continue;
      // read again: a check while this pass awaited the network may have superseded or rebuilt it
      const row = this.store.get(listed.day, listed.revision);
      if (!row || row.status !== 'pending') continue;
      const now = this.now;
      // a retry time further ahead than the longest back-off means the clock was set back: due now
      const waiting = row.next_attempt_at > now && row.next_attempt_at - now <= this.policy.backoff.maxMs;
      if (waiting && !opts.force) {
        if (this.blocks(row)) break;
        continue;
      }
      const body = this.bodyFor(row, s);
      const outcome = await postSummary({ url: s.url, code: s.commune.code, secret: s.secret }, Buffer.from(body, 'utf8'), `${s.commune.code}/${row.day}/${row.revision}`, now, this.policy.timeoutMs, this.stop.signal);
      if (!this.deps.db.open) break;
      const at = this.now;
      results.push({ date: row.day, revision: row.revision, outcome });
      this.apply(row, outcome, at, s);
      if (outcome.kind === 'permanent' && outcome.status === 401) break;
      if (outcome.kind === 'temporary' && this.blocks({ ...row, attempts: row.attempts + 1, last_status: outcome.status })) break;
    }
    return results;
  }

  /** A summary that never left the hub is rebuilt if the commune's code or name changed since it was queued. */
  private bodyFor(row: OutboxRow, s: UpstreamSettings): string {
    if (row.attempts > 0) return row.body;
    const b = JSON.parse(row.body) as { commune?: { code?: string; name?: string } };
    if (b.commune?.code === s.commune.code && b.commune?.name === s.commune.name) return row.body;
    const summary = buildDailySummary(this.deps.db, this.deps.clock, { date: row.day, commune: s.commune, revision: row.revision });
    const body = JSON.stringify(summary);
    this.store.replaceUnsent(row.day, row.revision, figuresHash(summary), body, this.now);
    return body;
  }

  /** The outcome, the link state and the hold in one commit (one sync per summary sent). */
  private apply(row: OutboxRow, o: Outcome, at: number, s: UpstreamSettings): void {
    this.store.transaction(() => this.record(row, o, at, s));
  }

  private record(row: OutboxRow, o: Outcome, at: number, s: UpstreamSettings): void {
    const log = this.deps.log;
    const ids = { date: row.day, revision: row.revision };
    if (o.kind === 'sent') {
      this.store.recordAttempt(row.day, row.revision, at, { kind: 'sent', status: o.status, answer: o.answer });
      this.store.setMeta('hold', null);
      this.setLink({ at, ok: true, source: 'send', status: o.status, reason: o.answer, detail: null });
      log.info({ ...ids, answer: o.answer }, 'daily summary delivered upstream');
    } else if (o.kind === 'permanent') {
      this.store.recordAttempt(row.day, row.revision, at, { kind: 'permanent', status: o.status, reason: o.reason, detail: o.detail });
      if (o.status === 401) this.store.setMeta('hold', this.fingerprint(s));
      this.setLink({ at, ok: o.status !== 401, source: 'send', status: o.status, reason: o.reason, detail: o.detail });
      log.warn({ ...ids, status: o.status, reason: o.reason, detail: o.detail }, 'daily summary refused by the receiver; an admin must look (not retried)');
    } else {
      // the receiver's Retry-After (a 429 or 503) is a floor under the back-off
      const nextAt = at + Math.max(this.backoff(row.attempts + 1), o.retryAfterMs ?? 0);
      this.store.recordAttempt(row.day, row.revision, at, { kind: 'temporary', status: o.status, reason: o.reason, detail: o.detail, nextAt });
      this.setLink({ at, ok: false, source: 'send', status: o.status, reason: o.reason, detail: o.detail });
      log.info({ ...ids, status: o.status, reason: o.reason, detail: o.detail, retryInMs: nextAt - at }, 'daily summary not delivered; will retry');
    }
  }

  /** "Send again": the day's latest revision is queued again, due now (a refused key is tried again too). */
  resend(date: string): SummaryView {
    if (!isValidDay(date)) throw new ServiceError('bad-date', 'date must be YYYY-MM-DD');
    const latest = this.store.latest(date);
    if (!latest) throw new ServiceError('not-found', `no summary for ${date}`);
    this.store.transaction(() => {
      this.store.requeue(date, latest.revision, this.now);
      this.store.setMeta('hold', null);
    });
    this.deps.log.info({ date, revision: latest.revision }, 'daily summary queued again by an admin');
    this.kick();
    return view(this.store.get(date, latest.revision)!);
  }

  /** Checks the link and the key without sending a summary; remembers the result for the admin page. */
  async testLink(): Promise<LinkState> {
    const s = this.deps.settings();
    if (!this.enabled(s)) throw new ServiceError('upstream-not-configured', 'set UPSTREAM_URL and UPSTREAM_SECRET');
    const r: LinkCheck = await checkLink({ url: s.url, code: s.commune.code, secret: s.secret }, this.now, this.policy.timeoutMs);
    const state: LinkState = { at: this.now, ok: r.ok, source: 'test', status: r.status, reason: r.reason, detail: r.detail };
    this.setLink(state);
    if (r.ok) this.store.setMeta('hold', null);
    return state;
  }

  // ---------- views ----------

  list(q: { from?: string; to?: string; status?: OutboxStatus; limit?: number } = {}): SummaryView[] {
    return this.store.list({ ...q, limit: q.limit ?? 100 }).map(view);
  }

  status(): UpstreamStatusView {
    const s = this.deps.settings();
    const enabled = this.enabled(s);
    return {
      enabled,
      url: s.url ? displayUrl(s.url) : null,
      commune: s.commune,
      sendAt: s.sendAt,
      lastDueDay: lastDueDay(this.now, parseSendAt(s.sendAt)),
      held: enabled && this.held(s),
      link: this.link(),
      counts: this.store.counts(),
    };
  }

  // ---------- the loop ----------

  /** One round: the cheap check when it is time (or the clock went back), then a send pass. Tests call this. */
  async runOnce(): Promise<SendResult[]> {
    const now = this.now;
    if (this.lastCheckAt === null || now < this.lastCheckAt || now - this.lastCheckAt >= this.policy.checkEveryMs) {
      try {
        await this.checkGently({ full: this.lastCheckAt === null });
      } catch (err) {
        this.deps.log.error({ err }, 'checking which daily summaries are due failed');
      }
    }
    return this.sendPass();
  }

  start(): void {
    if (this.running || this.closed || !this.policy.loop) return;
    this.running = true;
    this.schedule(0);
  }

  kick(): void {
    if (this.running) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce()
        .catch((err) => {
          if (!this.closed) this.deps.log.error({ err }, 'upstream pass failed');
        })
        .finally(() => this.schedule(this.policy.tickMs));
    }, ms);
    this.timer.unref();
  }

  /** Stops the loop and waits for a request in flight (at most its timeout). */
  async close(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.stop.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain;
    this.closed = true;
  }
}
