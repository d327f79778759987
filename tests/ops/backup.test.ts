import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '@onestop/shared';
import { Condition, connected, deviceSocket, pairDevice, type TestHub } from '../kit/index.js';
import { DAY, opsHub, type OpsHub } from './opsHub.js';

let h: OpsHub;
const sockets: { disconnect(): void }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await h?.close();
});

function openCopy(file: string) {
  return new Database(file, { readonly: true, fileMustExist: true });
}

describe('online backup', () => {
  it('a backup taken while ratings are being written is a consistent, verified copy of a moment', async () => {
    h = await opsHub();
    const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS: 0 });
    const dev = await pairDevice(h as unknown as TestHub, counter.id, 'agent');
    const s = deviceSocket(h.url, dev.token);
    sockets.push(s);
    await connected(s);
    // enough data that the copy takes several steps (better-sqlite3 copies 100 pages per step between event-loop turns)
    h.db.exec("CREATE TABLE ballast (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO ballast SELECT hex(randomblob(1000)) FROM n;");
    let writing = true;
    let acked = 0;
    const progress = new Condition();
    const writer = (async () => {
      while (writing) {
        const ack = (await s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(h.clock.now()), source: 'button', button: 1 + (acked % 4), deviceTime: h.clock.now() })) as { ok: boolean };
        expect(ack.ok).toBe(true);
        acked++;
        progress.notify();
        h.clock.advance(1000);
      }
    })();
    // the writer is under way before the copy starts, and still writing after it ends
    await progress.until(() => acked >= 5);
    const before = acked;
    const run = await h.hub.services.backups.backupNow('admin');
    const after = acked;
    await progress.until(() => acked >= after + 5);
    writing = false;
    await writer;
    expect(run).toMatchObject({ ok: true, trigger: 'admin', error: null });
    expect(after).toBeGreaterThan(before); // ratings really were committed while the copy was made
    const copy = openCopy(path.join(h.dataDir, 'backups', run.file!));
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const inCopy = copy.prepare('SELECT id, score, counter_id, day FROM ratings ORDER BY id').all() as { id: string }[];
      // a moment between the start and the end of the copy: every rating acknowledged before it started is there…
      expect(inCopy.length).toBeGreaterThanOrEqual(before);
      expect(inCopy.length).toBeLessThanOrEqual(acked);
      // …and each one as the hub holds it, and they are the oldest ones (no hole: a snapshot, not a mix)
      const live = h.db.prepare('SELECT id, score, counter_id, day FROM ratings ORDER BY id LIMIT ?').all(inCopy.length);
      expect(inCopy).toEqual(live);
      expect((copy.prepare('SELECT COUNT(*) AS n FROM ballast').get() as { n: number }).n).toBe(3000);
    } finally {
      copy.close();
    }
    // no half-written file is left next to it
    expect(fs.readdirSync(path.join(h.dataDir, 'backups')).filter((f) => !/^hub-\d{8}-\d{6}\.sqlite$/.test(f))).toEqual([]);
  });

  it('rotation keeps 7 daily and 4 weekly copies as the days go by (injected clock)', async () => {
    h = await opsHub({ clock: undefined });
    // nightly at 02:00 local for 40 days from Monday 23 November 2026
    h.clock.t = Date.UTC(2026, 10, 22, 19, 0, 0);
    const made: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await h.hub.services.backups.backupNow('nightly');
      expect(r.ok).toBe(true);
      made.push(r.file!);
      h.clock.advance(DAY);
    }
    const left = fs.readdirSync(path.join(h.dataDir, 'backups')).sort();
    const idx = (i: number) => made[i]!;
    expect(left).toEqual([20, 27, 33, 34, 35, 36, 37, 38, 39].map(idx).sort());
    // each run records what it removed; the admin page shows the copies and the last result
    const status = (await h.admin.call('GET', '/api/admin/backups')).body.data;
    expect(status.files.map((f: { name: string }) => f.name)).toEqual([...left].reverse());
    expect(status.lastRun).toMatchObject({ ok: true, trigger: 'nightly', file: idx(39) });
    expect(status).toMatchObject({ keepDaily: 7, keepWeekly: 4 });
    const removed = (h.db.prepare('SELECT removed FROM backup_runs').all() as { removed: string }[]).flatMap((r) => JSON.parse(r.removed) as string[]);
    expect(removed.sort()).toEqual(made.filter((n) => !left.includes(n)).sort());
  });

  it('the admin makes one from the page and can download it; nobody else can', async () => {
    h = await opsHub();
    h.hub.services.counters.create({ name: 'Quầy Tư pháp', buttons: 3, minIntervalS: 0 });
    const made = await h.admin.call('POST', '/api/admin/backups');
    expect(made.status).toBe(200);
    expect(made.body.data).toMatchObject({ ok: true, trigger: 'admin' });
    const name = made.body.data.file as string;
    expect((await fetch(`${h.url}/api/admin/backups`)).status).toBe(401);
    expect((await fetch(`${h.url}/api/admin/backups/${name}`)).status).toBe(401);
    expect((await fetch(`${h.url}/api/admin/backups`, { method: 'POST', headers: { origin: h.url } })).status).toBe(401);
    const list = await h.admin.call('GET', '/api/admin/backups');
    expect(list.body.data.files).toHaveLength(1);
    // the download is the verified copy itself
    const cookie = await h.cookie();
    const dl = await fetch(`${h.url}/api/admin/backups/${name}`, { headers: { cookie } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toContain(name);
    const bytes = Buffer.from(await dl.arrayBuffer());
    expect(bytes.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(bytes.length).toBe(list.body.data.files[0].bytes);
    // a name that is not a listed backup is not served (no path tricks)
    expect((await h.admin.call('GET', `/api/admin/backups/${encodeURIComponent('../hub.sqlite')}`)).status).toBe(404);
  });

  it('a failed backup is recorded, answered with a reason, leaves no file, and the nightly one raises an alert', async () => {
    h = await opsHub();
    // the backups folder cannot be made: a file is in its way
    fs.writeFileSync(path.join(h.dataDir, 'backups'), 'not a folder');
    const res = await h.admin.call('POST', '/api/admin/backups');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ ok: false, reason: 'backup-failed' });
    const status = (await h.admin.call('GET', '/api/admin/backups')).body.data;
    expect(status.lastRun).toMatchObject({ ok: false, file: null, trigger: 'admin' });
    expect(status.files).toEqual([]);
    const nightly = h.hub.jobs.find((j) => j.name === 'backup')!;
    await nightly.run();
    expect(h.hub.services.alerts.list()).toEqual([expect.objectContaining({ kind: 'backup', key: 'nightly', clearedAt: null })]);
    fs.rmSync(path.join(h.dataDir, 'backups'));
    await nightly.run();
    expect(h.hub.services.alerts.list()[0]!.clearedAt).not.toBeNull();
    expect(fs.readdirSync(path.join(h.dataDir, 'backups'))).toHaveLength(1);
  });
});
