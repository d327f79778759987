import type { Migration } from './migration.js';

/** Each backup attempt and its result (the copies themselves are files in <dataDir>/backups). Part of migration 7. */
export const BACKUP_SQL = `
  CREATE TABLE backup_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('nightly', 'manual', 'admin')),
    file TEXT,
    bytes INTEGER,
    duration_ms INTEGER,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error TEXT,
    removed TEXT
  );
`;

/** Each run of the retention job: when, the cut-off, and how many files and SMS rows lost their personal data. Part of migration 7. */
export const RETENTION_SQL = `
  CREATE TABLE retention_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    days INTEGER NOT NULL,
    cutoff INTEGER NOT NULL,
    files INTEGER NOT NULL DEFAULT 0,
    sms_messages INTEGER NOT NULL DEFAULT 0,
    error TEXT
  );
`;

const ALERTS_SQL = `
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    detail TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    cleared_at INTEGER,
    sms_id TEXT
  );
  -- at most one open alert per condition: raising again while open changes nothing (no flood)
  CREATE UNIQUE INDEX alerts_open ON alerts(kind, key) WHERE cleared_at IS NULL;
  CREATE INDEX alerts_raised ON alerts(raised_at);
  -- a counter's last N ratings, for the satisfaction alert, without scanning the day index
  CREATE INDEX ratings_counter_recent ON ratings(counter_id, flagged, rated_at);
  -- the retention job walks closed files oldest first
  CREATE INDEX files_closed_at ON files(closed_at) WHERE closed_at IS NOT NULL;
`;

/**
 * Migration 7: the operations features' own tables: alerts (./), retention runs (retention/), backup runs
 * (backup/). One version for the three, composed like migration 2.
 */
export const OPS_MIGRATION: Migration = {
  version: 7,
  name: 'alerts, retention runs, backup runs',
  sql: ALERTS_SQL + RETENTION_SQL + BACKUP_SQL,
};
