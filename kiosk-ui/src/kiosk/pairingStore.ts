import { deviceConfigCheck, type DeviceConfig } from '@onestop/shared';

/** What a paired kiosk keeps across reloads: its device token and the config the hub last sent. */
export interface Pairing {
  token: string;
  config: DeviceConfig;
}

const KEY = 'onestop.kiosk.pairing';

/*
 * Kept twice. localStorage is read synchronously, so a paired kiosk shows its buttons at once; but Chromium writes it
 * to disk seconds later, so a power cut soon after pairing (or after a new config) would lose it. IndexedDB with
 * `durability: 'strict'` is on disk when the write completes, as the ratings' queue is: after a power cut the page
 * finds the pairing there and puts it back (loadDurablePairing).
 */
const DB_NAME = 'onestop-kiosk-pairing';
const STORE = 'pairing';
const CURRENT = 'current';

function parse(raw: unknown): Pairing | null {
  const r = raw as { token?: unknown; config?: unknown } | null;
  if (!r || typeof r.token !== 'string') return null;
  const config = deviceConfigCheck.safeParse(r.config);
  return config.success ? { token: r.token, config: config.data } : null;
}

export function loadPairing(): Pairing | null {
  try {
    return parse(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
  } catch {
    return null;
  }
}

export function savePairing(p: Pairing): void {
  localStorage.setItem(KEY, JSON.stringify(p));
  void durable('readwrite', (s) => s.put(p, CURRENT)).catch((err: unknown) => console.error('could not keep the pairing on disk', err));
}

export function clearPairing(): void {
  localStorage.removeItem(KEY);
  void durable('readwrite', (s) => s.delete(CURRENT)).catch((err: unknown) => console.error('could not remove the pairing from disk', err));
}

/** The pairing as last written to disk, when localStorage lost it (a power cut right after it was written). */
export async function loadDurablePairing(): Promise<Pairing | null> {
  try {
    return parse(await durable('readonly', (s) => s.get(CURRENT)));
  } catch {
    return null;
  }
}

function durable<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(STORE, mode, { durability: 'strict' });
      const req = op(tx.objectStore(STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(req.result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error ?? new Error('transaction aborted'));
      };
    };
  });
}
