import type { Migration } from './migration.js';

/**
 * Migration 6: the audit log of administrative changes (docs/decisions/0035-audit-log.md). File transitions are not
 * copied here: the audit view reads them from file_events, which the files feature already writes in the same
 * transaction as each transition.
 */
export const AUDIT_MIGRATION: Migration = {
  version: 6,
  name: 'audit log of administrative changes',
  sql: `
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor_id TEXT,
      actor TEXT NOT NULL,
      kind TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      before TEXT,
      after TEXT
    );
    CREATE INDEX audit_log_at ON audit_log(at);
    CREATE INDEX audit_log_kind_at ON audit_log(kind, at);
    CREATE INDEX audit_log_actor_at ON audit_log(actor, at);
    -- the audit view reads file transitions by time, whatever their kind (file_events has (kind, at) only)
    CREATE INDEX file_events_at ON file_events(at);
  `,
};
