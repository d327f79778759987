import type { Migration } from './migration.js';

/**
 * 8: the upstream outbox. One row per (day, revision): the exact bytes sent (so a retry is byte-identical and the
 * receiver answers "duplicate"), the hash of the day's figures it was built from (to notice a change), and the
 * delivery state. `upstream_meta` holds the first day the sender looked at and the last link result.
 */
export const UPSTREAM_MIGRATION: Migration = {
  version: 8,
  name: 'upstream outbox',
  sql: `
    CREATE TABLE upstream_summaries (
      day TEXT NOT NULL,
      revision INTEGER NOT NULL CHECK (revision >= 1),
      figures_hash TEXT NOT NULL,
      body TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'superseded')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      last_attempt_at INTEGER,
      last_status INTEGER,
      last_error TEXT,
      last_detail TEXT,
      sent_at INTEGER,
      answer TEXT,
      PRIMARY KEY (day, revision)
    ) WITHOUT ROWID;
    CREATE INDEX upstream_summaries_status ON upstream_summaries(status, day);
    CREATE TABLE upstream_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};
