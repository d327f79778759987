import type { opsVi } from './ops.vi';
import { alertTextEn } from '@onestop/shared';

/** The operations page (/admin/ops): English. */
export const opsEn: typeof opsVi = {
  title: 'Operations: alerts, data retention, backups',
  nav: 'Operations',
  badge: (n: number) => `${n} alert${n === 1 ? '' : 's'}`,
  badgeTitle: 'Open alerts',
  alertsTitle: 'Alerts',
  alertsIntro: 'Each problem is reported once and closes by itself when it ends. With an alert phone configured, the hub also sends an SMS (outside quiet hours).',
  noAlerts: 'No alerts.',
  open: 'Open',
  cleared: (when: string) => `Ended ${when}`,
  raised: (when: string) => `Since ${when}`,
  /** an alert in words, from its kind and facts (shared/src/alertText.ts) */
  alertText: alertTextEn,
  smsSent: 'SMS sent',
  kinds: {
    'counter-satisfaction': 'Low satisfaction',
    'device-offline': 'Device offline',
    'sms-gateway': 'SMS gateway failing',
    upstream: 'Upstream upload failing',
    backup: 'Backup failed',
    'pairing-guessing': 'Pairing codes guessed',
    'commune-identity': 'Messages held: the commune is not fully set up',
  },
  retentionTitle: 'Keeping personal data',
  retentionIntro: (days: number) =>
    `Every night, citizens’ names and phone numbers are removed from files closed more than ${days} days ago (and the numbers from those files’ SMS); phone numbers citizens typed into older comments are masked. Statistics stay the same.`,
  lastRun: 'Last run',
  neverRun: 'Has not run yet.',
  removed: (files: number, sms: number, comments: number) => `Personal data removed from ${files} files and ${sms} SMS; phone numbers masked in ${comments} comments`,
  runError: (e: string) => `Error: ${e}`,
  pending: (n: number) => `Waiting to be removed: ${n} files`,
  runNow: 'Run now',
  running: 'Running…',
  backupsTitle: 'Backups',
  backupsIntro: (daily: number, weekly: number, dir: string) =>
    `Every night at 02:00 the hub makes an online backup and verifies it; it keeps ${daily} daily and ${weekly} weekly copies in \`${dir}\`. Copy one elsewhere (a USB drive) from time to time.`,
  lastBackup: 'Last backup',
  backupOk: (file: string, size: string, ms: number) => `Succeeded: ${file} (${size}, ${ms} ms), integrity checked`,
  backupFailed: (e: string) => `Failed: ${e}`,
  noBackups: 'No backups yet.',
  backupNow: 'Back up now',
  backingUp: 'Backing up…',
  file: 'File',
  when: 'When',
  size: 'Size',
  download: 'Download',
  restoreHint: 'To restore: stop the hub, then run `npx hub restore --from <file>` (see the operations guide).',
  triggers: { nightly: 'nightly', manual: 'command line', admin: 'admin page' },
};
