import type { Feature } from '../mount.js';
import type { Job } from '../jobs/jobs.js';
import type { Logger } from '../log.js';
import type { RetentionService } from './service.js';
import { retentionRoutes } from './routes.js';

export const retentionFeature: Feature = ({ services: { retention }, guards, log }) => ({
  routes: [retentionRoutes(retention, guards.admin, log.child({ module: 'ops' }))],
  jobs: [retentionJob(retention, log.child({ module: 'jobs' }))],
});

/** Nightly: personal data of files closed longer ago than the period is blanked (what is due is decided from the data). */
export function retentionJob(retention: Pick<RetentionService, 'run'>, log: Logger): Job {
  return {
    name: 'retention',
    cron: '30 1 * * *',
    async run() {
      const r = await retention.run();
      if (r.error) log.error({ error: r.error }, 'retention run failed');
    },
  };
}
