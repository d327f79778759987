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
 * A counter's satisfaction is checked after its ratings, once per burst (the counters rated in one turn of the event
 * loop are checked together after it). Returns the function that stops it.
 */
export function checkCountersAfterRatings(bus: EventBus, alerts: Pick<AlertService, 'checkCounter'>, log: Logger): () => void {
  const toCheck = new Set<string>();
  let stopped = false;
  const off = bus.on('rating:stored', (r) => {
    if (stopped) return;
    if (toCheck.size === 0)
      setImmediate(() => {
        try {
          if (!stopped) for (const id of toCheck) alerts.checkCounter(id);
        } catch (err) {
          log.error({ err }, 'counter alert check failed');
        }
        toCheck.clear();
      });
    toCheck.add(r.counterId);
  });
  return () => {
    stopped = true;
    off();
  };
}
