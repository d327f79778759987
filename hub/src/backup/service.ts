import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupFileView, BackupRunView, BackupStatus, BackupTrigger, Clock } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import type { BackupConfig } from './config.js';
import { ServiceError } from '../http/errors.js';
import { backupName, backupTime, toKeep } from './rotation.js';
import { createPrivateFile, privateDir } from '../atrest/modes.js';

export type { BackupFileView, BackupRunView, BackupStatus, BackupTrigger } from '@onestop/shared';

interface RunRow {
  id: number;
  at: number;
  trigger: BackupTrigger;
  file: string | null;
  bytes: number | null;
  duration_ms: number | null;
  ok: number;
  error: string | null;
  removed: string | null;
}

/**
 * Online backups of the hub's SQLite file with better-sqlite3's backup API (SQLite's online backup: a consistent
 * copy while the hub keeps writing, never a file copy under writes), into <dataDir>/backups. Each copy is written
 * under a temporary name, checked (PRAGMA integrity_check, schema version) and only then given its final name, so
 * every hub-*.sqlite in the folder is a verified copy. Then the rotation removes what is no longer kept.
 */
export class BackupService {
  readonly dir: string;
  private running: Promise<BackupRunView> | null = null;

  constructor(
    private readonly db: Db,
    dataDir: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly config: () => BackupConfig,
  ) {
    this.dir = path.join(dataDir, 'backups');
  }

  /** Makes one backup now; a second call while one runs waits for the same one. */
  backupNow(trigger: BackupTrigger): Promise<BackupRunView> {
    this.running ??= this.doBackup(trigger).finally(() => (this.running = null));
    return this.running;
  }

  private async doBackup(trigger: BackupTrigger): Promise<BackupRunView> {
    const started = this.clock.now();
    const t0 = performance.now();
    let name = backupName(started);
    // two backups within one second (a manual one right after the nightly): the later one waits its turn in name
    for (let t = started; fs.existsSync(path.join(this.dir, name)); ) name = backupName((t += 1000));
    const final = path.join(this.dir, name);
    const tmp = `${final}.partial`;
    let bytes: number | null = null;
    let error: string | null = null;
    let removed: string[] = [];
    try {
      privateDir(this.dir);
      // SQLite's backup keeps the mode of the file it writes into: 0600 from the first byte
      createPrivateFile(tmp);
      await this.db.backup(tmp);
      // off the event loop: checking a few hundred MB takes seconds, and ratings must keep committing meanwhile
      await checkInWorker(tmp, this.db.pragma('user_version', { simple: true }) as number);
      fs.renameSync(tmp, final);
      bytes = fs.statSync(final).size;
      removed = this.rotate();
    } catch (err) {
      error = (err as Error).message;
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing was written there
      }
      this.log.error({ err, file: name }, 'backup failed');
    }
    const durationMs = Math.round(performance.now() - t0);
    const id = Number(
      this.db
        .prepare('INSERT INTO backup_runs (at, trigger, file, bytes, duration_ms, ok, error, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(started, trigger, error ? null : name, bytes, durationMs, error ? 0 : 1, error, JSON.stringify(removed)).lastInsertRowid,
    );
    if (!error) this.log.info({ file: name, bytes, durationMs, removed: removed.length }, 'backup made and verified');
    return this.runView(id)!;
  }

  /** Deletes the backups the rotation no longer keeps; returns their names. */
  rotate(): string[] {
    const { keepDaily, keepWeekly } = this.config();
    const names = this.fileNames();
    const keep = toKeep(names, keepDaily, keepWeekly);
    const gone = names.filter((n) => !keep.has(n));
    for (const n of gone) fs.rmSync(path.join(this.dir, n), { force: true });
    return gone;
  }

  private fileNames(): string[] {
    if (!fs.statSync(this.dir, { throwIfNoEntry: false })?.isDirectory()) return [];
    return fs.readdirSync(this.dir).filter((n) => backupTime(n) !== null);
  }

  files(): BackupFileView[] {
    return this.fileNames()
      .map((n) => ({ name: n, at: backupTime(n)!, bytes: fs.statSync(path.join(this.dir, n)).size }))
      .sort((a, b) => b.at - a.at);
  }

  /** Full path of a listed backup (for a download); anything else is not-found. */
  filePath(name: string): string {
    if (backupTime(name) === null || !this.fileNames().includes(name)) throw new ServiceError('not-found', 'no such backup');
    return path.join(this.dir, name);
  }

  private runView(id: number): BackupRunView | null {
    const r = this.db.prepare('SELECT * FROM backup_runs WHERE id = ?').get(id) as RunRow | undefined;
    return r ? toView(r) : null;
  }

  status(): BackupStatus {
    const runs = (this.db.prepare('SELECT * FROM backup_runs ORDER BY id DESC LIMIT 20').all() as RunRow[]).map(toView);
    const { keepDaily, keepWeekly } = this.config();
    return { dir: this.dir, keepDaily, keepWeekly, files: this.files(), lastRun: runs[0] ?? null, runs };
  }
}

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * selfContained + verify (the same steps as below) in a worker thread. Plain JavaScript, so it runs the same under
 * tsx and anywhere else; better-sqlite3 is found from this module's own resolution.
 */
const CHECK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
try {
  const w = new Database(workerData.file, { fileMustExist: true });
  w.pragma('journal_mode = DELETE');
  w.close();
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check');
    if (check.length !== 1 || check[0].integrity_check !== 'ok') throw new Error('integrity check failed: ' + check.slice(0, 3).map((c) => c.integrity_check).join('; '));
    const version = db.pragma('user_version', { simple: true });
    if (version < 1 || version > workerData.maxVersion) throw new Error('schema version ' + version + ' is not a hub schema this hub knows (1–' + workerData.maxVersion + ')');
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
    for (const t of ['counters', 'devices', 'ratings', 'settings']) if (!tables.has(t)) throw new Error('not a hub database: table ' + t + ' missing');
    parentPort.postMessage({ ok: true, version });
  } finally {
    db.close();
  }
} catch (e) {
  parentPort.postMessage({ ok: false, error: e.message });
}
`;

export function checkInWorker(file: string, maxVersion: number): Promise<{ version: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CHECK_SOURCE, { eval: true, workerData: { file, maxVersion, module: SQLITE_MODULE } });
    w.once('message', (m: { ok: boolean; version?: number; error?: string }) => (m.ok ? resolve({ version: m.version! }) : reject(new Error(m.error))));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`backup check stopped (exit ${code})`)));
  });
}

/** The copy in rollback-journal mode: one file, no -wal or -shm beside it (the hub turns WAL on again when it opens it). */
export function selfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** A copy is good when SQLite finds it intact and it holds a hub schema no newer than `maxVersion`. */
export function verify(file: string, maxVersion: number): { version: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check') as { integrity_check: string }[];
    if (check.length !== 1 || check[0]!.integrity_check !== 'ok') throw new Error(`integrity check failed: ${check.map((c) => c.integrity_check).slice(0, 3).join('; ')}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || version > maxVersion) throw new Error(`schema version ${version} is not a hub schema this hub knows (1–${maxVersion})`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    for (const t of ['counters', 'devices', 'ratings', 'settings']) if (!tables.has(t)) throw new Error(`not a hub database: table ${t} missing`);
    return { version };
  } finally {
    db.close();
  }
}

function toView(r: RunRow): BackupRunView {
  return { id: r.id, at: r.at, trigger: r.trigger, file: r.file, bytes: r.bytes, durationMs: r.duration_ms, ok: r.ok === 1, error: r.error, removed: r.removed ? (JSON.parse(r.removed) as string[]) : [] };
}
