import type { Migration } from './migration.js';

/**
 * Migration 15: citizen SMS held while the commune's identity (name, code, contact phone) is missing (issue 14). The
 * message waits in `sms_messages` (queued, no next attempt); its placeholders wait here, so it is written again with
 * the commune's real name and phone when they are set. A row leaves when its message is released or leaves `queued`.
 */
export const SMS_HELD_MIGRATION: Migration = {
  version: 15,
  name: 'SMS held until the commune is named',
  sql: `
    CREATE TABLE sms_held (
      sms_id TEXT PRIMARY KEY REFERENCES sms_messages(id) ON DELETE CASCADE,
      vars TEXT NOT NULL,
      held_at INTEGER NOT NULL
    );
  `,
};
