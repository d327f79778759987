/**
 * Baseline B: bare better-sqlite3 inserts into a table shaped like the hub's `ratings` (same columns, WITHOUT
 * ROWID, UUIDv7 text key, the two secondary indexes every rating writes since migration 12) at the hub's durability (WAL, synchronous=FULL), in a
 * temp file. Measures one transaction per insert, batched transactions, the same single inserts with
 * synchronous=OFF (the difference is what the sync at commit costs), and a raw write+fdatasync of the file system.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { localDay, uuidv7 } from '@onestop/shared';

const DDL = `
  CREATE TABLE ratings (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('button', 'touch')),
    button INTEGER,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    scale_buttons INTEGER NOT NULL,
    device_time INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    rated_at INTEGER NOT NULL,
    day TEXT NOT NULL,
    flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    flag_reason TEXT,
    reasons TEXT,
    comment TEXT,
    box_serial TEXT,
    box_seq INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX ratings_export ON ratings(day, rated_at, id);
  CREATE INDEX ratings_counter_recent ON ratings(counter_id, flagged, rated_at);
`;

export interface SqliteBaseline {
  /** one INSERT per transaction, synchronous=FULL */
  singleInsertsPerS: number;
  /** mean wall time of one such transaction (ms) */
  commitMs: number;
  /** one INSERT per transaction, synchronous=OFF: the same work without the sync */
  unsyncedInsertsPerS: number;
  /** commitMs minus the unsynced transaction's time: what the WAL sync at commit costs (ms) */
  commitSyncMs: number;
  /** batched transactions, synchronous=FULL, by batch size */
  batched: { batch: number; insertsPerS: number }[];
  /** raw 4 KiB append + fdatasync on the same file system (ms, mean) */
  fdatasyncMs: number;
}

function row(i: number) {
  const now = Date.now();
  return {
    id: uuidv7(now),
    device_id: `d-bench${i % 50}`,
    counter_id: 'q-bench',
    source: 'button',
    button: 1 + (i % 4),
    score: 1 + (i % 4),
    scale_buttons: 4,
    device_time: now,
    received_at: now,
    rated_at: now,
    day: localDay(now),
    flagged: 0,
    flag_reason: null,
    reasons: null,
    comment: null,
    box_serial: null,
    box_seq: null,
  };
}

function open(file: string, synchronous: 'FULL' | 'OFF'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(DDL);
  return db;
}

const INSERT = `INSERT INTO ratings (id, device_id, counter_id, source, button, score, scale_buttons, device_time, received_at, rated_at, day,
  flagged, flag_reason, reasons, comment, box_serial, box_seq)
  VALUES (@id, @device_id, @counter_id, @source, @button, @score, @scale_buttons, @device_time, @received_at, @rated_at, @day,
  @flagged, @flag_reason, @reasons, @comment, @box_serial, @box_seq)`;

/** Single-insert transactions until `count` or `maxMs`; returns inserts/s and mean ms per transaction. */
function singles(file: string, synchronous: 'FULL' | 'OFF', count: number, maxMs: number): { perS: number; ms: number } {
  const db = open(file, synchronous);
  try {
    const ins = db.prepare(INSERT);
    const one = db.transaction((r: ReturnType<typeof row>) => ins.run(r));
    for (let i = 0; i < 50; i++) one(row(i)); // warm the statement and the file
    let n = 0;
    const t0 = performance.now();
    while (n < count && performance.now() - t0 < maxMs) one(row(n++));
    const dt = performance.now() - t0;
    return { perS: (n / dt) * 1000, ms: dt / n };
  } finally {
    db.close();
  }
}

function batched(file: string, batch: number, maxRows: number, maxMs: number): number {
  const db = open(file, 'FULL');
  try {
    const ins = db.prepare(INSERT);
    const many = db.transaction((rows: ReturnType<typeof row>[]) => {
      for (const r of rows) ins.run(r);
    });
    many(Array.from({ length: batch }, (_, i) => row(i)));
    let n = 0;
    const t0 = performance.now();
    while (n < maxRows && performance.now() - t0 < maxMs) {
      const rows = Array.from({ length: batch }, (_, i) => row(n + i));
      many(rows);
      n += batch;
    }
    return (n / (performance.now() - t0)) * 1000;
  } finally {
    db.close();
  }
}

function fdatasyncMs(dir: string, count: number, maxMs: number): number {
  const file = path.join(dir, 'fsync.bin');
  const fd = fs.openSync(file, 'w');
  try {
    const buf = Buffer.alloc(4096, 1);
    let n = 0;
    const t0 = performance.now();
    while (n < count && performance.now() - t0 < maxMs) {
      fs.writeSync(fd, buf);
      fs.fdatasyncSync(fd);
      n++;
    }
    return (performance.now() - t0) / n;
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs every measurement in `dir` (a temp directory the caller removes). Bounded: about 10 s at most. */
export function runSqliteBaseline(dir: string): SqliteBaseline {
  const full = singles(path.join(dir, 'single-full.sqlite'), 'FULL', 3000, 3000);
  const off = singles(path.join(dir, 'single-off.sqlite'), 'OFF', 20_000, 1000);
  const batches = [50, 500].map((b) => ({ batch: b, insertsPerS: batched(path.join(dir, `batch-${b}.sqlite`), b, 100_000, 2000) }));
  return {
    singleInsertsPerS: full.perS,
    commitMs: full.ms,
    unsyncedInsertsPerS: off.perS,
    commitSyncMs: full.ms - off.ms,
    batched: batches,
    fdatasyncMs: fdatasyncMs(dir, 1000, 1500),
  };
}
