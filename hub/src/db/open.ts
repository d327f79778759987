import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens the hub's SQLite file. WAL lets pages read while ratings are written; synchronous=FULL syncs the WAL at
 * every commit, so what we acknowledged survives a power cut (docs/decisions/0001-durability.md). The write cost
 * is shared by group commit in the ratings service.
 */
export function openDb(file: string, migrations: Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  // BEGIN IMMEDIATE: two processes starting on one data directory do not both migrate.
  const apply = db.transaction((m: Migration) => {
    if (schemaVersion(db) >= m.version) return;
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  });
  for (const m of sorted) {
    if (schemaVersion(db) < m.version) apply.immediate(m);
  }
  const latest = sorted[sorted.length - 1]?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this hub (${latest}); upgrade the hub`);
  }
  return current;
}

export function dbFile(dataDir: string): string {
  return path.join(dataDir, 'hub.sqlite');
}
