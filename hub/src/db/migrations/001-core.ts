import type { Migration } from './migration.js';

/** Migration 1: counters, devices, pairing, ratings. */
export const CORE_MIGRATION: Migration = {
  version: 1,
  name: 'counters, devices, pairing, ratings',
  sql: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    CREATE TABLE counters (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      buttons INTEGER NOT NULL CHECK (buttons BETWEEN 2 AND 5),
      min_interval_s REAL NOT NULL DEFAULT 3 CHECK (min_interval_s >= 0),
      created_at INTEGER NOT NULL
    );
    CREATE TABLE pairing_codes (
      code_hash TEXT PRIMARY KEY,
      counter_id TEXT NOT NULL REFERENCES counters(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER,
      device_id TEXT
    );
    CREATE TABLE devices (
      id TEXT PRIMARY KEY,
      counter_id TEXT NOT NULL REFERENCES counters(id),
      kind TEXT NOT NULL CHECK (kind IN ('agent', 'kiosk')),
      label TEXT,
      token_hash TEXT NOT NULL UNIQUE,
      buttons INTEGER NOT NULL CHECK (buttons BETWEEN 2 AND 5),
      button_map TEXT NOT NULL,
      min_interval_s REAL NOT NULL CHECK (min_interval_s >= 0),
      created_at INTEGER NOT NULL,
      revoked_at INTEGER,
      last_seen_at INTEGER,
      box_state TEXT
    );
    CREATE INDEX devices_counter ON devices(counter_id);
    CREATE TABLE device_days (
      device_id TEXT NOT NULL REFERENCES devices(id),
      day TEXT NOT NULL,
      PRIMARY KEY (device_id, day)
    ) WITHOUT ROWID;
    CREATE TABLE ratings (
      id TEXT PRIMARY KEY,
      device_id TEXT NOT NULL REFERENCES devices(id),
      counter_id TEXT NOT NULL REFERENCES counters(id),
      source TEXT NOT NULL CHECK (source IN ('button', 'touch')),
      button INTEGER,
      score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
      scale_buttons INTEGER NOT NULL,
      device_time INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      rated_at INTEGER NOT NULL,
      day TEXT NOT NULL,
      flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
      flag_reason TEXT,
      reasons TEXT,
      comment TEXT,
      box_serial TEXT,
      box_seq INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX ratings_day_counter ON ratings(day, counter_id, flagged, score);
    CREATE INDEX ratings_device_time ON ratings(device_id, rated_at);
    CREATE TABLE admin_sessions (
      token_hash TEXT PRIMARY KEY,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `,
};
