import type { Migration } from './migration.js';

/**
 * Accounts, sessions and API tokens: part of migration 2 (hub/src/files/migration.ts). The temporary admin password
 * of version 1 becomes the account "admin" with the same password (its older scrypt hash is upgraded at the next
 * sign-in); its sessions end.
 */
export const AUTH_SQL = `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL,
    disabled_at INTEGER
  );
  -- kept after they end: who was on duty at which counter, and when, credits ratings made meanwhile
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    counter_id TEXT REFERENCES counters(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at INTEGER,
    end_reason TEXT
  );
  CREATE INDEX sessions_counter ON sessions(counter_id, created_at);
  CREATE INDEX sessions_user ON sessions(user_id, ended_at);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT,
    last_used_at INTEGER,
    revoked_at INTEGER
  );
  INSERT INTO users (id, username, display_name, role, password_hash, created_at, password_changed_at)
    SELECT 'u-admin', 'admin', 'Quản trị', 'admin', value, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000
    FROM settings WHERE key = 'admin_password';
  DELETE FROM settings WHERE key = 'admin_password';
  DROP TABLE admin_sessions;
`;

/**
 * Procedures, holidays, files and their history, and the link from a rating to a returned file and to the staff
 * member on duty: part of migration 2 (./migration.ts).
 */
export const FILES_SQL = `
  CREATE TABLE procedures (
    code TEXT PRIMARY KEY COLLATE NOCASE,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    processing_days INTEGER NOT NULL CHECK (processing_days BETWEEN 0 AND 365),
    fee INTEGER CHECK (fee IS NULL OR fee >= 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE holidays (
    date TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'off' CHECK (kind IN ('off', 'work'))
  ) WITHOUT ROWID;
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE COLLATE NOCASE,
    procedure_code TEXT NOT NULL REFERENCES procedures(code),
    procedure_name TEXT NOT NULL,
    processing_days INTEGER NOT NULL,
    citizen_name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    phone TEXT NOT NULL,
    counter_id TEXT REFERENCES counters(id),
    received_by TEXT REFERENCES users(id),
    received_token TEXT REFERENCES api_tokens(id),
    received_at INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'supplement', 'ready', 'returned', 'rejected', 'withdrawn')),
    status_at INTEGER NOT NULL,
    supplement_reason TEXT,
    apologies INTEGER NOT NULL DEFAULT 0,
    ready_at INTEGER,
    closed_at INTEGER,
    late_since TEXT,
    reminded_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX files_status_due ON files(status, due_date);
  CREATE INDEX files_received_at ON files(received_at);
  CREATE INDEX files_phone ON files(phone);
  CREATE INDEX files_late_since ON files(late_since) WHERE late_since IS NOT NULL;
  CREATE TABLE file_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id TEXT NOT NULL REFERENCES files(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    user_id TEXT REFERENCES users(id),
    token_id TEXT REFERENCES api_tokens(id),
    actor TEXT,
    counter_id TEXT,
    reason TEXT,
    old_due_date TEXT,
    new_due_date TEXT
  );
  CREATE INDEX file_events_file ON file_events(file_id, id);
  CREATE INDEX file_events_kind_at ON file_events(kind, at);
  -- a returned file waits here for the next rating at its counter (one per counter: the latest return)
  CREATE TABLE rating_invites (
    counter_id TEXT PRIMARY KEY REFERENCES counters(id),
    file_id TEXT NOT NULL REFERENCES files(id),
    staff_id TEXT REFERENCES users(id),
    invited_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  ALTER TABLE ratings ADD COLUMN staff_id TEXT REFERENCES users(id);
  ALTER TABLE ratings ADD COLUMN file_id TEXT REFERENCES files(id);
  CREATE INDEX ratings_file ON ratings(file_id) WHERE file_id IS NOT NULL;
  CREATE INDEX ratings_staff_day ON ratings(staff_id, day) WHERE staff_id IS NOT NULL;
`;

/** Migration 2: accounts (auth/schema.ts), then procedures, holidays and files (./schema.ts). */
export const ACCOUNTS_AND_FILES_MIGRATION: Migration = {
  version: 2,
  name: 'accounts, sessions, API tokens, procedures, holidays, files, rating links',
  sql: AUTH_SQL + FILES_SQL,
};
