import type { Feature } from '../mount.js';
import type { Job } from '../jobs/jobs.js';
import type { AlertService } from '../alerts/service.js';
import type { BackupService } from './service.js';
import { backupRoutes } from './routes.js';

export const backupFeature: Feature = ({ services: { backups, alerts }, guards, log }) => ({
  routes: [backupRoutes(backups, guards.admin, log.child({ module: 'ops' }))],
  jobs: [backupJob(backups, alerts)],
});

/** Nightly at 02:00: a verified online backup; a failure raises the backup alert, the next success clears it. */
export function backupJob(backups: Pick<BackupService, 'backupNow'>, alerts: Pick<AlertService, 'raise' | 'clear'>): Job {
  return {
    name: 'backup',
    cron: '0 2 * * *',
    async run() {
      const r = await backups.backupNow('nightly');
      if (r.ok) alerts.clear('backup', 'nightly');
      else alerts.raise('nightly', { kind: 'backup', error: (r.error ?? '').slice(0, 120) });
    },
  };
}
