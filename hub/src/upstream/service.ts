import { DeliveryLoop, isValidDay, type Clock, type UpstreamStatusView } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { parseSendAt } from './config.js';
import { lastDueDay } from './days.js';
import { displayUrl } from './client.js';
import { DuePlanner } from './planner.js';
import { SummarySender } from './sender.js';
import { UpstreamStore, type OutboxStatus } from './store.js';
import { DEFAULT_POLICY, upstreamEnabled, type LinkState, type QueuedDay, type SendResult, type SummaryView, type UpstreamPolicy, type UpstreamSettings } from './types.js';
import { summaryView } from './views.js';

export { DEFAULT_POLICY, type LinkState, type QueuedDay, type SendResult, type SummaryView, type UpstreamPolicy, type UpstreamSettings } from './types.js';

/**
 * The commune's daily summaries on their way upstream (issue 5 §1, docs/upstream-sender.md): which days are due
 * (DuePlanner), sending them in date order (SummarySender), the admin's views and actions, and the DeliveryLoop
 * that runs a round (the cheap check when it is time, then a send pass) at start, on a kick and every tick.
 */
export class UpstreamService {
  readonly store: UpstreamStore;
  private stopping = false;
  /** cuts a request in flight when the hub stops (it is retried at the next start: same bytes, "duplicate") */
  private readonly stop = new AbortController();
  private readonly policy: UpstreamPolicy;
  private readonly planner: DuePlanner;
  private readonly sender: SummarySender;
  private readonly loop: DeliveryLoop<SendResult[]>;

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
    const stopping = () => this.stopping;
    this.planner = new DuePlanner({ db: deps.db, clock: deps.clock, log: deps.log, store: this.store, settings: deps.settings, recentDays: this.policy.recentDays, stopping });
    this.sender = new SummarySender({ db: deps.db, clock: deps.clock, log: deps.log, store: this.store, settings: deps.settings, policy: this.policy, random: deps.random, signal: this.stop.signal, stopping });
    this.loop = new DeliveryLoop({
      pass: () => this.round(),
      tickMs: this.policy.tickMs,
      onError: (err) => {
        if (!this.loop.closed) this.deps.log.error({ err }, 'upstream pass failed');
      },
    });
  }

  enabled(s = this.deps.settings()): s is UpstreamSettings & { url: string; secret: string } {
    return upstreamEnabled(s);
  }

  // ---------- which days are due (planner.ts) ----------

  /** Queues every due day whose figures changed (`full`: every day; otherwise the recent ones and any never queued). */
  check(opts: { full?: boolean; date?: string } = {}): QueuedDay[] {
    return this.planner.check(opts);
  }

  /** The same as `check`, a few days at a time with the event loop free in between. */
  checkGently(opts: { full?: boolean } = {}, sliceDays = 10): Promise<QueuedDay[]> {
    return this.planner.checkGently(opts, sliceDays);
  }

  // ---------- sending (sender.ts) ----------

  /** 401: the key or the commune code is refused; nothing is sent with these settings until they change or an admin asks. */
  held(s = this.deps.settings()): boolean {
    return this.sender.held(s);
  }

  link(): LinkState | null {
    return this.sender.link();
  }

  /**
   * Sends pending summaries, oldest day first, one at a time. `force` ignores back-off timers and the 401 hold
   * (the CLI's "send now"); `date` limits the pass to that day. Serialised with any other pass in this process.
   */
  sendPass(opts: { force?: boolean; date?: string } = {}): Promise<SendResult[]> {
    return this.loop.exclusive(() => this.sender.pass(opts));
  }

  /** "Send again": the day's latest revision is queued again, due now (a refused key is tried again too). */
  resend(date: string): SummaryView {
    if (!isValidDay(date)) throw new ServiceError('bad-date', 'date must be YYYY-MM-DD');
    const latest = this.store.latest(date);
    if (!latest) throw new ServiceError('not-found', `no summary for ${date}`);
    this.store.transaction(() => {
      this.store.requeue(date, latest.revision, this.deps.clock.now());
      this.store.setMeta('hold', null);
    });
    this.deps.log.info({ date, revision: latest.revision }, 'daily summary queued again by an admin');
    this.kick();
    return summaryView(this.store.get(date, latest.revision)!);
  }

  /** Checks the link and the key without sending a summary; remembers the result for the admin page. */
  async testLink(): Promise<LinkState> {
    const s = this.deps.settings();
    if (!upstreamEnabled(s)) throw new ServiceError('upstream-not-configured', 'set UPSTREAM_URL and UPSTREAM_SECRET');
    return this.sender.testLink(s);
  }

  // ---------- views ----------

  list(q: { from?: string; to?: string; status?: OutboxStatus; limit?: number } = {}): SummaryView[] {
    return this.store.list({ ...q, limit: q.limit ?? 100 }).map(summaryView);
  }

  status(): UpstreamStatusView {
    const s = this.deps.settings();
    const enabled = this.enabled(s);
    return {
      enabled,
      url: s.url ? displayUrl(s.url) : null,
      commune: s.commune,
      sendAt: s.sendAt,
      lastDueDay: lastDueDay(this.deps.clock.now(), parseSendAt(s.sendAt)),
      held: enabled && this.held(s),
      link: this.link(),
      counts: this.store.counts(),
    };
  }

  // ---------- the loop ----------

  /** One round (serialised with any other pass): the cheap check when it is time (or the clock went back), then a send pass. Tests call this. */
  runOnce(): Promise<SendResult[]> {
    return this.loop.runOnce();
  }

  private async round(): Promise<SendResult[]> {
    const due = this.planner.checkDue(this.deps.clock.now(), this.policy.checkEveryMs);
    if (due.due) {
      try {
        await this.planner.checkGently({ full: due.full });
      } catch (err) {
        this.deps.log.error({ err }, 'checking which daily summaries are due failed');
      }
    }
    return this.sender.pass({});
  }

  start(): void {
    if (this.policy.loop) this.loop.start();
  }

  kick(): void {
    this.loop.kick();
  }

  /** Stops the loop and waits for a request in flight (at most its timeout). */
  async close(): Promise<void> {
    this.stopping = true;
    this.stop.abort();
    await this.loop.close();
  }
}
