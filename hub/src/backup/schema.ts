/** Each backup attempt and its result (the copies themselves are files in <dataDir>/backups). Part of migration 7. */
export const BACKUP_SQL = `
  CREATE TABLE backup_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('nightly', 'manual', 'admin')),
    file TEXT,
    bytes INTEGER,
    duration_ms INTEGER,
    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error TEXT,
    removed TEXT
  );
`;
