import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';
import { createPrivateFile, privateDir } from '../atrest/modes.js';
import { sealPlainSettings } from './sealed.js';

export type Db = Database.Database;

/** SQLite's page cache for the hub's connection, in KiB (docs/decisions/0103). */
export const PAGE_CACHE_KIB = 4096;

/**
 * Opens the hub's SQLite file. WAL lets pages read while ratings are written; synchronous=FULL syncs the WAL at
 * every commit, so what we acknowledged survives a power cut (docs/decisions/0001-durability.md). The write cost
 * is shared by group commit in the ratings service.
 */
/** Where openDb says that it upgraded the schema and where the copy from before is: a logger's warn, or stderr. */
export type UpgradeNotice = (backup: PreMigrationBackup) => void;

/** The default for commands with no logger: one line on stderr (the journal keeps it under a service). */
const upgradeOnStderr: UpgradeNotice = (b) => process.stderr.write(`warning: ${upgradeMessage(b)}\n`);

export function upgradeMessage(b: PreMigrationBackup): string {
  return `database schema upgraded from ${b.from} to ${b.to}; the database as it was is kept in ${b.file}`;
}

/** A logger's warn line for the upgrade (the running hub's journal), with the fields apart for a machine. */
export const upgradeOnLog =
  (log: { warn: (obj: object, msg: string) => void }): UpgradeNotice =>
  (b) =>
    log.warn({ backup: b.file, from: b.from, to: b.to }, upgradeMessage(b));

/**
 * Every caller that migrates names the copy it took first (issue 12 §4: "a schema change takes a backup first and
 * names it in the log"): said here, in the one place that migrates, so no command can upgrade silently.
 */
export function openDb(file: string, migrations: Migration[] = MIGRATIONS, opts: { sealPlain?: boolean; onUpgrade?: UpgradeNotice } = {}): Db {
  if (file !== ':memory:') {
    privateDir(path.dirname(file));
    // made 0600 before SQLite sees it: SQLite gives the -wal and -shm it makes the database file's mode
    if (!fs.existsSync(file)) createPrivateFile(file);
  }
  const db = new Database(file);
  // before anything writes to it: a newer hub's database is refused untouched
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  if (schemaVersion(db) > latest) {
    const version = schemaVersion(db);
    db.close();
    throw new SchemaTooNewError(version, latest);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // checkpoints stay SQLite's own, after 1,000 pages of WAL: they are a small share of the bytes (docs/decisions/0101)
  db.pragma('wal_autocheckpoint = 1000');
  // a 4 MiB page cache, not better-sqlite3's 16 MiB: under a burst of ratings the cache filled with pages written
  // once and never read again, and was the largest part of the hub's peak memory; reads are of small rollups and
  // appending indexes, and the kernel's page cache still holds the file (docs/decisions/0103)
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (file !== ':memory:') {
    const before = backupBeforeMigration(db, file, migrations);
    if (before) BACKUPS.set(db, before);
  }
  migrate(db, migrations);
  const upgraded = BACKUPS.get(db);
  if (upgraded) (opts.onUpgrade ?? upgradeOnStderr)(upgraded);
  // secrets still in clear from before they were sealed (docs/decisions/0085); `hub doctor` changes nothing
  if (opts.sealPlain !== false) sealPlainSettings(db);
  return db;
}

/** A database's copy taken just before its schema was upgraded (by openDb), for the log. */
export interface PreMigrationBackup {
  file: string;
  from: number;
  to: number;
}

const BACKUPS = new WeakMap<Db, PreMigrationBackup>();

/** The copy openDb took of this database before migrating it, or null when there was nothing to migrate. */
export function preMigrationBackup(db: Db): PreMigrationBackup | null {
  return BACKUPS.get(db) ?? null;
}

/**
 * Before a schema change, a complete copy of the database as it is (VACUUM INTO: consistent, one file, no -wal)
 * in backups/ beside it, named after the versions, so an upgrade that goes wrong can be rolled back with the old
 * release's `hub restore` (docs/install.en.md). A new, empty database needs none. The nightly rotation does not
 * touch these files (their names are not hub-YYYYMMDD-HHMMSS.sqlite).
 */
function backupBeforeMigration(db: Db, file: string, migrations: Migration[]): PreMigrationBackup | null {
  const from = schemaVersion(db);
  const to = Math.max(0, ...migrations.map((m) => m.version));
  if (from === 0 || from >= to) return null;
  const dir = path.join(path.dirname(file), 'backups');
  privateDir(dir);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const target = path.join(dir, `pre-upgrade-v${from}-to-v${to}-${stamp}.sqlite`);
  if (!fs.existsSync(target)) {
    // VACUUM INTO writes into an empty file as it finds it: made 0600 first
    createPrivateFile(target);
    db.prepare('VACUUM INTO ?').run(target);
  }
  return { file: target, from, to };
}

/** The database was written by a newer hub: starting on it could break what that hub stored. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly version: number,
    readonly latest: number,
  ) {
    super(
      `database schema version ${version} is newer than this hub (${latest}): a newer hub has used this data. ` +
        'Install the newer hub again; or, to go back to this version, restore the copy made before the upgrade ' +
        '(backups/pre-upgrade-v…-to-v….sqlite) with this version\'s "hub restore --from FILE" (docs/install.en.md, rolling back).',
    );
    this.name = 'SchemaTooNewError';
  }
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
    throw new SchemaTooNewError(current, latest);
  }
  return current;
}

export function dbFile(dataDir: string): string {
  return path.join(dataDir, 'hub.sqlite');
}
