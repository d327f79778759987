/**
 * Issue 11, finding 3: the data directory was readable by every account of the machine (0755 / 0644), and the
 * database, its WAL and the backups held the SMS callback secret and the upstream secret in clear. Found by looking
 * at a running hub's files as another account; reproduced here the same way: a real `hub start` on a data directory
 * it makes itself (as `npm start` does), real activity, then the modes, a second OS user (when the test runs as root)
 * and a scan of the raw bytes (docs/decisions/0085).
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@onestop/shared';
import { ADMIN_PASSWORD, HUB_BIN, ROOT, addCounter, hubCli, lastLine, pairCode, startHub, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';
import { AdminClient, connected, deviceSocket } from '../kit/index.js';
import { openDb } from '../../hub/src/db/open.js';
import { MetaStore } from '../../hub/src/db/meta.js';
import { signature } from '../../hub/src/upstream/client.js';

const UPSTREAM_SECRET = 'upstream-secret-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e';
const PROBE_USER = 'onestop-probe';
const isRoot = process.getuid?.() === 0;
/** several hub processes start and stop in one test: room for a loaded 2-core machine */
const SLOW = 240_000;

const hubs: RunningHub[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A parent every account may pass through, and the data directory in it, not made yet: the hub makes it. */
function freshDataDir(): string {
  const parent = tmpDir('at-rest-');
  dirs.push(parent);
  fs.chmodSync(parent, 0o755);
  return path.join(parent, 'data');
}

async function start(dataDir: string): Promise<RunningHub> {
  const h = await startHub({ dataDir });
  hubs.push(h);
  return h;
}

async function stop(h: RunningHub): Promise<void> {
  await h.stop();
  hubs.splice(hubs.indexOf(h), 1);
}

const mode = (p: string) => fs.lstatSync(p).mode & 0o777;

/** Every path under the data directory (itself included) that is not private: "rel 0644". */
function notPrivate(dataDir: string): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const st = fs.lstatSync(p);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) out.push(`${path.relative(dataDir, p) || '.'} 0${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) visit(path.join(p, n));
  };
  visit(dataDir);
  return out;
}

/** Every file under the data directory. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((n) => path.join(dir, n)).filter((p) => fs.statSync(p).isFile());
}

/** A `strings`-like look at a file's raw bytes: does the text appear anywhere in it? */
const holds = (file: string, text: string) => fs.readFileSync(file).includes(Buffer.from(text, 'utf8'));

/** Reads a setting as the hub does (opened with the key file beside the database), from a stopped hub's data. */
function readSetting(dataDir: string, key: string): string | undefined {
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  try {
    return new MetaStore(db).get(key);
  } finally {
    db.close();
  }
}

/** A stand-in of the province's receiver: answers the hub's signed ping 200 only when it is signed with UPSTREAM_SECRET. */
async function upstreamStandIn(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const ts = Number(req.headers['x-timestamp']);
    const good = req.headers['x-signature'] === signature(UPSTREAM_SECRET, ts, Buffer.alloc(0));
    res.writeHead(good ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(good ? { ok: true, data: {} } : { ok: false, reason: 'bad-signature' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

let receiver: Awaited<ReturnType<typeof upstreamStandIn>>;
beforeAll(async () => {
  receiver = await upstreamStandIn();
  if (isRoot) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PROBE_USER]);
    // 9: the account is there already (an earlier run)
    if (r.status !== 0 && r.status !== 9) throw new Error(`useradd failed: ${r.stderr}`);
  }
});
afterAll(async () => {
  await receiver.close();
});

/** `cat FILE` as the second account: its exit status and what it printed. */
function catAsOtherUser(file: string): { status: number | null; out: string } {
  const r = spawnSync('su', ['-s', '/bin/sh', '-c', `cat '${file}'`, PROBE_USER], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout };
}

async function signedIn(h: RunningHub): Promise<AdminClient> {
  return new AdminClient(h.url, async () => {}, ADMIN_PASSWORD);
}

/** Ratings from a paired box agent, an SMS through the console gateway, a backup (page and CLI), a CSV export. */
async function someActivity(h: RunningHub, admin: AdminClient): Promise<{ backups: string[]; exportFile: string }> {
  const counterId = await addCounter(h.dataDir, 'Quầy 1', { minIntervalS: 0 });
  const code = await pairCode(h.dataDir, counterId);
  const pair = await fetch(`${h.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent' }) });
  const { data } = (await pair.json()) as { data: { token: string } };
  const s = deviceSocket(h.url, data.token);
  try {
    await connected(s);
    for (const button of [1, 2, 3]) {
      expect(await s.timeout(10_000).emitWithAck('rating:submit', { id: uuidv7(), source: 'button', button, deviceTime: Date.now() })).toMatchObject({ ok: true });
    }
  } finally {
    s.close();
  }
  const smsId = lastLine(await hubCli(['sms', 'test', '--to', '0912345678', '--data-dir', h.dataDir]));
  await waitFor(async () => !['queued', 'sending'].includes((await admin.call('GET', `/api/admin/sms/messages/${smsId}`)).body.data?.status), 'the test SMS to be sent', 60_000);
  const byPage = await admin.call('POST', '/api/admin/backups');
  expect(byPage.status, JSON.stringify(byPage.body)).toBe(200);
  const byCli = lastLine(await hubCli(['backup', '--data-dir', h.dataDir]));
  const today = new Date().toISOString().slice(0, 10);
  const job = await admin.call('POST', '/api/admin/exports', { format: 'csv', kind: 'ratings', range: { kind: 'month', date: today } });
  expect(job.status, JSON.stringify(job.body)).toBe(202);
  await waitFor(async () => (await admin.call('GET', `/api/admin/exports/${job.body.data.id}`)).body.data?.status === 'done', 'the export', 60_000);
  // the rotation keeps one copy a day: the CLI's, made last, is the one left
  const backups = filesUnder(path.join(h.dataDir, 'backups'));
  expect(backups).toContain(byCli);
  return { backups, exportFile: path.join(h.dataDir, 'exports', `${job.body.data.id}.csv`) };
}

describe('data at rest (issue 11, finding 3)', () => {
  it('after a start and some activity, every file in the data directory is 0600 and every folder 0700; another account reads none of them; no secret is in the database, its WAL or a backup in clear; a restart reads them back', async () => {
    const dataDir = freshDataDir();
    let h = await start(dataDir);
    const admin = await signedIn(h);
    const set = await admin.call('PUT', '/api/admin/settings', { values: { 'upstream.url': receiver.url, 'upstream.secret': UPSTREAM_SECRET } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await admin.post('/api/admin/upstream/test')).body).toMatchObject({ ok: true, data: { ok: true } });
    const { backups, exportFile } = await someActivity(h, admin);

    // while the hub runs: the WAL and SHM are there too
    const wal = path.join(dataDir, 'hub.sqlite-wal');
    expect(fs.existsSync(wal)).toBe(true);
    expect(fs.existsSync(exportFile)).toBe(true);
    expect(notPrivate(dataDir)).toEqual([]);
    for (const f of [path.join(dataDir, 'hub.sqlite'), wal, path.join(dataDir, 'hub.key'), ...backups, exportFile]) expect(mode(f), f).toBe(0o600);

    if (isRoot) {
      // the probe itself works: the other account reads a file that is open to it
      const open = path.join(path.dirname(dataDir), 'open.txt');
      fs.writeFileSync(open, 'readable by all\n', { mode: 0o644 });
      expect(catAsOtherUser(open)).toEqual({ status: 0, out: 'readable by all\n' });
      for (const f of [path.join(dataDir, 'hub.sqlite'), wal, path.join(dataDir, 'hub.key'), ...backups, exportFile]) {
        const r = catAsOtherUser(f);
        expect(r.status, f).not.toBe(0);
        expect(r.out, f).toBe('');
      }
    }

    // the secrets as the hub reads them (a second connection, with the key file), then the raw bytes of every file
    const callbackSecret = readSetting(dataDir, 'sms_callback_secret')!;
    expect(callbackSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readSetting(dataDir, 'admin.upstream.secret')).toBe(JSON.stringify(UPSTREAM_SECRET));
    const scanned = [path.join(dataDir, 'hub.sqlite'), wal, ...backups, exportFile];
    for (const f of scanned) {
      expect(holds(f, UPSTREAM_SECRET), f).toBe(false);
      expect(holds(f, callbackSecret), f).toBe(false);
    }
    await stop(h);
    expect(holds(path.join(dataDir, 'hub.sqlite'), UPSTREAM_SECRET) || holds(path.join(dataDir, 'hub.sqlite'), callbackSecret)).toBe(false);

    h = await start(dataDir);
    // the running hub signs with the secret it opened: the stand-in accepts only that one
    expect((await (await signedIn(h)).post('/api/admin/upstream/test')).body).toMatchObject({ ok: true, data: { ok: true } });
    for (const f of [path.join(dataDir, 'hub.sqlite'), path.join(dataDir, 'hub.sqlite-wal')]) {
      if (fs.existsSync(f)) expect(holds(f, UPSTREAM_SECRET) || holds(f, callbackSecret), f).toBe(false);
    }
    await stop(h);
    expect(readSetting(dataDir, 'sms_callback_secret')).toBe(callbackSecret);
  }, SLOW);

  it('a data directory made 0755 with a 0644 database (an older hub, a copy) is made private at start, with a warning naming each path', async () => {
    const dataDir = freshDataDir();
    fs.mkdirSync(path.join(dataDir, 'backups'), { recursive: true });
    openDb(path.join(dataDir, 'hub.sqlite')).close();
    fs.writeFileSync(path.join(dataDir, 'backups', 'hub-20260101-020000.sqlite'), 'old copy');
    fs.writeFileSync(path.join(dataDir, 'hub.config.json'), '{}');
    const open = [dataDir, path.join(dataDir, 'backups')];
    for (const d of open) fs.chmodSync(d, 0o755);
    for (const f of ['hub.sqlite', 'backups/hub-20260101-020000.sqlite', 'hub.config.json']) {
      fs.chmodSync(path.join(dataDir, f), 0o644);
      open.push(path.join(dataDir, f));
    }

    const h = await start(dataDir);
    const warned = h
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; path?: string; was?: string; msg: string })
      .filter((l) => l.level === 40 && l.path);
    expect(warned.map((w) => w.path).sort()).toEqual(open.sort());
    for (const w of warned) expect(w.msg).toContain(w.path);
    expect(warned.find((w) => w.path === path.join(dataDir, 'hub.sqlite'))).toMatchObject({ was: '0644' });
    expect(notPrivate(dataDir)).toEqual([]);
  });

  it('secrets stored in clear by a hub from before sealing are sealed at the next start, gone from the file, and read back', async () => {
    const dataDir = freshDataDir();
    const legacyCallback = 'LegacyCallbackSecret0123456789abcdefABCDEFx';
    const db = openDb(path.join(dataDir, 'hub.sqlite'));
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?), (?, ?), (?, ?)').run('sms_callback_secret', legacyCallback, 'admin.upstream.secret', JSON.stringify(UPSTREAM_SECRET), 'admin.upstream.url', JSON.stringify(receiver.url));
    db.close();
    // the scan finds a secret that is there in clear
    expect(holds(path.join(dataDir, 'hub.sqlite'), UPSTREAM_SECRET)).toBe(true);
    expect(holds(path.join(dataDir, 'hub.sqlite'), legacyCallback)).toBe(true);

    const h = await start(dataDir);
    for (const f of filesUnder(dataDir)) {
      expect(holds(f, UPSTREAM_SECRET), f).toBe(false);
      expect(holds(f, legacyCallback), f).toBe(false);
    }
    expect((await (await signedIn(h)).post('/api/admin/upstream/test')).body).toMatchObject({ ok: true, data: { ok: true } });
    await stop(h);
    expect(readSetting(dataDir, 'sms_callback_secret')).toBe(legacyCallback);
  }, SLOW);

  it('a lost key file: the hub starts, says which secrets to enter again, reads them as not set, and works once they are entered', async () => {
    const dataDir = freshDataDir();
    let h = await start(dataDir);
    let admin = await signedIn(h);
    expect((await admin.call('PUT', '/api/admin/settings', { values: { 'upstream.url': receiver.url, 'upstream.secret': UPSTREAM_SECRET } })).status).toBe(200);
    await stop(h);
    fs.rmSync(path.join(dataDir, 'hub.key'));

    h = await start(dataDir);
    const warning = h
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; settings?: string[]; msg: string })
      .find((l) => l.settings);
    expect(warning?.settings?.sort()).toEqual(['admin.upstream.secret', 'sms_callback_secret']);
    expect(warning?.msg).toContain('/admin/settings');
    admin = await signedIn(h);
    const views = (await admin.call('GET', '/api/admin/settings')).body.data as { key: string; isSet: boolean }[];
    expect(views.find((v) => v.key === 'upstream.secret')).toMatchObject({ isSet: false });
    expect((await admin.post('/api/admin/upstream/test')).body).toMatchObject({ ok: false, reason: 'upstream-not-configured' });

    const doctor = JSON.parse(await hubCli(['doctor', '--json', '--data-dir', dataDir]).catch((e: { stdout: string }) => e.stdout)) as { checks: { id: string; status: string; code: string; message: string }[] };
    expect(doctor.checks.find((c) => c.id === 'secrets')).toMatchObject({ status: 'fail', code: 'secrets-unreadable' });
    expect(doctor.checks.find((c) => c.id === 'secrets')!.message).toContain('admin.upstream.secret');

    expect((await admin.call('PUT', '/api/admin/settings', { values: { 'upstream.secret': UPSTREAM_SECRET } })).status).toBe(200);
    expect((await admin.post('/api/admin/upstream/test')).body.data).toMatchObject({ ok: true });
  }, SLOW);

  it('a backup restores with its key file (--key); without it, restore says which secrets to enter again', async () => {
    const source = freshDataDir();
    const db = openDb(path.join(source, 'hub.sqlite'));
    new MetaStore(db).put('admin.upstream.secret', JSON.stringify(UPSTREAM_SECRET));
    db.close();
    const backup = lastLine(await hubCli(['backup', '--data-dir', source]));
    expect(holds(backup, UPSTREAM_SECRET)).toBe(false);

    const run = promisify(execFile);
    const without = freshDataDir();
    const plain = await run(HUB_BIN, ['restore', '--from', backup, '--data-dir', without], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
    expect(plain.stderr).toContain('admin.upstream.secret');
    expect(plain.stderr).toContain('--key');
    expect(readSetting(without, 'admin.upstream.secret')).toBeUndefined();

    const withKey = freshDataDir();
    const keyed = await run(HUB_BIN, ['restore', '--from', backup, '--key', path.join(source, 'hub.key'), '--data-dir', withKey], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
    expect(keyed.stderr).toBe('');
    expect(readSetting(withKey, 'admin.upstream.secret')).toBe(JSON.stringify(UPSTREAM_SECRET));
    expect(notPrivate(withKey)).toEqual([]);

    // a key that is not the backup's is refused, and nothing is put in place
    const wrong = freshDataDir();
    fs.mkdirSync(wrong, { recursive: true });
    const otherKey = path.join(path.dirname(wrong), 'other.key');
    fs.writeFileSync(otherKey, Buffer.alloc(32, 7).toString('base64') + '\n', { mode: 0o600 });
    const refused = await run(HUB_BIN, ['restore', '--from', backup, '--key', otherKey, '--data-dir', wrong], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('does not open');
    expect(fs.existsSync(path.join(wrong, 'hub.sqlite'))).toBe(false);
  }, SLOW);

  it('a settings key that looks like a secret cannot be written in clear: it must be in the sealed list', () => {
    const dir = tmpDir('at-rest-key-');
    dirs.push(dir);
    const db = openDb(path.join(dir, 'hub.sqlite'));
    try {
      expect(() => new MetaStore(db).put('esms_api_key', 'k')).toThrow(/SEALED_SETTING_KEYS/);
      expect(() => new MetaStore(db).put('zalo_zns_token', 'k')).toThrow(/SEALED_SETTING_KEYS/);
      new MetaStore(db).put('holidays_seeded', '1');
      const raw = new Database(path.join(dir, 'hub.sqlite'), { readonly: true });
      expect(raw.prepare("SELECT key FROM settings WHERE key IN ('esms_api_key', 'zalo_zns_token')").all()).toEqual([]);
      raw.close();
    } finally {
      db.close();
    }
  });
});
