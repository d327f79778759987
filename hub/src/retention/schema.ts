/** Each run of the retention job: when, the cut-off, and how many files and SMS rows lost their personal data. Part of migration 7. */
export const RETENTION_SQL = `
  CREATE TABLE retention_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    days INTEGER NOT NULL,
    cutoff INTEGER NOT NULL,
    files INTEGER NOT NULL DEFAULT 0,
    sms_messages INTEGER NOT NULL DEFAULT 0,
    error TEXT
  );
`;
