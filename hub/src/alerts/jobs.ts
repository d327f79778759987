import type { EventBus } from '../events.js';
import type { Job } from '../jobs/jobs.js';
import type { Logger } from '../log.js';
import type { AlertService } from './service.js';

/** Devices offline in office hours, the SMS gateway, the upstream link, and every counter's last N ratings. */
export function alertsJob(alerts: Pick<AlertService, 'checkAll'>): Job {
  return {
    name: 'alerts-check',
    cron: '* * * * *',
    run() {
      alerts.checkAll();
    },
  };
}

/**
 * At most one satisfaction check per counter in this long. Under a burst (50 devices: hundreds of ratings a second
 * at one counter) a check per turn of the event loop cost ~5 % of the hub's main thread for the same answer; a
 * check at most once a second, the last one after the burst's last rating, raises and clears the same alerts a
 * second later at worst (docs/performance.md, issue 15's fourth pass).
 */
export const COUNTER_CHECK_GAP_MS = 1000;

export interface CounterChecks {
  /** resolves once no check is waiting: every rating stored so far has been checked */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * A counter's satisfaction is checked after its ratings: right after the first burst (the counters rated in one turn
 * of the event loop are checked together after it), then at most once per `gapMs`, the last check after the last
 * rating, so a burst's end is always judged.
 */
export function checkCountersAfterRatings(
  bus: EventBus,
  alerts: Pick<AlertService, 'checkCounter'>,
  log: Logger,
  gapMs: number = COUNTER_CHECK_GAP_MS,
): CounterChecks {
  const soon = new Set<string>();
  const later = new Map<string, NodeJS.Timeout>();
  const lastAt = new Map<string, number>();
  const idleWaiters: (() => void)[] = [];
  let stopped = false;
  const wakeIfIdle = () => {
    if (soon.size === 0 && later.size === 0 && idleWaiters.length > 0) for (const w of idleWaiters.splice(0)) w();
  };
  const check = (id: string) => {
    lastAt.set(id, performance.now());
    try {
      if (!stopped) alerts.checkCounter(id);
    } catch (err) {
      log.error({ err, counterId: id }, 'counter alert check failed');
    }
  };
  const off = bus.on('rating:stored', (r) => {
    const id = r.counterId;
    if (stopped || soon.has(id) || later.has(id)) return; // a check is already waiting, and will see this rating
    const wait = (lastAt.get(id) ?? -Infinity) + gapMs - performance.now();
    if (wait > 0) {
      const t = setTimeout(() => {
        later.delete(id);
        check(id);
        wakeIfIdle();
      }, wait);
      t.unref();
      later.set(id, t);
      return;
    }
    if (soon.size === 0)
      setImmediate(() => {
        for (const c of soon) check(c);
        soon.clear();
        wakeIfIdle();
      });
    soon.add(id);
  });
  return {
    idle: () => (soon.size === 0 && later.size === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    stop() {
      stopped = true;
      off();
      for (const t of later.values()) clearTimeout(t);
      later.clear();
      soon.clear();
      wakeIfIdle();
    },
  };
}
