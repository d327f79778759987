import type { Job } from '../jobs/jobs.js';
import type { Logger } from '../log.js';
import { parseSendAt } from './config.js';
import type { UpstreamService } from './service.js';

/**
 * The daily tick at the send time (local): a full check of every day, then a send pass. Only a nudge: the same
 * check runs at start and every few minutes, so a missed or doubled tick changes nothing (decided from the data).
 */
export function upstreamJob(upstream: UpstreamService, sendAt: string, log: Logger): Job {
  const m = parseSendAt(sendAt);
  return {
    name: 'upstream-daily-summary',
    cron: `${m % 60} ${Math.floor(m / 60)} * * *`,
    async run() {
      if (!upstream.enabled()) return;
      const queued = await upstream.checkGently({ full: true });
      if (queued.length) log.info({ days: queued.length }, 'daily summaries queued at the send time');
      upstream.kick();
    },
  };
}
