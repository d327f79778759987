import type { Hub } from '../app.js';
import type { Logger } from '../log.js';
import type { Job } from './jobs.js';
import { opsJobs } from '../alerts/jobs.js';
import { upstreamJob } from '../upstream/job.js';

/** The commune hub's daily jobs. */
export function hubJobs(hub: Hub, opts: { reminderAfterDays: number; upstreamSendAt?: string }, log: Logger): Job[] {
  return [
    {
      // a file ready and not collected for N days: remind the citizen once, if the admin switched reminders on
      name: 'sms-reminders',
      cron: '30 8 * * 1-5',
      run() {
        if (!hub.services.sms.isEnabled('reminder')) return;
        const n = hub.services.files.sendReminders(opts.reminderAfterDays);
        if (n > 0) log.info({ files: n }, 'reminders queued');
      },
    },
    // alerts, retention, backup (hub/src/alerts/jobs.ts)
    ...opsJobs(hub, log),
    // the day's summary upstream at the send time (default 23:55); what is due is decided from data + outbox
    upstreamJob(hub.services.upstream, opts.upstreamSendAt ?? '23:55', log),
  ];
}
