import type { Feature } from '../mount.js';
import type { Job } from '../jobs/jobs.js';
import type { Logger } from '../log.js';
import type { FileService } from './service.js';
import { fileApiRoutes, filePublicRoutes, fileStaffRoutes } from './routes.js';

/** Files (hồ sơ): the counter's routes, the API, the kiosk's public lookup, and the reminder job. */
export const filesFeature: Feature = ({ services: { files, sms }, guards, config, log }) => {
  const l = log.child({ module: 'files' });
  return {
    routes: [fileStaffRoutes(files, guards.staff, l), fileApiRoutes(files, guards.token, l), filePublicRoutes(files, l)],
    jobs: [reminderJob({ files, sms }, config.reminderAfterDays, log.child({ module: 'jobs' }))],
  };
};

/** A file ready and not collected for N days: remind the citizen once, if the admin switched reminders on. */
export function reminderJob(deps: { files: Pick<FileService, 'sendReminders'>; sms: { isEnabled(kind: 'reminder'): boolean } }, afterDays: number, log: Logger): Job {
  return {
    name: 'sms-reminders',
    cron: '30 8 * * 1-5',
    run() {
      if (!deps.sms.isEnabled('reminder')) return;
      const n = deps.files.sendReminders(afterDays);
      if (n > 0) log.info({ files: n }, 'reminders queued');
    },
  };
}
