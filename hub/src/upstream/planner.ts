import { localDay } from '@onestop/shared';
import { ServiceError } from '../http/errors.js';
import { buildDailySummary } from '../summary/build.js';
import { parseSendAt } from './config.js';
import { addDays, daysBetween, figuresHash, lastDueDay } from './days.js';
import { upstreamEnabled, type QueuedDay, type UpstreamParts, type UpstreamSettings } from './types.js';

/**
 * Which days' summaries are due, queued in the outbox (issue 5 §1, docs/upstream-sender.md).
 *
 * Decided from the data and the outbox: every day from the first day with data (or the first check) to the last due
 * day whose figures differ from the last revision queued. Nothing depends on whether a cron tick fired, so a clock
 * that jumps forward or back neither skips nor repeats a day.
 */
export class DuePlanner {
  /** when (injected clock) the last check ran; null before the first */
  private lastCheckAt: number | null = null;

  constructor(
    private readonly deps: UpstreamParts & {
      /** the cheap check looks at this many most recent due days (plus any day never queued) */
      recentDays: number;
      /** the hub is stopping: a gentle check gives up between slices */
      stopping: () => boolean;
    },
  ) {}

  /** No check yet (the next should be full), or the cheap one is due: `everyMs` passed, or the clock went back. */
  checkDue(now: number, everyMs: number): { due: boolean; full: boolean } {
    const last = this.lastCheckAt;
    return { due: last === null || now < last || now - last >= everyMs, full: last === null };
  }

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
        if (this.deps.stopping() || !this.deps.db.open) break;
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
    const { store } = this.deps;
    const s = this.deps.settings();
    if (!upstreamEnabled(s)) return null;
    const now = this.deps.clock.now();
    this.lastCheckAt = now;
    const last = lastDueDay(now, parseSendAt(s.sendAt));
    if (opts.date) {
      if (opts.date > last) throw new ServiceError('bad-date', `${opts.date} is not due yet (the last due day is ${last})`);
      return { days: [opts.date], s, now };
    }
    let firstStart = store.meta('firstStart');
    if (!firstStart) {
      firstStart = localDay(now);
      store.setMeta('firstStart', firstStart);
    }
    const dataDay = store.firstDataDay();
    const first = dataDay && dataDay < firstStart ? dataDay : firstStart;
    if (first > last) return null;
    let days = daysBetween(first, last);
    if (!opts.full) {
      const present = store.daysPresent(first, last);
      const recentFrom = addDays(last, -(this.deps.recentDays - 1));
      days = days.filter((d) => d >= recentFrom || !present.has(d));
    }
    return { days, s, now };
  }

  private checkDay(day: string, s: UpstreamSettings, now: number): QueuedDay | null {
    const { store, db, clock } = this.deps;
    return store.transaction(() => {
      const latest = store.latest(day);
      const summary = buildDailySummary(db, clock, { date: day, commune: s.commune, revision: latest?.revision ?? 1 });
      const hash = figuresHash(summary);
      if (!latest) {
        store.insert({ day, revision: 1, figuresHash: hash, body: JSON.stringify(summary), now });
        return { date: day, revision: 1, why: 'new' as const };
      }
      if (latest.figures_hash === hash) return null;
      // never left the hub: the receiver has not seen this revision, so it may still change
      if (latest.status === 'pending' && latest.attempts === 0 && store.replaceUnsent(day, latest.revision, hash, JSON.stringify(summary), now)) {
        return { date: day, revision: latest.revision, why: 'rebuilt' as const };
      }
      store.supersede(day, latest.revision);
      const revision = latest.revision + 1;
      store.insert({ day, revision, figuresHash: hash, body: JSON.stringify({ ...summary, revision }), now });
      return { date: day, revision, why: 'revised' as const };
    });
  }
}
