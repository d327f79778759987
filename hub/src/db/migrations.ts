import { ACCOUNTS_AND_FILES_MIGRATION } from '../files/migration.js';
import { SMS_MIGRATION } from '../sms/migration.js';
import { PUBLIC_INFO_MIGRATION } from '../publicinfo/migration.js';
import { UPSTREAM_MIGRATION } from '../upstream/migration.js';
import { OPS_MIGRATION } from '../alerts/migration.js';
import { AUDIT_MIGRATION } from '../audit/migration.js';
import { STATS_BATCH_ROLLUP_MIGRATION, STATS_MIGRATION } from '../stats/migration.js';
import { RETENTION_COMMENTS_MIGRATION } from '../retention/migration.js';

/**
 * Numbered migrations, applied in order at start, each inside a transaction with the version bump, so a crash
 * half-way leaves the previous version intact. Never edit a released migration; add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Versions are global. 1 is the core below; later features add theirs in their own folder and list them here:
 * 2 accounts, procedures and files (auth/, files/), 3 SMS (sms/), 4 the kiosk's public contacts (publicinfo/).
 */
const CORE: Migration[] = [
  {
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
  },
];

export const MIGRATIONS: Migration[] = [...CORE, ACCOUNTS_AND_FILES_MIGRATION, SMS_MIGRATION, PUBLIC_INFO_MIGRATION, UPSTREAM_MIGRATION, AUDIT_MIGRATION, STATS_MIGRATION, OPS_MIGRATION, STATS_BATCH_ROLLUP_MIGRATION, RETENTION_COMMENTS_MIGRATION].sort((a, b) => a.version - b.version);

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
