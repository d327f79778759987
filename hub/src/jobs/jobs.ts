import cron from 'node-cron';
import { TZ } from '@onestop/shared';
import type { Logger } from '../log.js';

/** A background job: a name, when (cron, local time in Asia/Ho_Chi_Minh), and what. */
export interface Job {
  name: string;
  cron: string;
  run(): unknown;
}

/**
 * Starts the jobs on node-cron. A job that throws is logged and tried again at its next time; it never stops the
 * hub. Jobs must be idempotent: a tick can be missed (the hub was off) or doubled (the clock was set back), so what
 * is due is decided from the data, not from the tick.
 */
export function startJobs(jobs: Job[], log: Logger): { stop(): void } {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          await job.run();
        } catch (err) {
          log.error({ err, job: job.name }, 'job failed');
        }
      },
      { name: job.name, timezone: TZ, noOverlap: true },
    ),
  );
  return {
    stop() {
      for (const t of tasks) void t.stop();
    },
  };
}
