/**
 * The operations page: alerts (GET /api/admin/alerts, and the open count on /live), retention of personal data
 * (GET /api/admin/retention) and backups (GET /api/admin/backups).
 */
import { z } from 'zod';
import { ALERT_KINDS, alertParamsSchema } from './alertText.js';

export const alertsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const alertView = z.object({
  id: z.number(),
  kind: z.enum(ALERT_KINDS),
  /** which counter, device, gateway or upload the alert is about */
  key: z.string(),
  /** Vietnamese, as the SMS to the alert phone said it (and as alerts raised before they kept their facts read) */
  detail: z.string(),
  /** the facts behind it, which the admin pages put into words in their language (alertText.ts); null for alerts from before */
  params: alertParamsSchema.nullable(),
  raisedAt: z.number(),
  clearedAt: z.number().nullable(),
  /** whether an SMS was queued for it */
  sms: z.boolean(),
});
export type AlertView = z.infer<typeof alertView>;

/** GET /api/admin/alerts: open alerts first, then the latest cleared ones. */
export const alertsAnswer = z.object({ open: z.number(), alerts: z.array(alertView) });
export type AlertsAnswer = z.infer<typeof alertsAnswer>;

export interface AlertsToLive {
  'alerts:count': (openCount: number) => void;
}

export const retentionRunView = z.object({
  id: z.number(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  days: z.number(),
  /** files closed before this instant lost their personal data */
  cutoff: z.number(),
  files: z.number(),
  smsMessages: z.number(),
  /** ratings' comments of the same age in which a typed phone number was masked */
  comments: z.number(),
  error: z.string().nullable(),
});
export type RetentionRunView = z.infer<typeof retentionRunView>;

export const retentionStatus = z.object({
  days: z.number(),
  lastRun: retentionRunView.nullable(),
  runs: z.array(retentionRunView),
  /** closed files past the period still holding a name or phone (0 right after a run) */
  pending: z.number(),
});
export type RetentionStatus = z.infer<typeof retentionStatus>;

export const BACKUP_TRIGGERS = ['nightly', 'manual', 'admin'] as const;
export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number];

export const backupFileView = z.object({ name: z.string(), at: z.number(), bytes: z.number() });
export type BackupFileView = z.infer<typeof backupFileView>;

export const backupRunView = z.object({
  id: z.number(),
  at: z.number(),
  trigger: z.enum(BACKUP_TRIGGERS),
  file: z.string().nullable(),
  bytes: z.number().nullable(),
  durationMs: z.number().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  removed: z.array(z.string()),
});
export type BackupRunView = z.infer<typeof backupRunView>;

export const backupStatus = z.object({
  dir: z.string(),
  keepDaily: z.number(),
  keepWeekly: z.number(),
  files: z.array(backupFileView),
  lastRun: backupRunView.nullable(),
  runs: z.array(backupRunView),
});
export type BackupStatus = z.infer<typeof backupStatus>;
