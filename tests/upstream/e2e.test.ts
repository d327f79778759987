import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { dayBounds, localDay, systemClock } from '@onestop/shared';
import { openDb } from '../../hub/src/db/open.js';
import { parseConfig } from '../../hub/src/config/config.js';
import { SettingsService } from '../../hub/src/settings/service.js';
import { TestClock } from '../kit/index.js';
import { HUB_BIN, ROOT, adminCookie, hubCli, lastLine, startHub, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';
import { senderHub, validateSummary, type SenderHub } from './sender.helpers.js';

/**
 * The sender (a commune hub in this process, with an injected clock) against the real receiver (`hub start --role
 * upstream`, its own process and database). The receiver checks X-Timestamp against its own clock (±300 s), so the
 * simulated week ends at the real "now": day k of 7 is (6 − k) days before it.
 */

const DAY = 86_400_000;
const RECEIVER_PASSWORD = 'receiver-admin-password-1';
const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function startReceiver(dataDir: string, port: number) {
  const proc = spawn(HUB_BIN, ['start', '--role', 'upstream', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', HUB_ADMIN_PASSWORD: RECEIVER_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    output: () => out,
    ready: () =>
      waitFor(async () => {
        if (proc.exitCode !== null) throw new Error(`receiver exited (${proc.exitCode}): ${out}`);
        return (await fetch(`${url}/healthz`)).ok;
      }, 'the receiver', 30_000),
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
    },
  };
}

async function provinceApi(url: string) {
  const res = await fetch(`${url}/api/province/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ username: 'admin', password: RECEIVER_PASSWORD }) });
  if (res.status !== 200) throw new Error(`province sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return {
    async json(p: string) {
      const r = await fetch(url + p, { headers: { cookie } });
      return (await r.json()) as { ok: boolean; data: any };
    },
    async text(p: string) {
      return (await fetch(url + p, { headers: { cookie } })).text();
    },
  };
}

let hub: SenderHub | null = null;
let receiver: ReturnType<typeof startReceiver> | null = null;
let communeHub: RunningHub | null = null;
afterEach(async () => {
  await hub?.close();
  await communeHub?.stop();
  await receiver?.stop();
  hub = null;
  communeHub = null;
  receiver = null;
});

/** A commune hub's data directory holding one rating on `day` (built in-process, then closed). */
async function dataDirWithRating(day: string, now: number): Promise<string> {
  const h = await senderHub({ clock: new TestClock(now) });
  await h.rate(4, dayBounds(day).start + 3_600_000);
  const dir = path.dirname(h.db.name);
  await h.stop();
  return dir;
}

describe('upstream end to end: the commune hub sends, the real receiver process stores', () => {
  it('a week with the receiver down for six days, then up: seven summaries arrive in date order, each once; late data adds a revision the receiver keeps and shows', async () => {
    const recvDir = tmpDir('receiver-');
    const secret = lastLine(await hubCli(['commune', 'add', '--code', '26734', '--name', 'Xã Ví Dụ', '--data-dir', recvDir]));
    const port = await freePort();
    const realNow = Date.now();
    const clock = new TestClock(realNow - 6 * DAY);
    // send time 00:00: each simulated day is due from its start, so "now" on day 7 (the real now) is enough
    hub = await senderHub({ clock, url: `http://127.0.0.1:${port}`, secret, sendAt: '00:00', policy: { timeoutMs: 2000 } });
    const days = [0, 1, 2, 3, 4, 5, 6].map((k) => localDay(realNow - (6 - k) * DAY));

    for (const [k, day] of days.entries()) {
      clock.t = realNow - (6 - k) * DAY;
      for (let j = 0; j <= k; j++) await hub.rate(5, dayBounds(day).start + j * 1000);
      if (k === 6) {
        receiver = startReceiver(recvDir, port);
        await receiver.ready();
      }
      for (let round = 0; round < 4; round++) {
        await hub.hub.services.upstream.runOnce();
        if (k < 6) clock.advance(3_600_000); // later the same simulated day: back-off timers come due
      }
    }

    const rows = hub.rows();
    expect(rows.map((r) => `${r.day}#${r.revision}:${r.status}:${r.answer}`)).toEqual(days.map((d) => `${d}#1:sent:stored`));
    expect(rows[0]!.attempts).toBeGreaterThan(1); // the first day was tried while the receiver was down

    const province = await provinceApi(receiver!.url);
    const held = [];
    for (const [k, day] of days.entries()) {
      const r = await province.json(`/api/province/communes/26734/days/${day}`);
      expect(r.ok).toBe(true);
      expect(r.data.map((x: { revision: number }) => x.revision)).toEqual([1]);
      const body = JSON.parse(r.data[0].body);
      expect(validateSummary(body), JSON.stringify(validateSummary.errors)).toBe(true);
      expect(body).toMatchObject({ date: day, revision: 1, ratings: { total: k + 1 } });
      held.push(r.data[0].receivedAt as number);
    }
    // received in date order
    expect([...held].sort((a, b) => a - b)).toEqual(held);

    // a counter that was offline delivers yesterday's presses: the next check sends revision 2
    clock.t = Date.now();
    await hub.rate(1, dayBounds(days[5]!).start + 3_600_000);
    const queued = hub.hub.services.upstream.check();
    expect(queued).toEqual([{ date: days[5], revision: 2, why: 'revised' }]);
    const sent = await hub.hub.services.upstream.sendPass();
    expect(sent.map((s) => [s.date, s.revision, s.outcome.kind])).toEqual([[days[5], 2, 'sent']]);
    const both = await province.json(`/api/province/communes/26734/days/${days[5]}`);
    expect(both.data.map((x: { revision: number }) => x.revision)).toEqual([1, 2]);
    const rev2 = JSON.parse(both.data[1].body);
    expect(validateSummary(rev2)).toBe(true);
    expect(rev2.ratings).toMatchObject({ total: 7, byScore: { '5': 6, '1': 1 } });
    // the province's export shows the current revision
    const csv = await province.text(`/api/province/export.csv?from=${days[0]}&to=${days[6]}&kind=days`);
    const [head, ...lines] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const cols = head!.split(',');
    const [y, m, d] = days[5]!.split('-');
    const row = lines.map((l) => l.split(',')).find((c) => c[0] === `${d}/${m}/${y}`)!;
    expect(row[cols.indexOf('Lần sửa')]).toBe('2');
    expect(row[cols.indexOf('Tổng lượt đánh giá')]).toBe('7');
  }, 120_000);

  it('hub upstream test and hub upstream send, as processes, against the real receiver: exit codes and one line per day', async () => {
    const recvDir = tmpDir('receiver-');
    const secret = lastLine(await hubCli(['commune', 'add', '--code', '26734', '--name', 'Xã Ví Dụ', '--data-dir', recvDir]));
    const port = await freePort();
    receiver = startReceiver(recvDir, port);
    await receiver.ready();
    // a commune hub's data directory with a rating yesterday (built in-process, then closed)
    const now = Date.now();
    const yesterday = localDay(now - DAY);
    hub = await senderHub({ clock: new TestClock(now) });
    await hub.rate(4, dayBounds(yesterday).start + 3_600_000);
    const dataDir = path.dirname(hub.db.name);
    await hub.stop();
    hub = null;
    const env = { ...process.env, LOG_LEVEL: 'warn', UPSTREAM_URL: receiver.url, UPSTREAM_SECRET: secret, COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' };
    const cli = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
      try {
        const r = await run(HUB_BIN, [...args, '--data-dir', dataDir], { cwd: ROOT, env: { ...env, ...extra } });
        return { code: 0, out: r.stdout };
      } catch (e) {
        const x = e as { code: number; stdout: string; stderr: string };
        return { code: x.code, out: x.stdout + x.stderr };
      }
    };

    const ok = await cli(['upstream', 'test']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('link and key accepted');
    const wrong = await cli(['upstream', 'test'], { UPSTREAM_SECRET: 'not-the-secret' });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('HTTP 401 unauthorized');
    const off = await cli(['upstream', 'test'], { UPSTREAM_URL: '' });
    expect(off.code).toBe(1);
    expect(off.out).toContain('upstream-not-configured');

    const sent = await cli(['upstream', 'send', '--date', yesterday]);
    expect(sent.code).toBe(0);
    expect(sent.out.trim()).toBe(`${yesterday}  lần sửa / revision 1  đã gửi / sent (stored)`);
    // asked again by name: the same bytes, the receiver says duplicate
    const again = await cli(['upstream', 'send', '--date', yesterday]);
    expect(again.out.trim()).toBe(`${yesterday}  lần sửa / revision 1  đã gửi / sent (duplicate)`);
    // everything due: yesterday is done; today is not due before 23:55 unless it is past that
    const all = await cli(['upstream', 'send']);
    expect(all.code).toBe(0);
    const refused = await cli(['upstream', 'send', '--date', yesterday], { UPSTREAM_SECRET: 'not-the-secret' });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('HTTP 401 unauthorized');
    const bad = await cli(['upstream', 'send', '--date', '2026-02-30']);
    expect(bad.code).toBe(2);

    // set on /admin/settings instead of the environment: the commands use what the running hub would use
    const db = openDb(path.join(dataDir, 'hub.sqlite'));
    try {
      new SettingsService(db, parseConfig({ dataDir }), systemClock).update({ values: { 'upstream.url': receiver.url, 'upstream.secret': secret, 'commune.code': '26734', 'commune.name': 'Xã Ví Dụ' } }, { id: null, name: 'test' });
    } finally {
      db.close();
    }
    const noEnv = Object.fromEntries(Object.entries(env).filter(([k]) => !['UPSTREAM_URL', 'UPSTREAM_SECRET', 'COMMUNE_CODE', 'COMMUNE_NAME'].includes(k)));
    const fromPage = await run(HUB_BIN, ['upstream', 'test', '--data-dir', dataDir], { cwd: ROOT, env: noEnv });
    expect(fromPage.stdout).toContain('link and key accepted');
  }, 120_000);

  it('both as processes: `hub start` with UPSTREAM_URL sends on its own, catches up once the receiver comes up, and shows it to its admin', async () => {
    const recvDir = tmpDir('receiver-');
    const secret = lastLine(await hubCli(['commune', 'add', '--code', '26734', '--name', 'Xã Ví Dụ', '--data-dir', recvDir]));
    const port = await freePort();
    const now = Date.now();
    const yesterday = localDay(now - DAY);
    const dataDir = await dataDirWithRating(yesterday, now);
    // short back-off from the config file (the environment has only the url, secret and send time)
    fs.writeFileSync(path.join(dataDir, 'hub.config.json'), JSON.stringify({ upstream: { retry: { baseMs: 200, maxMs: 1000 }, requestTimeoutMs: 2000 } }));
    communeHub = await startHub({ dataDir, env: { UPSTREAM_URL: `http://127.0.0.1:${port}`, UPSTREAM_SECRET: secret, COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' } });
    const cookie = await adminCookie(communeHub.url);
    const adminGet = async (p: string) => ((await (await fetch(communeHub!.url + p, { headers: { cookie } })).json()) as { data: any }).data;
    // the receiver is not there yet: the hub tries, fails, and keeps the day pending
    const tried = await waitFor(async () => {
      const rows = await adminGet('/api/admin/upstream/summaries');
      const r = rows.find((x: { date: string }) => x.date === yesterday);
      return r && r.attempts >= 1 ? r : null;
    }, 'a first attempt');
    expect(tried).toMatchObject({ status: 'pending', revision: 1, lastError: 'network-error', lastStatus: null });

    receiver = startReceiver(recvDir, port);
    await receiver.ready();
    const province = await provinceApi(receiver.url);
    const stored = await waitFor(async () => {
      const r = await province.json(`/api/province/communes/26734/days/${yesterday}`);
      return r.ok && r.data.length ? r.data : null;
    }, 'the summary at the receiver', 30_000);
    expect(stored.map((x: { revision: number }) => x.revision)).toEqual([1]);
    const body = JSON.parse(stored[0].body);
    expect(validateSummary(body), JSON.stringify(validateSummary.errors)).toBe(true);
    expect(body).toMatchObject({ date: yesterday, commune: { code: '26734', name: 'Xã Ví Dụ' }, ratings: { total: 1, byScore: { '4': 1 } } });
    const shown = await waitFor(async () => {
      const rows = await adminGet('/api/admin/upstream/summaries');
      return rows.find((x: { date: string; status: string }) => x.date === yesterday && x.status === 'sent');
    }, 'the admin API to show it sent');
    expect(shown).toMatchObject({ answer: 'stored', lastError: null });
    expect((await adminGet('/api/admin/upstream')).link).toMatchObject({ ok: true, source: 'send' });
  }, 120_000);
});
