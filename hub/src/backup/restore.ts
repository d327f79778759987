import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '@onestop/shared';
import { dbFile, openDb, schemaVersion } from '../db/open.js';
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
}

/**
 * `hub restore --from FILE`: puts a backup in place of the data directory's hub.sqlite.
 * Refuses while a hub runs on that directory; checks the file (intact, exactly the schema of a hub version not newer
 * than this hub: no extra table, index, trigger or view) on a
 * copy next to the target; moves the current database and its -wal/-shm aside under a timestamped name (nothing is
 * deleted); renames the checked copy into place; opens it once so migrations bring it to this hub's version.
 */
export function restore(from: string, dataDir: string, clock: Clock = systemClock): RestoreResult {
  const pid = runningHub(dataDir);
  if (pid !== null) throw new RestoreRefused(`a hub is running on ${dataDir} (pid ${pid}); stop it first`);
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new RestoreRefused(`no such file: ${from}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const target = dbFile(dataDir);
  const staging = `${target}.restoring`;
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`, `${staging}-journal`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(from, staging);
  let versionBefore: number;
  try {
    selfContained(staging);
    versionBefore = verify(staging, SCHEMA_VERSION).version;
    const diff = schemaDifferences(staging, versionBefore);
    if (diff.length) throw new Error(`its schema is not a hub schema of version ${versionBefore}: ${diff.slice(0, 5).join('; ')}${diff.length > 5 ? ` (and ${diff.length - 5} more)` : ''}`);
  } catch (e) {
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`, `${staging}-journal`]) fs.rmSync(f, { force: true });
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
  fs.renameSync(staging, target);
  const db = openDb(target);
  const versionAfter = schemaVersion(db);
  db.close();
  return { restoredFrom: path.resolve(from), keptAs, versionBefore, versionAfter };
}
