import { randomBytes } from 'node:crypto';
import { SETTING_DEFS } from '@onestop/shared';
import { SecretBox } from '../atrest/secretBox.js';
import type { Db } from './open.js';

/**
 * THE list of the settings table's rows that hold a secret. Their values are sealed (AES-256-GCM) with the key file
 * beside the database when written and opened when read, by MetaStore (db/meta.ts), so no feature seals or opens
 * anything itself and a copy of the database, its WAL or a backup does not show them (docs/decisions/0085).
 *
 * Adding a provider's secret (an eSMS or SpeedSMS API key, a Zalo ZNS token):
 * - a setting on /admin/settings: mark its SETTING_DEF `secret: true` (shared/src/settings.ts); it is sealed by that
 *   flag (the page never shows it either);
 * - a row a feature keeps for itself through MetaStore: add its key below.
 * MetaStore refuses to write a key whose name looks like a secret (LOOKS_SECRET) and is not in this list, so a
 * forgotten one fails its feature's first test instead of reaching the disk in clear.
 */
export const SEALED_SETTING_KEYS: ReadonlySet<string> = new Set([
  // sms/: the HMAC key of the delivery-report URLs and tokens
  'sms_callback_secret',
  // zns/: the Zalo OA's token pair (hub/src/zns/store.ts ZNS_SECRET_SETTING_KEYS; db/ names them, it imports no feature)
  'zns.accessToken',
  'zns.refreshToken',
  // settings/: every secret of /admin/settings (upstream secret, Twilio auth token, Kannel password, …)
  ...SETTING_DEFS.filter((d) => d.secret).map((d) => `admin.${d.key}`),
]);

/** Names that are secrets unless proved otherwise. */
export const LOOKS_SECRET = /secret|token|passw|api.?key|private|credential/i;

const SEALED = 'sealed:';

/** The key file of a database file: hub.sqlite → hub.key, upstream.sqlite → upstream.key (the receiver's). */
export const keyFileOf = (dbFile: string) => dbFile.replace(/\.sqlite$/, '') + '.key';

export const isSealed = (stored: string) => stored.startsWith(SEALED);

const BOXES = new WeakMap<Db, SecretBox>();

/**
 * The box for this database's key file: made (0600) when `create` (sealing), else only read (opening: the doctor
 * and a hub whose key was lost make no key by reading). An in-memory database gets a key that dies with it.
 */
function boxOf(db: Db, create: boolean): SecretBox | null {
  const known = BOXES.get(db);
  if (known) return known;
  const box = db.memory ? SecretBox.fromKey(randomBytes(32)) : create ? SecretBox.forKeyFile(keyFileOf(db.name)) : SecretBox.readKeyFile(keyFileOf(db.name));
  if (box) BOXES.set(db, box);
  return box;
}

/** The text to store for a key's value: sealed when the key is in the list. */
export function sealSetting(db: Db, key: string, value: string): string {
  if (SEALED_SETTING_KEYS.has(key)) return SEALED + boxOf(db, true)!.seal(value);
  if (LOOKS_SECRET.test(key)) {
    throw new Error(`settings key "${key}" looks like a secret: add it to SEALED_SETTING_KEYS (hub/src/db/sealed.ts) so it is sealed at rest`);
  }
  return value;
}

/**
 * A stored value as the features read it: opened when sealed, as it is otherwise (a plain value written before
 * sealing existed, until the opener seals it). undefined when the key file does not open it (lost or replaced):
 * the setting reads as not set and is entered again; the start and `hub doctor` say which.
 */
export function openSetting(db: Db, stored: string): string | undefined {
  return openWith(boxOf(db, false), stored);
}

function openWith(box: SecretBox | null, stored: string): string | undefined {
  if (!isSealed(stored)) return stored;
  try {
    return box?.open(stored.slice(SEALED.length));
  } catch {
    return undefined;
  }
}

const hasSettings = (db: Db) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get() !== undefined;

function rows(db: Db): { key: string; value: string }[] {
  return hasSettings(db) ? (db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]) : [];
}

/**
 * The one-time step of a database from before sealing: every listed key still in clear is sealed, in one
 * transaction, with secure_delete on so the clear text does not stay in the freed space of its page, then the WAL
 * is checkpointed and truncated so no old frame keeps it either. openDb runs it after the migrations (a migration is
 * SQL and cannot reach the key file); on a sealed database it finds nothing. Returns the keys it sealed.
 */
export function sealPlainSettings(db: Db): string[] {
  const plain = rows(db).filter((r) => SEALED_SETTING_KEYS.has(r.key) && !isSealed(r.value));
  if (plain.length === 0) return [];
  const before = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const put = db.prepare('UPDATE settings SET value = ? WHERE key = ?');
    db.transaction(() => {
      for (const r of plain) put.run(sealSetting(db, r.key, r.value), r.key);
    }).immediate();
  } finally {
    db.pragma(`secure_delete = ${before}`);
  }
  if (!db.memory) db.pragma('wal_checkpoint(TRUNCATE)');
  return plain.map((r) => r.key);
}

export interface SealedStatus {
  keyFile: string;
  /** sealed rows the key file opens */
  readable: string[];
  /** sealed rows it does not open (no key file, or another one) */
  unreadable: string[];
  /** listed keys still in clear */
  plain: string[];
}

/**
 * What the settings table holds under seal, and whether this database's key file (or the box given: a key file
 * about to be put beside it) opens it. Makes no key.
 */
export function sealedStatus(db: Db, box: SecretBox | null = boxOf(db, false)): SealedStatus {
  const status: SealedStatus = { keyFile: db.memory ? ':memory:' : keyFileOf(db.name), readable: [], unreadable: [], plain: [] };
  for (const r of rows(db)) {
    if (isSealed(r.value)) (openWith(box, r.value) === undefined ? status.unreadable : status.readable).push(r.key);
    else if (SEALED_SETTING_KEYS.has(r.key)) status.plain.push(r.key);
  }
  return status;
}
