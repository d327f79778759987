/** What /api/admin/alerts, /api/admin/retention and /api/admin/backups answer (hub/src/alerts, retention, backup). */
export interface AlertView {
  id: number;
  kind: string;
  key: string;
  detail: string;
  params: import('@onestop/shared').AlertParams | null;
  raisedAt: number;
  clearedAt: number | null;
  sms: boolean;
}

export interface RetentionRunView {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  days: number;
  cutoff: number;
  files: number;
  smsMessages: number;
  comments: number;
  error: string | null;
}

export interface RetentionStatus {
  days: number;
  lastRun: RetentionRunView | null;
  runs: RetentionRunView[];
  pending: number;
}

export interface BackupRunView {
  id: number;
  at: number;
  trigger: string;
  file: string | null;
  bytes: number | null;
  durationMs: number | null;
  ok: boolean;
  error: string | null;
  removed: string[];
}

export interface BackupStatus {
  dir: string;
  keepDaily: number;
  keepWeekly: number;
  files: { name: string; at: number; bytes: number }[];
  lastRun: BackupRunView | null;
  runs: BackupRunView[];
}
