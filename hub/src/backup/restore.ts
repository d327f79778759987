import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '@onestop/shared';
import { dbFile, openDb, schemaVersion } from '../db/open.js';
import { keyFileOf, sealedStatus } from '../db/sealed.js';
import { SecretBox } from '../atrest/secretBox.js';
import { PRIVATE_FILE } from '../atrest/modes.js';
import { SCHEMA_VERSION } from '../db/migrations.js';
import { backupName } from './rotation.js';
import { runningHub } from './runlock.js';
import { selfContained, verify } from './service.js';
import { schemaDifferences } from './schema.js';

export class RestoreRefused extends Error {}

export interface RestoreResult {
  restoredFrom: string;
  /** where the database that was in place went, or null when there was none */
  keptAs: string | null;
  versionBefore: number;
  versionAfter: number;
  /** the key file beside the restored database, and where the one it replaced went (--key), or null */
  keyFile: string;
  keyKeptAs: string | null;
  /** sealed settings of the backup that the key file beside it does not open: to be entered again */
  unreadable: string[];
}

export interface RestoreOptions {
  /** the key file that was beside the database when the backup was made (hub.key): put in place with it */
  key?: string;
}

/**
 * `hub restore --from FILE`: puts a backup in place of the data directory's hub.sqlite.
 * Refuses while a hub runs on that directory; checks the file (intact, exactly the schema of a hub version not newer
 * than this hub: no extra table, index, trigger or view) on a
 * copy next to the target; moves the current database and its -wal/-shm aside under a timestamped name (nothing is
 * deleted); renames the checked copy into place; opens it once so migrations bring it to this hub's version.
 * The backup's sealed settings open only with the key file of the hub that made it (docs/decisions/0085): given
 * with --key, that file must open them and is put in place (the current one kept aside); without it, the result
 * names the settings the key in place does not open, to be entered again.
 */
export function restore(from: string, dataDir: string, clock: Clock = systemClock, opts: RestoreOptions = {}): RestoreResult {
  const pid = runningHub(dataDir);
  if (pid !== null) throw new RestoreRefused(`a hub is running on ${dataDir} (pid ${pid}); stop it first`);
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new RestoreRefused(`no such file: ${from}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const target = dbFile(dataDir);
  const staging = `${target}.restoring`;
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`, `${staging}-journal`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(from, staging);
  fs.chmodSync(staging, PRIVATE_FILE); // a copy takes the backup's mode, which may be anything
  let versionBefore: number;
  const key = opts.key === undefined ? null : readKey(opts.key);
  try {
    selfContained(staging);
    versionBefore = verify(staging, SCHEMA_VERSION).version;
    const diff = schemaDifferences(staging, versionBefore);
    if (diff.length) throw new Error(`its schema is not a hub schema of version ${versionBefore}: ${diff.slice(0, 5).join('; ')}${diff.length > 5 ? ` (and ${diff.length - 5} more)` : ''}`);
    if (key) {
      const closed = unopened(staging, key);
      if (closed.length) throw new RestoreRefused(`the key file ${opts.key} does not open the backup's sealed settings (${closed.join(', ')}): it is not the key of the hub that made this backup`);
    }
  } catch (e) {
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`, `${staging}-journal`]) fs.rmSync(f, { force: true });
    if (e instanceof RestoreRefused) throw e;
    throw new RestoreRefused(`${from} is not a usable hub backup: ${(e as Error).message}`);
  }
  let keptAs: string | null = null;
  if (fs.existsSync(target)) {
    keptAs = path.join(dataDir, backupName(clock.now()).replace(/^hub-/, 'hub.sqlite.before-restore-').replace(/\.sqlite$/, ''));
    fs.renameSync(target, keptAs);
  }
  // a stale -wal/-shm belongs to the old file: it goes with it (or away), never onto the restored one
  for (const ext of ['-wal', '-shm', '-journal']) {
    if (!fs.existsSync(target + ext)) continue;
    if (keptAs) fs.renameSync(target + ext, keptAs + ext);
    else fs.rmSync(target + ext, { force: true });
  }
  const keyFile = keyFileOf(target);
  let keyKeptAs: string | null = null;
  if (opts.key !== undefined && path.resolve(opts.key) !== path.resolve(keyFile)) {
    if (fs.existsSync(keyFile)) {
      keyKeptAs = path.join(dataDir, backupName(clock.now()).replace(/^hub-/, 'hub.key.before-restore-').replace(/\.sqlite$/, ''));
      fs.renameSync(keyFile, keyKeptAs);
    }
    fs.copyFileSync(opts.key, keyFile);
    fs.chmodSync(keyFile, PRIVATE_FILE);
  }
  fs.renameSync(staging, target);
  const db = openDb(target);
  const versionAfter = schemaVersion(db);
  const unreadable = sealedStatus(db).unreadable;
  db.close();
  return { restoredFrom: path.resolve(from), keptAs, versionBefore, versionAfter, keyFile, keyKeptAs, unreadable };
}

function readKey(file: string): SecretBox {
  try {
    const box = SecretBox.readKeyFile(file);
    if (box) return box;
  } catch (e) {
    throw new RestoreRefused(`--key ${file}: ${(e as Error).message}`);
  }
  throw new RestoreRefused(`--key ${file}: no such file`);
}

/** The backup's sealed settings that this key does not open. */
function unopened(file: string, key: SecretBox): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return sealedStatus(db, key).unreadable;
  } finally {
    db.close();
  }
}
