import type { Hub } from '../app.js';
import type { Logger } from '../log.js';
import type { Job } from '../jobs/jobs.js';

/** Alerts, retention and backup jobs (local time). Each decides from the data what is due, so a missed tick is harmless. */
export function opsJobs(hub: Hub, log: Logger): Job[] {
  return [
    {
      // devices offline in office hours, the SMS gateway, and every counter's last N ratings
      name: 'alerts-check',
      cron: '* * * * *',
      run() {
        hub.services.alerts.checkAll();
      },
    },
    {
      name: 'retention',
      cron: '30 1 * * *',
      async run() {
        const r = await hub.services.retention.run();
        if (r.error) log.error({ error: r.error }, 'retention run failed');
      },
    },
    {
      name: 'backup',
      cron: '0 2 * * *',
      async run() {
        const r = await hub.services.backups.backupNow('nightly');
        if (r.ok) hub.services.alerts.clear('backup', 'nightly');
        else hub.services.alerts.raise('backup', 'nightly', `Sao lưu dữ liệu đêm nay không thành công: ${(r.error ?? '').slice(0, 120)}`);
      },
    },
  ];
}
