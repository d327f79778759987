import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '@onestop/shared';
import { connected, deviceSocket } from '../kit/index.js';
import { HUB_BIN, ROOT, addCounter, adminCookie, hubCli, lastLine, pairCode, startHub, tmpDir, type RunningHub } from '../helpers/procs.js';

const run = promisify(execFile);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hubCliFails(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(HUB_BIN, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
  throw new Error(`hub ${args.join(' ')} should have failed`);
}

async function started(dataDir: string): Promise<RunningHub> {
  const hub = await startHub({ dataDir });
  cleanups.push(() => hub.stop());
  return hub;
}

async function rate(url: string, token: string, n: number): Promise<void> {
  const s = deviceSocket(url, token);
  try {
    await connected(s);
    for (let i = 0; i < n; i++) {
      const ack = (await s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(Date.now()), source: 'button', button: 1 + (i % 4), deviceTime: Date.now() })) as { ok: boolean; reason?: string };
      expect(ack).toMatchObject({ ok: true });
    }
  } finally {
    s.disconnect();
  }
}

async function todaysRatings(url: string): Promise<number> {
  const cookie = await adminCookie(url);
  const res = (await (await fetch(`${url}/api/admin/live`, { headers: { cookie } })).json()) as { data: { counters: { name: string; total: number }[] } };
  return res.data.counters.find((c) => c.name === 'Quầy Một cửa')!.total;
}

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('hub backup and hub restore', () => {
  it('brings back a working hub: data, back up, damage, restore, start, see the data, rate again', async () => {
    const dataDir = tmpDir('restore-');
    const counterId = await addCounter(dataDir, 'Quầy Một cửa', { buttons: 4, minIntervalS: 0 });
    let hub = await started(dataDir);
    const code = await pairCode(dataDir, counterId);
    const paired = (await (await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent' }) })).json()) as { data: { token: string } };
    const token = paired.data.token;
    await rate(hub.url, token, 5);

    // an online backup from the command line while the hub runs
    const out = await hubCli(['backup', '--data-dir', dataDir]);
    const backup = lastLine(out);
    expect(path.dirname(backup)).toBe(path.join(dataDir, 'backups'));
    expect(fs.existsSync(backup)).toBe(true);
    await rate(hub.url, token, 2); // after the backup: not in it

    // refused while the hub runs; nothing changes
    const dbPath = path.join(dataDir, 'hub.sqlite');
    const refused = await hubCliFails(['restore', '--from', backup, '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/a hub is running on .* \(pid \d+\); stop it first/);
    expect(await todaysRatings(hub.url)).toBe(7);

    await hub.stop();
    expect(fs.existsSync(path.join(dataDir, 'hub.pid'))).toBe(false);
    // the disk "damages" the database
    fs.writeFileSync(dbPath, Buffer.alloc(8192, 0x5a));
    fs.writeFileSync(`${dbPath}-wal`, 'stale');
    const damaged = sha(dbPath);

    const restored = await hubCli(['restore', '--from', backup, '--data-dir', dataDir]);
    expect(lastLine(restored)).toBe(dbPath);
    const kept = /kept as (\S+)/.exec(restored)![1]!;
    expect(sha(kept)).toBe(damaged); // the damaged file is kept aside, not deleted
    expect(fs.readFileSync(`${kept}-wal`, 'utf8')).toBe('stale');
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(false);

    hub = await started(dataDir);
    expect(await todaysRatings(hub.url)).toBe(5);
    // the restored hub still knows the device: new ratings are taken
    await rate(hub.url, token, 1);
    expect(await todaysRatings(hub.url)).toBe(6);
  });

  it('refuses a file that is not a usable hub backup, and changes nothing', async () => {
    const dataDir = tmpDir('restore-bad-');
    await addCounter(dataDir, 'Quầy 1');
    const dbPath = path.join(dataDir, 'hub.sqlite');
    const before = sha(dbPath);
    const junk = path.join(tmpDir('junk-'), 'notes.txt');
    fs.writeFileSync(junk, 'không phải cơ sở dữ liệu');
    const newer = path.join(tmpDir('newer-'), 'future.sqlite');
    fs.copyFileSync(dbPath, newer);
    const db = new Database(newer);
    db.pragma('user_version = 999');
    db.close();
    const empty = path.join(tmpDir('empty-'), 'empty.sqlite');
    const e = new Database(empty);
    e.exec('CREATE TABLE x (a); PRAGMA user_version = 1;');
    e.close();

    // a forged backup: intact, the right version, plus a trigger that makes every new staff account an admin
    const forged = path.join(tmpDir('forged-'), 'forged.sqlite');
    fs.copyFileSync(dbPath, forged);
    const f = new Database(forged);
    f.exec("CREATE TRIGGER staff_to_admin AFTER INSERT ON users BEGIN UPDATE users SET role = 'admin' WHERE id = NEW.id; END;");
    f.close();

    for (const [file, why] of [
      [forged, /not a hub schema of version \d+: unexpected trigger staff_to_admin/],
      [junk, /not a usable hub backup/],
      [newer, /schema version 999/],
      [empty, /not a hub database: table counters missing/],
      [path.join(dataDir, 'missing.sqlite'), /no such file/],
    ] as const) {
      const r = await hubCliFails(['restore', '--from', file, '--data-dir', dataDir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(why);
    }
    expect(sha(dbPath)).toBe(before);
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('restor'))).toEqual([]);
    expect((await hubCliFails(['restore', '--data-dir', dataDir])).code).toBe(2);
  });

  it("refuses a forged backup whose extra trigger is named like one of SQLite's own objects, and changes nothing", async () => {
    const dataDir = tmpDir('restore-forged-sqlite-');
    await addCounter(dataDir, 'Quầy 1');
    const dbPath = path.join(dataDir, 'hub.sqlite');
    const before = sha(dbPath);
    // CREATE TRIGGER refuses a name starting "sqlite_"; writing the schema row by hand does not
    const forged = path.join(tmpDir('forged-sqlite-'), 'forged.sqlite');
    fs.copyFileSync(dbPath, forged);
    const f = new Database(forged);
    f.unsafeMode(true); // better-sqlite3 opens in defensive mode, which forbids writable_schema
    f.pragma('writable_schema = ON');
    f.prepare("INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_x', 'users', 0, ?)").run(
      "CREATE TRIGGER sqlite_x AFTER INSERT ON users BEGIN UPDATE users SET role = 'admin' WHERE id = NEW.id; END",
    );
    f.pragma('writable_schema = OFF');
    f.close();

    // SQLite really loads the forged trigger and runs it: a staff account inserted into a copy becomes admin
    const probe = path.join(tmpDir('forged-probe-'), 'probe.sqlite');
    fs.copyFileSync(forged, probe);
    const p = new Database(probe);
    expect(p.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'sqlite_x'").all()).toHaveLength(1);
    p.prepare("INSERT INTO users (id, username, display_name, role, password_hash, created_at, password_changed_at) VALUES ('u1', 'mallory', 'M', 'staff', 'x', 0, 0)").run();
    expect(p.prepare("SELECT role FROM users WHERE id = 'u1'").get()).toEqual({ role: 'admin' });
    p.close();

    const r = await hubCliFails(['restore', '--from', forged, '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a hub schema of version \d+: unexpected trigger sqlite_x/);
    expect(sha(dbPath)).toBe(before);
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('restor'))).toEqual([]);
  });
});
