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
