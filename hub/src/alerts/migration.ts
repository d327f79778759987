import type { Migration } from '../db/migrations.js';
import { BACKUP_SQL } from '../backup/schema.js';
import { RETENTION_SQL } from '../retention/schema.js';

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
