import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../db/migrations.js';
import { verify } from '../backup/service.js';
import { backupTime } from '../backup/rotation.js';
import { sealedStatus } from '../db/sealed.js';
import type { Db } from '../db/open.js';
import { fail, ok, warn, type Finding } from './types.js';

const MB = 1024 * 1024;
const DAY = 24 * 3600_000;

/**
 * The database file read-only: it must exist, pass SQLite's integrity check, and hold this hub's schema version.
 * Read-only so that the doctor never migrates, creates or repairs anything.
 */
export function checkDatabase(file: string): Finding {
  if (!fs.existsSync(file)) return fail('database', 'database-missing', { file });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]!.integrity_check !== 'ok') return fail('database', 'database-corrupt', { file, detail: rows.slice(0, 3).map((r) => r.integrity_check).join('; ') });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) return fail('database', 'database-newer', { file, version, code: SCHEMA_VERSION });
    if (version < SCHEMA_VERSION) return warn('database', 'database-older', { file, version, code: SCHEMA_VERSION });
    return ok('database', 'database-ok', { file, version, mb: Math.round((fs.statSync(file).size / MB) * 10) / 10 });
  } catch (e) {
    return fail('database', 'database-corrupt', { file, detail: (e as Error).message });
  } finally {
    db?.close();
  }
}

/** Free space where the data lives: a full disk stops every write, ratings included. */
export function checkDisk(dataDir: string, warnMb = 1024, failMb = 200): Finding {
  const s = fs.statfsSync(dataDir);
  const freeMb = Math.floor((s.bavail * s.bsize) / MB);
  if (freeMb < failMb) return fail('disk', 'disk-full', { dataDir, freeMb, needMb: failMb });
  if (freeMb < warnMb) return warn('disk', 'disk-low', { dataDir, freeMb, needMb: warnMb });
  return ok('disk', 'disk-ok', { dataDir, freeMb });
}

/**
 * The data folder holds names and phone numbers: nothing in it may be readable by other accounts (fail), nor by
 * the group (warn), and everything must belong to the account that owns the folder (the hub's), or the hub
 * cannot write its own files after someone ran a command as root.
 */
export function checkPermissions(dataDir: string): Finding {
  const top = fs.statSync(dataDir);
  const others: string[] = [];
  const group: string[] = [];
  const owner: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    const rel = path.relative(dataDir, p) || '.';
    if (st.isSymbolicLink()) return;
    if (st.mode & 0o007) others.push(rel);
    else if (st.mode & 0o070) group.push(rel);
    if (st.uid !== top.uid) owner.push(rel);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dataDir);
  const list = (a: string[]) => a.slice(0, 5).join(', ') + (a.length > 5 ? ` (+${a.length - 5})` : '');
  if (owner.length) return fail('permissions', 'permissions-owner', { dataDir, paths: list(owner), uid: top.uid });
  if (others.length) return fail('permissions', 'permissions-open', { dataDir, paths: list(others) });
  if (group.length) return warn('permissions', 'permissions-group', { dataDir, paths: list(group) });
  return ok('permissions', 'permissions-ok', { dataDir });
}

/** The newest backup in DATA/backups: present, at most a day and a half old (nightly at 02:00), and intact. */
export function checkBackup(dataDir: string, now: number): Finding {
  const dir = path.join(dataDir, 'backups');
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => backupTime(n) !== null) : [];
  if (names.length === 0) return fail('backup', 'backup-missing', { dir });
  const newest = names.sort((a, b) => backupTime(b)! - backupTime(a)!)[0]!;
  const file = path.join(dir, newest);
  try {
    verify(file, SCHEMA_VERSION);
  } catch (e) {
    return fail('backup', 'backup-corrupt', { file, detail: (e as Error).message });
  }
  const hours = Math.floor((now - backupTime(newest)!) / 3600_000);
  if (now - backupTime(newest)! > 1.5 * DAY) return warn('backup', 'backup-old', { file, hours });
  return ok('backup', 'backup-ok', { file, hours });
}

/**
 * The settings table's sealed secrets (docs/decisions/0085): all opened by the key file beside the database (ok),
 * some it does not open (fail: the key was lost or replaced; the hub runs on, with those settings not set), or some
 * still in clear (warn: the hub seals them at its next start). Reads only; makes no key.
 */
export function checkSecrets(db: Db): Finding {
  const s = sealedStatus(db);
  if (s.unreadable.length) return fail('secrets', 'secrets-unreadable', { keyFile: s.keyFile, settings: s.unreadable.join(', ') });
  if (s.plain.length) return warn('secrets', 'secrets-plain', { settings: s.plain.join(', ') });
  return ok('secrets', 'secrets-ok', { keyFile: s.keyFile, count: s.readable.length });
}
