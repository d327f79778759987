import type { Migration } from '../db/migrations.js';

/**
 * The receiver's own database (<dataDir>/upstream.sqlite), with its own series of versions starting at 1. It shares
 * nothing with a commune hub's hub.sqlite. Never edit a released version; add the next one.
 */
export const RECEIVER_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'communes, summaries (every revision), current day figures, province accounts',
    sql: `
      CREATE TABLE communes (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        -- the shared secret, AES-256-GCM encrypted with the key in <dataDir>/upstream.key (docs/decisions/0055)
        secret_enc TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        secret_rotated_at INTEGER NOT NULL
      );
      -- every accepted revision, the raw body byte for byte (unknown fields included); a rowid table, as SQLite
      -- advises for rows with kilobyte blobs (appended in arrival order), with the key as a unique index
      CREATE TABLE summaries (
        commune_code TEXT NOT NULL REFERENCES communes(code),
        day TEXT NOT NULL,
        revision INTEGER NOT NULL,
        body BLOB NOT NULL,
        body_sha256 TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (commune_code, day, revision)
      );
      -- the current (highest) revision of each commune and day, its figures in columns for the province's reports
      CREATE TABLE day_figures (
        day TEXT NOT NULL,
        commune_code TEXT NOT NULL REFERENCES communes(code),
        revision INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        ratings_total INTEGER NOT NULL,
        s1 INTEGER NOT NULL, s2 INTEGER NOT NULL, s3 INTEGER NOT NULL, s4 INTEGER NOT NULL, s5 INTEGER NOT NULL,
        flagged INTEGER NOT NULL,
        files_received INTEGER NOT NULL, files_ready INTEGER NOT NULL, files_returned INTEGER NOT NULL,
        files_late INTEGER NOT NULL, files_apologies INTEGER NOT NULL, files_open INTEGER NOT NULL,
        sms_sent INTEGER NOT NULL, sms_delivered INTEGER NOT NULL, sms_failed INTEGER NOT NULL,
        devices_configured INTEGER NOT NULL, devices_seen INTEGER NOT NULL,
        PRIMARY KEY (day, commune_code)
      ) WITHOUT ROWID;
      CREATE INDEX day_figures_commune ON day_figures(commune_code, day);
      -- the same figures summed per commune and calendar month (kept in step with day_figures in the same
      -- transaction), plus the day counts the appendix needs: a quarter's report reads 3 rows per commune
      CREATE TABLE month_figures (
        month TEXT NOT NULL,
        commune_code TEXT NOT NULL REFERENCES communes(code),
        days INTEGER NOT NULL, total INTEGER NOT NULL,
        s1 INTEGER NOT NULL, s2 INTEGER NOT NULL, s3 INTEGER NOT NULL, s4 INTEGER NOT NULL, s5 INTEGER NOT NULL,
        flagged INTEGER NOT NULL, fr INTEGER NOT NULL, fy INTEGER NOT NULL, ft INTEGER NOT NULL, fl INTEGER NOT NULL, fa INTEGER NOT NULL,
        ss INTEGER NOT NULL, sd INTEGER NOT NULL, sf INTEGER NOT NULL,
        ready_days INTEGER NOT NULL, ready_days_sms INTEGER NOT NULL, sms_days INTEGER NOT NULL,
        open_days INTEGER NOT NULL, open_days_devices INTEGER NOT NULL, seen_days INTEGER NOT NULL,
        PRIMARY KEY (month, commune_code)
      ) WITHOUT ROWID;
      -- province staff accounts: the same tables the commune hub's auth/ reads (sessions never name a counter here)
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
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users(id),
        counter_id TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        ended_at INTEGER,
        end_reason TEXT
      );
      CREATE INDEX sessions_user ON sessions(user_id, ended_at);
      CREATE INDEX sessions_counter ON sessions(counter_id, created_at);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
    `,
  },
  {
    version: 2,
    name: "accounts' title and photo (the account store is shared with the commune hub, whose accounts gained them)",
    sql: `
      ALTER TABLE users ADD COLUMN title TEXT;
      CREATE TABLE user_photos (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        type TEXT NOT NULL,
        bytes BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
];
