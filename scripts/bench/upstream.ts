/**
 * Upstream receiver benchmark: `npm run bench:upstream` (docs/scaling.md).
 *
 *   A. baseline: a bare node:http server (own process) answering 200 to the same requests: the HTTP ceiling here
 *   B. baseline: bare better-sqlite3 commits at the receiver's durability (WAL, synchronous=FULL), one per summary
 *   C. a year of history for N communes (default 3,321, Vietnam's count) generated straight into upstream.sqlite
 *      (every revision's raw body and the current figures), then the real receiver (`hub start --role upstream`,
 *      own process): a national day, each commune sending one signed summary over HTTP from concurrent clients,
 *      checked against the rows stored; then one quarter's province report over HTTP, and its XLSX export
 *
 * Prints figures, then one JSON object as the last line. Loopback only; the data directory is removed at the end.
 *
 * Options: --communes N (default 3321), --days N of history (default 365), --concurrency N (default 32), --keep (keep
 * the data directory), --reuse DIR (a data directory kept earlier: its history is reused and its national day deleted
 * first; for investigating, not for the figures of record)
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { dayBounds, localDay, systemClock, type DailySummary } from '@onestop/shared';
import { openDb } from '../../hub/src/db/open.ts';
import { RECEIVER_MIGRATIONS } from '../../hub/src/receiver/migrations.ts';
import { receiverBox, receiverDbFile } from '../../hub/src/receiver/secrets.ts';
import { ReceiverStore } from '../../hub/src/receiver/store.ts';
import { CommuneService } from '../../hub/src/receiver/communes.ts';
import { figuresOf } from '../../hub/src/receiver/ingest.ts';
import { createHash } from 'node:crypto';
import { ROOT, tmpDir } from '../../tests/helpers/procs.ts';
import { RECEIVER_ADMIN_PASSWORD, startReceiver } from '../../tests/upstream/receiver-procs.ts';
import { loadFields } from './quiet.ts';

const { values: opts } = parseArgs({
  options: { communes: { type: 'string' }, days: { type: 'string' }, concurrency: { type: 'string' }, keep: { type: 'boolean' }, reuse: { type: 'string' } },
  strict: true,
});
const N = Math.max(1, Number(opts.communes ?? 3321));
const HISTORY_DAYS = Math.max(1, Number(opts.days ?? 365));
const CONCURRENCY = Math.max(1, Number(opts.concurrency ?? 32));
const TARGETS = { summariesPerS: 500, quarterReportMs: 2000 };
const NATIONAL_DAY = '2026-11-23';
const QUARTER = { from: '2026-07-01', to: '2026-09-30' };

const log = (s = '') => process.stdout.write(s + '\n');
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

/** A commune's summary for a day: figures vary by commune and day, a few counters and reasons, as a hub sends. */
function body(code: string, name: string, day: string, seed: number): string {
  return JSON.stringify(summaryOf(code, name, day, seed));
}

function summaryOf(code: string, name: string, day: string, seed: number): DailySummary {
  const r = (k: number) => (seed * 2654435761 + k * 40503) % 97;
  const s: [number, number, number, number, number] = [r(1) % 20, r(2) % 6, r(3) % 4, r(4) % 3, r(5) % 3];
  const total = s.reduce((a, b) => a + b, 0);
  const counters = ['Quầy 1 – Tư pháp', 'Quầy 2 – Địa chính', 'Quầy 3 – Lao động'];
  return {
    schema: 'one-stop-daily-summary/1',
    commune: { code, name },
    date: day,
    revision: 1,
    generatedAt: `${day}T23:55:03+07:00`,
    ratings: {
      total,
      byScore: { '5': s[0], '4': s[1], '3': s[2], '2': s[3], '1': s[4] },
      flagged: r(6) % 2,
      byCounter: counters.map((c, i) => ({ counter: c, total: i === 0 ? total : 0, byScore: i === 0 ? { '5': s[0], '4': s[1], '3': s[2], '2': s[3], '1': s[4] } : { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 } })),
      reasons: { 'waiting-time': r(7) % 3, attitude: r(8) % 2 },
    },
    files: { received: r(9) % 30, ready: r(10) % 25, returned: r(11) % 22, late: r(12) % 3, apologies: r(13) % 3, openAtEndOfDay: 20 + (r(14) % 40) },
    sms: { sent: r(15) % 25, delivered: r(15) % 25, failed: 0 },
    devices: { configured: 3, seenToday: 2 + (r(16) % 2) },
  };
}

/** B: one INSERT per synced commit, the receiver's durability, rows shaped like its summaries. */
function sqliteBaseline(dir: string): { commitsPerS: number } {
  const file = path.join(dir, 'baseline.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE s (code TEXT, day TEXT, revision INTEGER, body BLOB, PRIMARY KEY (code, day, revision)) WITHOUT ROWID');
  const ins = db.prepare('INSERT INTO s VALUES (?, ?, ?, ?)');
  const raw = Buffer.from(body('10000', 'Xã', NATIONAL_DAY, 1));
  const count = 2000;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) ins.run(String(10000 + i), NATIONAL_DAY, 1, raw);
  const ms = performance.now() - t0;
  db.close();
  return { commitsPerS: Math.round((count / ms) * 1000) };
}

/** C (set-up): the communes and a year of their summaries, written straight into the receiver's database. */
function generateHistory(dataDir: string): { communes: { code: string; name: string; secret: string }[]; rows: number; ms: number; dbMb: number } {
  const t0 = performance.now();
  const db = openDb(receiverDbFile(dataDir), RECEIVER_MIGRATIONS);
  db.pragma('synchronous = OFF'); // set-up only; the receiver itself runs with FULL
  const store = new ReceiverStore(db);
  const communes = new CommuneService(store, receiverBox(dataDir), systemClock);
  const list: { code: string; name: string; secret: string }[] = [];
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const code = String(10000 + i);
      const name = `Xã Thử Nghiệm ${i + 1}`;
      list.push({ code, name, secret: communes.add({ code, name }).secret });
    }
  })();
  const first = dayBounds(NATIONAL_DAY).start - HISTORY_DAYS * 86_400_000;
  let rows = 0;
  for (let d = 0; d < HISTORY_DAYS; d++) {
    const day = localDay(first + d * 86_400_000);
    db.transaction(() => {
      for (let i = 0; i < list.length; i++) {
        const c = list[i]!;
        const sum = summaryOf(c.code, c.name, day, i * 1000 + d);
        const raw = Buffer.from(JSON.stringify(sum));
        const at = dayBounds(day).end + 60_000;
        store.insertSummary(c.code, day, 1, raw, createHash('sha256').update(raw).digest('hex'), at);
        store.upsertFigures(figuresOf(sum, at));
        rows++;
      }
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  // flush the file to disk now, so the measured run does not pay for the set-up's writes
  const fd = fs.openSync(receiverDbFile(dataDir), 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const dbMb = fs.statSync(receiverDbFile(dataDir)).size / 1e6;
  return { communes: list, rows, ms: performance.now() - t0, dbMb };
}

/** --reuse: the communes of a kept run, its national day removed so it can be sent again. */
function reuseHistory(dataDir: string): ReturnType<typeof generateHistory> {
  const db = openDb(receiverDbFile(dataDir), RECEIVER_MIGRATIONS);
  const store = new ReceiverStore(db);
  const communes = new CommuneService(store, receiverBox(dataDir), systemClock);
  db.prepare('DELETE FROM summaries WHERE day = ?').run(NATIONAL_DAY);
  db.prepare('DELETE FROM day_figures WHERE day = ?').run(NATIONAL_DAY);
  const list = communes.list().map((c) => ({ code: c.code, name: c.name, secret: communes.credentials(c.code)!.secret }));
  const rows = store.countSummaries();
  db.close();
  return { communes: list, rows, ms: 0, dbMb: fs.statSync(receiverDbFile(dataDir)).size / 1e6 };
}

interface Sent {
  status: number;
  ms: number;
}

/** N signed POSTs from `concurrency` keep-alive clients; each summary signed at send time. */
async function nationalDay(url: string, communes: { code: string; name: string; secret: string }[], concurrency: number, bodies: Buffer[]): Promise<{ wallMs: number; results: Sent[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const u = new URL(url);
  const results: Sent[] = [];
  let next = 0;
  const one = (i: number) =>
    new Promise<Sent>((resolve) => {
      const c = communes[i]!;
      const raw = bodies[i]!;
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = 'sha256=' + createHmac('sha256', c.secret).update(`${ts}.`).update(raw).digest('hex');
      const t0 = performance.now();
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: '/api/v1/summaries',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': raw.length, 'x-commune-code': c.code, 'x-timestamp': ts, 'x-signature': sig, 'idempotency-key': `${c.code}/${NATIONAL_DAY}/1` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
        },
      );
      req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
      req.end(raw);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= communes.length) return;
        results.push(await one(i));
      }
    }),
  );
  const wallMs = performance.now() - t0;
  agent.destroy();
  return { wallMs, results };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function main() {
  const dir = opts.reuse ? path.resolve(opts.reuse) : tmpDir('bench-upstream-');
  const keep = opts.keep || !!opts.reuse;
  const dataDir = path.join(dir, 'receiver');
  const cleanups: (() => Promise<void> | void)[] = [];
  const watchdog = setTimeout(() => {
    log('bench:upstream: watchdog fired after 15 minutes');
    process.exit(1);
  }, 15 * 60_000);
  watchdog.unref();
  try {
    log(`bench:upstream on ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${N} communes, ${HISTORY_DAYS} days of history, ${CONCURRENCY} concurrent clients`);

    // A. bare HTTP
    const bare = spawn(process.execPath, [path.join(ROOT, 'scripts/bench/upstream-bare-http.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void bare.kill('SIGTERM'));
    const barePort = await new Promise<number>((resolve) => bare.stdout.once('data', (d) => resolve(Number(String(d).trim()))));

    log(opts.reuse ? `reusing ${dataDir}` : 'generating the year of history…');
    const hist = opts.reuse ? reuseHistory(dataDir) : generateHistory(dataDir);
    log(`  ${hist.rows.toLocaleString('en')} summaries (${hist.communes.length} communes × ${HISTORY_DAYS} days) in ${(hist.ms / 1000).toFixed(1)} s; upstream.sqlite ${hist.dbMb.toFixed(0)} MB`);
    const bodies = hist.communes.map((c, i) => Buffer.from(body(c.code, c.name, NATIONAL_DAY, i * 7 + 3)));

    const bareRun = await nationalDay(`http://127.0.0.1:${barePort}`, hist.communes, CONCURRENCY, bodies);
    const bareRate = (bareRun.results.length / bareRun.wallMs) * 1000;
    bare.kill('SIGTERM');

    // B. bare SQLite commits
    const sq = sqliteBaseline(dir);

    // C. the receiver
    const rx = await startReceiver({ dataDir, env: { LOG_LEVEL: 'warn' } });
    cleanups.push(() => rx.stop());
    const run = await nationalDay(rx.url, hist.communes, CONCURRENCY, bodies);
    const ok = run.results.filter((r) => r.status === 200).length;
    const statuses = run.results.reduce<Record<number, number>>((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {});
    const rate = (run.results.length / run.wallMs) * 1000;
    const lat = run.results.map((r) => r.ms);

    const check = new Database(receiverDbFile(dataDir), { readonly: true });
    const stored = (check.prepare('SELECT COUNT(*) AS n FROM summaries WHERE day = ?').get(NATIONAL_DAY) as { n: number }).n;
    check.close();

    const login = await fetch(`${rx.url}/api/province/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: RECEIVER_ADMIN_PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const reportTimes: number[] = [];
    let reportBytes = 0;
    for (let i = 0; i < 3; i++) {
      const r = await timed(async () => {
        const res = await fetch(`${rx.url}/api/province/report?from=${QUARTER.from}&to=${QUARTER.to}`, { headers: { cookie } });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`report: ${res.status} ${text.slice(0, 200)}`);
        return text.length;
      });
      reportTimes.push(r.ms);
      reportBytes = r.value;
    }
    const xlsx = await timed(async () => {
      const res = await fetch(`${rx.url}/api/province/export.xlsx?from=${QUARTER.from}&to=${QUARTER.to}`, { headers: { cookie } });
      return (await res.arrayBuffer()).byteLength;
    });
    const rss = (() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${rx.proc.pid}/status`, 'utf8'));
        return m ? Math.round(Number(m[1]) / 1024) : null;
      } catch {
        return null;
      }
    })();
    await rx.stop();

    const quarterMs = percentile(reportTimes, 50);
    log('');
    log('A. bare node:http answering 200 (same requests, same clients)');
    log(`   ${bareRate.toFixed(0)} requests/s`);
    log('B. bare SQLite, one synced commit per summary (WAL, synchronous=FULL)');
    log(`   ${sq.commitsPerS} commits/s`);
    log(`C. the receiver: a national day of ${N} summaries over HTTP, ${CONCURRENCY} concurrent clients`);
    log(`   ${rate.toFixed(0)} summaries/s (${(run.wallMs / 1000).toFixed(2)} s), latency p50 ${percentile(lat, 50).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms; statuses ${JSON.stringify(statuses)}; stored ${stored}`);
    log(`   target ≥ ${TARGETS.summariesPerS}/s: ${rate >= TARGETS.summariesPerS ? 'met' : 'NOT met'}; ${(rate / bareRate * 100).toFixed(0)} % of bare HTTP`);
    log(`   quarter report (${QUARTER.from}..${QUARTER.to}, ${N} communes): ${reportTimes.map((x) => x.toFixed(0)).join(' / ')} ms (${(reportBytes / 1e6).toFixed(1)} MB JSON); target ≤ ${TARGETS.quarterReportMs} ms: ${quarterMs <= TARGETS.quarterReportMs ? 'met' : 'NOT met'}`);
    log(`   quarter XLSX export: ${xlsx.ms.toFixed(0)} ms, ${(xlsx.value / 1e6).toFixed(1)} MB; receiver peak RSS ${rss ?? '?'} MB`);
    if (stored !== N || ok !== N) throw new Error(`expected ${N} stored summaries, got ${stored} stored and ${ok} answered 200`);
    // the one JSON object, the last line on stdout
    console.log(
      JSON.stringify({
        communes: N,
        history_days: HISTORY_DAYS,
        history_rows: hist.rows,
        db_mb: Math.round(hist.dbMb),
        concurrency: CONCURRENCY,
        summaries_per_s: Math.round(rate),
        national_day_s: Math.round(run.wallMs) / 1000,
        latency_p50_ms: Math.round(percentile(lat, 50) * 10) / 10,
        latency_p99_ms: Math.round(percentile(lat, 99) * 10) / 10,
        quarter_report_ms: Math.round(quarterMs),
        quarter_report_first_ms: Math.round(reportTimes[0]!),
        quarter_xlsx_ms: Math.round(xlsx.ms),
        receiver_peak_rss_mb: rss,
        baseline_bare_http_per_s: Math.round(bareRate),
        baseline_sqlite_commits_per_s: sq.commitsPerS,
        targets_met: rate >= TARGETS.summariesPerS && quarterMs <= TARGETS.quarterReportMs,
        ...loadFields(),
      }),
    );
  } finally {
    for (const c of cleanups.reverse()) await c();
    if (keep) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench:upstream failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
