import { describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { migrate, openDb, PAGE_CACHE_KIB, schemaVersion } from './open.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mig-')), 'hub.sqlite');

describe('database', () => {
  it('opens with WAL, full sync, foreign keys and a busy timeout, at the latest schema version', () => {
    const db = openDb(tmpFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    // a 4 MiB page cache instead of better-sqlite3's 16 MiB (docs/decisions/0103)
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(PAGE_CACHE_KIB).toBe(4096);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('applies migrations once; reopening changes nothing', () => {
    const file = tmpFile();
    openDb(file).close();
    const db = openDb(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('a failing migration rolls back whole, leaving the previous version', () => {
    const db = openDb(tmpFile());
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half_done (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database made by a newer hub', () => {
    const file = tmpFile();
    const db = openDb(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openDb(file)).toThrow(/newer than this hub/);
  });

  it('foreign keys hold: a rating cannot name a device that does not exist', () => {
    const db = openDb(tmpFile());
    expect(() =>
      db.prepare(`INSERT INTO ratings (id, device_id, counter_id, source, score, scale_buttons, device_time, received_at, rated_at, day) VALUES ('x', 'nope', 'nope', 'button', 5, 4, 0, 0, 0, '2026-01-01')`).run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
