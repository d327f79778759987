import type { RatingEvent } from '@onestop/shared';

/** A rating waiting to reach the hub. Keyed by the event's UUIDv7, so key order is the order of the taps. */
export interface QueuedRating {
  id: string;
  deviceId: string;
  event: RatingEvent;
  queuedAt: number;
}

/** A rating the hub refused for good (or that can no longer be sent): kept apart, never retried, never lost. */
export interface SetAsideRating extends QueuedRating {
  reason: string;
  detail?: string;
  setAsideAt: number;
}

export interface QueueCounts {
  queued: number;
  setAside: number;
}

export interface RatingQueue {
  add(r: QueuedRating): Promise<void>;
  /** oldest first */
  list(deviceId: string): Promise<QueuedRating[]>;
  remove(id: string): Promise<void>;
  setAside(r: QueuedRating, reason: string, detail?: string): Promise<void>;
  counts(deviceId: string): Promise<QueueCounts>;
}

const DB_NAME = 'onestop-kiosk';
const OUTBOX = 'outbox';
const SET_ASIDE = 'setAside';

function promisify<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

const WARM_UP_ID = '\u0000warm-up';

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** The durable queue: IndexedDB, written (transaction complete) before the citizen is thanked. */
export class IdbRatingQueue implements RatingQueue {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = DB_NAME): Promise<IdbRatingQueue> {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(SET_ASIDE)) db.createObjectStore(SET_ASIDE, { keyPath: 'id' });
    };
    const db = await promisify(req);
    // the first write of a page pays for opening the store's files: paid now, not by the first citizen's tap
    // (a put and a delete in one transaction, which no reader ever sees)
    try {
      const warm = db.transaction(OUTBOX, 'readwrite', { durability: 'strict' });
      warm.objectStore(OUTBOX).put({ id: WARM_UP_ID });
      warm.objectStore(OUTBOX).delete(WARM_UP_ID);
    } catch {
      /* a failed warm-up costs only the time it would have saved */
    }
    return new IdbRatingQueue(db);
  }

  async add(r: QueuedRating): Promise<void> {
    const tx = this.db.transaction(OUTBOX, 'readwrite', { durability: 'strict' });
    tx.objectStore(OUTBOX).put(r);
    await done(tx);
  }

  async list(deviceId: string): Promise<QueuedRating[]> {
    const tx = this.db.transaction(OUTBOX, 'readonly');
    const all = await promisify(tx.objectStore(OUTBOX).getAll() as IDBRequest<QueuedRating[]>);
    return all.filter((r) => r.deviceId === deviceId);
  }

  async remove(id: string): Promise<void> {
    const tx = this.db.transaction(OUTBOX, 'readwrite');
    tx.objectStore(OUTBOX).delete(id);
    await done(tx);
  }

  async setAside(r: QueuedRating, reason: string, detail?: string): Promise<void> {
    const tx = this.db.transaction([OUTBOX, SET_ASIDE], 'readwrite', { durability: 'strict' });
    const aside: SetAsideRating = { ...r, reason, setAsideAt: Date.now(), ...(detail ? { detail } : {}) };
    tx.objectStore(SET_ASIDE).put(aside);
    tx.objectStore(OUTBOX).delete(r.id);
    await done(tx);
  }

  async counts(deviceId: string): Promise<QueueCounts> {
    const tx = this.db.transaction([OUTBOX, SET_ASIDE], 'readonly');
    const [queued, setAside] = await Promise.all([
      promisify(tx.objectStore(OUTBOX).getAll() as IDBRequest<QueuedRating[]>),
      promisify(tx.objectStore(SET_ASIDE).count()),
    ]);
    return { queued: queued.filter((r) => r.deviceId === deviceId).length, setAside };
  }
}

/** The same queue in memory: for unit tests, and the last resort when the browser has no IndexedDB. */
export class MemoryRatingQueue implements RatingQueue {
  readonly outbox = new Map<string, QueuedRating>();
  readonly aside = new Map<string, SetAsideRating>();

  async add(r: QueuedRating): Promise<void> {
    this.outbox.set(r.id, r);
  }
  async list(deviceId: string): Promise<QueuedRating[]> {
    return [...this.outbox.values()].filter((r) => r.deviceId === deviceId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  async remove(id: string): Promise<void> {
    this.outbox.delete(id);
  }
  async setAside(r: QueuedRating, reason: string, detail?: string): Promise<void> {
    this.aside.set(r.id, { ...r, reason, setAsideAt: Date.now(), ...(detail ? { detail } : {}) });
    this.outbox.delete(r.id);
  }
  async counts(deviceId: string): Promise<QueueCounts> {
    return { queued: (await this.list(deviceId)).length, setAside: this.aside.size };
  }
}

let shared: Promise<RatingQueue> | null = null;

/** The kiosk's one queue, opened once per page. */
export function kioskQueue(): Promise<RatingQueue> {
  shared ??= IdbRatingQueue.open().catch((err: unknown) => {
    console.error('IndexedDB unavailable; ratings are kept in memory only', err);
    return new MemoryRatingQueue();
  });
  return shared;
}
