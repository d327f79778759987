import type { Migration } from './migration.js';

/**
 * Migration 14 (issue 14 §3, the citizen's screen): a procedure lists the papers to bring (thành phần hồ sơ, a JSON
 * array of strings); an account has a title (chức danh) and may have a photo, shown on the kiosk of the counter where
 * its holder is on duty. The photo is kept apart from the account row so lists of accounts never carry its bytes.
 * A file keeps what the receipt (Mẫu số 01, docs/files.md) prints besides: the citizen's address, the papers received
 * (JSON array of { name, copies }) and the time of day of the appointment ('HH:MM').
 */
export const CITIZEN_SCREEN_MIGRATION: Migration = {
  version: 14,
  name: 'papers to bring, staff titles and photos',
  sql: `
    ALTER TABLE procedures ADD COLUMN documents TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE users ADD COLUMN title TEXT;
    CREATE TABLE user_photos (
      user_id TEXT PRIMARY KEY REFERENCES users(id),
      type TEXT NOT NULL,
      bytes BLOB NOT NULL,
      updated_at INTEGER NOT NULL
    );
    ALTER TABLE files ADD COLUMN citizen_address TEXT;
    ALTER TABLE files ADD COLUMN documents_received TEXT;
    ALTER TABLE files ADD COLUMN due_time TEXT;
  `,
};
