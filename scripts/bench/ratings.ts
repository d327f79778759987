/**
 * Rating ingest benchmark: `npm run bench:ratings` (docs/performance.md).
 *
 *   A. a bare socket.io server (own process, acks at once, stores nothing): press-to-ack latency, acks/s
 *   B. bare better-sqlite3 inserts at the hub's durability (WAL, synchronous=FULL): per-commit and batched
 *   C. the real hub (`hub start`, own process): press-to-ack latency, sustained ingest with 50 presses in flight
 *      from 400 devices (each within the hub's per-device allowance, decision 0086), bytes written per rating, peak
 *      RSS, and a check that the rows in hub.sqlite equal the acks received
 *   D. a real counter agent (`counter-agent run --simulate`, own process) against that hub: peak RSS
 *
 * Prints a table, then one JSON object as the last line. Loopback only; bounded in count and time; every process
 * and temp directory it makes is removed at the end, on failure, on Ctrl-C and on a watchdog.
 *
 * Options (for investigating, not for the figures of record):
 *   --duration-s N          length of each 50-device run (default 10)
 *   --cpu-prof DIR          the hub writes a V8 CPU profile to DIR when it stops (scripts/bench/probe-preload.mjs)
 *   --mem-report DIR        the hub writes its heap figures at its highest RSS to DIR when it stops (same preload)
 *   --hub-node-options=STR  extra NODE_OPTIONS for the hub process only, e.g. --hub-node-options="--import ./probe.mjs";
 *                           V8 flags the bin's first line sets (semi-space, old-space) win over NODE_OPTIONS: to try
 *                           other values, edit that line
 *   --keep                  keep the hub's data directory and print where it is
 *   --io-trace S            trace the hub's writes (strace) for S seconds of the 50-device run and print which file
 *                           got how many bytes and syncs (slows the hub: its other figures are not the record)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import {
  HUB_BIN,
  ROOT,
  addCounter,
  pairAgent,
  startAgent,
  startHub,
  tmpDir,
  type RunningHub,
  type RunningProc,
} from '../../tests/helpers/procs.ts';
import { connectDevice, cpuMsOf, lanesOf, memOf, percentile, sampleMem, sequential, sustained, writeBytesOf, type DeviceSocket, type RunStats } from './client.ts';
import { runSqliteBaseline, type SqliteBaseline } from './sqlite-baseline.ts';
import { traceWrites, type WriteTrace } from './io-trace.ts';
import { loadConfig } from '../../hub/src/config/config.ts';
import { dbFile, openDb } from '../../hub/src/db/open.ts';
import { commandServices } from '../../hub/src/services.ts';

const { values: opts } = parseArgs({
  options: {
    'duration-s': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'mem-report': { type: 'string' },
    'hub-node-options': { type: 'string' },
    keep: { type: 'boolean' },
    'io-trace': { type: 'string' },
  },
  strict: true,
});
const DURATION_MS = Math.min(60, Math.max(1, Number(opts['duration-s'] ?? 10))) * 1000;
/** presses in flight at once: the "50 devices" of every figure */
const DEVICES = 50;
/**
 * Devices that share those 50 lanes, 8 per lane, each pressing every 8th time. The hub allows a device 300
 * submissions at once and 30 a second after (decision 0086): about 700 in the hub's ~15 s of load, so 400 devices
 * cover ~280,000 presses, beyond what the hub takes in. Without them the run measured refusals.
 */
const DEVICE_POOL = 400;
const SEQ_COUNT = 2000;
const SEQ_MAX_MS = 20_000;
const AGENT_MS = 10_000;
const WATCHDOG_MS = 5 * 60_000;

const loadAtStart = os.loadavg();
const TARGETS = { p50Ms: 1, p99Ms: 5, ingestRatio: 0.5, concP99VsBare: 2, hubRssMb: 120, hubIdleRssMb: 80, agentRssMb: 80 };

// ---------- bookkeeping: everything we start is stopped, everything we make is removed ----------

const stoppers: (() => Promise<void>)[] = [];
const dirs: string[] = [];
const openSockets = new Set<DeviceSocket>();

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function track<T extends { stop(): Promise<void> }>(p: T): T {
  stoppers.push(() => p.stop());
  return p;
}

function mkTmp(prefix: string): string {
  const d = tmpDir(prefix);
  dirs.push(d);
  return d;
}

/** Direct children of this process that are still alive (all of them were started by this script). */
function childPids(): number[] {
  const pids: number[] = [];
  try {
    for (const t of fs.readdirSync('/proc/self/task')) {
      const s = fs.readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim();
      if (s) pids.push(...s.split(/\s+/).map(Number));
    }
  } catch {
    /* not Linux: the tracked stoppers are all we have */
  }
  return pids;
}

let cleaned: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    for (const s of openSockets) s.close();
    openSockets.clear();
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => {});
    // a child started by a helper that then threw (e.g. a hub that never listened) is not tracked: end it by id
    for (const pid of childPids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    for (const d of dirs.splice(0)) {
      if (opts.keep && d.includes('bench-hub-')) {
        log(`kept the hub's data directory: ${d}`);
        continue;
      }
      fs.rmSync(d, { recursive: true, force: true });
    }
  })();
  return cleaned;
}

const watchdog = setTimeout(() => {
  log(`watchdog: still running after ${WATCHDOG_MS / 1000} s; giving up`);
  void cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------- helpers ----------

async function connectAll(url: string, tokens: string[]): Promise<DeviceSocket[]> {
  const out: DeviceSocket[] = [];
  for (const t of tokens) {
    const s = await connectDevice(url, t);
    openSockets.add(s);
    out.push(s);
  }
  return out;
}

function closeAll(sockets: DeviceSocket[]): void {
  for (const s of sockets) {
    s.close();
    openSockets.delete(s);
  }
}

/**
 * `n` pairing codes for a counter, made by the hub's own device service on its data directory before the hub starts
 * (what `hub pair-code` does, without starting a process per code). The devices still pair through POST /api/pair.
 */
function pairCodes(dataDir: string, counterId: string, n: number): string[] {
  const db = openDb(dbFile(dataDir));
  try {
    const devices = commandServices(loadConfig({ flags: { dataDir }, env: {} }), db).devices;
    return Array.from({ length: n }, () => devices.createPairingCode(counterId).code);
  } finally {
    db.close();
  }
}

function startBareServer(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench/bare-server.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode) return;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  stoppers.push(stop);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`bare server did not listen:\n${out}`)), 20_000);
    proc.stderr!.on('data', (d) => (out += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ url: `http://127.0.0.1:${m[1]}`, pid: proc.pid!, stop });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`bare server exited (${code}):\n${out}`));
    });
  });
}

const okAcks = (s: RunStats) => s.acked - s.duplicates;
const refusedCount = (s: RunStats) => Object.values(s.refused).reduce((a, b) => a + b, 0);
const r2 = (x: number) => Math.round(x * 100) / 100;
const r0 = (x: number) => Math.round(x);

// ---------- the phases ----------

interface Figures {
  baseline: {
    seqP50: number;
    seqP99: number;
    /**
     * the higher of the run before the hub's and the run right after it: the least disturbed estimate of what the
     * client and socket.io can do on this machine, so the ratio errs against the hub, not for it
     */
    acksPerS: number;
    acksPerSBefore: number;
    acksPerSAfter: number;
    concP50: number;
    concP99: number;
    serverRssMb: number;
    /** the server's CPU during its first 50-device run, in % of one core */
    serverCpuPct: number;
  };
  sqlite: SqliteBaseline;
  hub: {
    seqP50: number;
    seqP99: number;
    seqCount: number;
    ingestPerS: number;
    concP50: number;
    concP99: number;
    /** the hub's CPU time during the 50-device run, in % of one core */
    cpuPct: number;
    rssIdleMb: number;
    rssStartedMb: number;
    /** what the hub's bin ran: 'bundle' (hub/dist/cli.mjs, plain node) or 'sources' (tsx loader) */
    runtime: string;
    /** highest VmRSS sampled every 100 ms during the 50-device run */
    rssLoadMb: number;
    /** VmHWM: the process's lifetime peak, start-up included */
    rssPeakMb: number;
    acks: number;
    rows: number;
    /** refusals (ok: false) by reason, every phase of C: none expected; they are not in any rate */
    refused: Record<string, number>;
    /** ratings stored flagged (counter with min interval 0: none expected) */
    flagged: number;
    /** the hub's write_bytes (/proc/PID/io) during the 50-device run, divided by the ratings it stored meanwhile */
    bytesPerRating: number;
    /** the same during the presses one at a time: one rating per commit, as at a commune, whatever the load */
    bytesPerRatingAlone: number;
    ioTrace: WriteTrace | null;
    agentRows: number;
  };
  agent: { rssPeakMb: number };
}

interface Bare {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Baseline A, first part: latency one at a time, then the 50-device run. The server and its sockets stay up so the
 * 50-device run can be repeated right after the hub's (see `baselineAgain`): on a shared machine the load changes
 * from minute to minute, so the baseline brackets the hub's run and the ratio uses the higher of the two.
 */
async function baselineA(): Promise<{ bare: Bare; seq: RunStats; conc: RunStats; rssMb: number; cpuPct: number }> {
  log('A: bare socket.io server');
  const srv = await startBareServer();
  const sockets = await connectAll(srv.url, Array.from({ length: DEVICE_POOL }, (_, i) => `bench-baseline-token-${i}`));
  const lanes = lanesOf(sockets, DEVICES);
  await sequential(sockets, 300, 5000); // warm up both ends
  await sustained(lanes, 1000);
  const seq = await sequential(sockets, SEQ_COUNT, SEQ_MAX_MS);
  const mem = sampleMem(srv.pid);
  const cpu0 = cpuMsOf(srv.pid) ?? NaN;
  const conc = await sustained(lanes, DURATION_MS);
  const cpuPct = (((cpuMsOf(srv.pid) ?? NaN) - cpu0) / conc.elapsedMs) * 100;
  const m = mem.stop();
  // idle through the hub's phases, a socket can miss its pings on a loaded machine: the second run connects afresh
  closeAll(sockets);
  if (refusedCount(seq) + refusedCount(conc) > 0) throw new Error('the bare server refused a rating');
  return { bare: { url: srv.url, pid: srv.pid, stop: srv.stop }, seq, conc, rssMb: m.hwmMb, cpuPct };
}

async function baselineAgain(bare: Bare): Promise<RunStats> {
  log(`A again: bare socket.io server, ${DEVICES} devices for ${DURATION_MS / 1000} s`);
  const sockets = await connectAll(bare.url, Array.from({ length: DEVICE_POOL }, (_, i) => `bench-baseline-token-${i}`));
  const lanes = lanesOf(sockets, DEVICES);
  await sustained(lanes, 500);
  const conc = await sustained(lanes, DURATION_MS);
  closeAll(sockets);
  await bare.stop();
  if (refusedCount(conc) > 0) throw new Error('the bare server refused a rating');
  return conc;
}

function baselineB(): SqliteBaseline {
  log('B: bare better-sqlite3 inserts (WAL, synchronous=FULL)');
  const dir = mkTmp('bench-sqlite-');
  try {
    return runSqliteBaseline(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function hubPhases(bare: Bare): Promise<{ hub: Figures['hub']; agent: Figures['agent']; bareAgain: RunStats }> {
  log('C: the hub');
  const dataDir = mkTmp('bench-hub-');
  const agentDir = mkTmp('bench-agent-');
  const counterId = await addCounter(dataDir, 'Bench', { buttons: 4, minIntervalS: 0 });
  log(`pairing codes for ${DEVICE_POOL + 1} devices (the hub's own service, before it starts)`);
  const codes = pairCodes(dataDir, counterId, DEVICE_POOL + 1);

  const env: NodeJS.ProcessEnv = {};
  const nodeOptions = [process.env.NODE_OPTIONS ?? '', opts['hub-node-options'] ?? ''];
  for (const [flag, variable, what] of [
    ['cpu-prof', 'BENCH_CPU_PROF_DIR', 'a CPU profile'],
    ['mem-report', 'BENCH_MEM_REPORT_DIR', 'a memory report'],
  ] as const) {
    if (!opts[flag]) continue;
    const dir = path.resolve(opts[flag]);
    fs.mkdirSync(dir, { recursive: true });
    env[variable] = dir;
    log(`the hub will write ${what} to ${dir} when it stops`);
  }
  // node refuses --cpu-prof in NODE_OPTIONS; a preload watches the hub instead
  if (env.BENCH_CPU_PROF_DIR || env.BENCH_MEM_REPORT_DIR) nodeOptions.push(`--import ${pathToFileURL(path.join(ROOT, 'scripts/bench/probe-preload.mjs')).href}`);
  if (nodeOptions.join('').trim()) env.NODE_OPTIONS = nodeOptions.join(' ').trim();
  if (opts['hub-node-options']) log(`hub NODE_OPTIONS: ${env.NODE_OPTIONS}`);
  const runtime = execFileSync(HUB_BIN, ['--runtime'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
  const hub: RunningHub = track(await startHub({ dataDir, env }));
  const hubPid = hub.proc.pid!;
  // just started: 3 s after it listens (the first admin's password hash has been freed), before any device pairs;
  // idle: 20 s after, once V8's memory reducer (its first try 8 s after start, again 8 s later when it found the
  // process busy) has given back the young generation that loading the hub grew, as a hub waiting between citizens
  // has (docs/performance.md, issue 15's third pass)
  await new Promise((r) => setTimeout(r, 3000));
  const rssStartedMb = memOf(hubPid)?.rssMb ?? NaN;
  await new Promise((r) => setTimeout(r, 17_000));
  const rssIdleMb = memOf(hubPid)?.rssMb ?? NaN;

  const tokens: string[] = [];
  for (const code of codes.slice(0, DEVICE_POOL)) {
    const res = await fetch(`${hub.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, kind: 'agent', label: `bench ${tokens.length + 1}` }),
    });
    const body = (await res.json()) as { ok: boolean; data?: { token: string }; reason?: string };
    if (!body.ok || !body.data) throw new Error(`pairing refused: ${body.reason ?? res.status}`);
    tokens.push(body.data.token);
  }
  const agentConfig = path.join(agentDir, 'agent.json');
  await pairAgent(hub.url, codes[DEVICE_POOL]!, agentConfig);

  const sockets = await connectAll(hub.url, tokens);
  const lanes = lanesOf(sockets, DEVICES);
  const all: RunStats[] = [];
  all.push(await sequential(sockets, 200, 5000)); // warm-up, counted in the row check
  all.push(await sustained(lanes, 1000));
  log(`sequential presses (${SEQ_COUNT}, at most ${SEQ_MAX_MS / 1000} s)`);
  const seqWritten0 = writeBytesOf(hubPid) ?? NaN;
  const seq = await sequential(sockets, SEQ_COUNT, SEQ_MAX_MS);
  const seqWritten = (writeBytesOf(hubPid) ?? NaN) - seqWritten0;
  all.push(seq);
  log(`${DEVICES} presses in flight from ${DEVICE_POOL} devices for ${DURATION_MS / 1000} s`);
  const mem = sampleMem(hubPid);
  const cpu0 = cpuMsOf(hubPid) ?? NaN;
  const written0 = writeBytesOf(hubPid) ?? NaN;
  const trace = opts['io-trace'] ? traceWrites(hubPid, Number(opts['io-trace']) * 1000) : null;
  const conc = await sustained(lanes, DURATION_MS);
  const written = (writeBytesOf(hubPid) ?? NaN) - written0;
  const cpuPct = (((cpuMsOf(hubPid) ?? NaN) - cpu0) / conc.elapsedMs) * 100;
  all.push(conc);
  const m = mem.stop();
  const ioTrace = trace ? await trace.done : null;
  closeAll(sockets);
  const bareAgain = await baselineAgain(bare);

  log(`D: a counter agent with a simulated box for ${AGENT_MS / 1000} s`);
  const agent: RunningProc = track(startAgent(['--config', agentConfig, '--simulate'], { SIM_MEAN_INTERVAL_MS: '200', LOG_LEVEL: 'info' }));
  const agentMem = sampleMem(agent.proc.pid!);
  await new Promise((r) => setTimeout(r, AGENT_MS));
  const am = agentMem.stop();
  await agent.stop();

  // the hub is still running: what it acknowledged must already be in the file
  const db = new Database(path.join(dataDir, 'hub.sqlite'), { readonly: true, fileMustExist: true });
  let rows: number;
  let agentRows: number;
  try {
    const agentId = (JSON.parse(fs.readFileSync(agentConfig, 'utf8')) as { deviceId: string }).deviceId;
    rows = (db.prepare('SELECT COUNT(*) AS n FROM ratings WHERE device_id <> ?').get(agentId) as { n: number }).n;
    agentRows = (db.prepare('SELECT COUNT(*) AS n FROM ratings WHERE device_id = ?').get(agentId) as { n: number }).n;
  } finally {
    db.close();
  }
  const refused: Record<string, number> = {};
  for (const s of all) for (const [k, v] of Object.entries(s.refused)) refused[k] = (refused[k] ?? 0) + v;
  const flagged = all.reduce((a, s) => a + s.flagged, 0);

  return {
    hub: {
      seqP50: percentile(seq.latencies, 0.5),
      seqP99: percentile(seq.latencies, 0.99),
      seqCount: seq.latencies.length,
      ingestPerS: (conc.acked / conc.elapsedMs) * 1000,
      concP50: percentile(conc.latencies, 0.5),
      concP99: percentile(conc.latencies, 0.99),
      cpuPct,
      rssIdleMb,
      rssStartedMb,
      runtime,
      rssLoadMb: m.peakRssMb,
      rssPeakMb: m.hwmMb,
      acks: all.reduce((a, s) => a + okAcks(s), 0),
      rows,
      refused,
      flagged,
      bytesPerRating: written / okAcks(conc),
      bytesPerRatingAlone: seqWritten / okAcks(seq),
      ioTrace,
      agentRows,
    },
    agent: { rssPeakMb: am.hwmMb },
    bareAgain,
  };
}

// ---------- report ----------

function report(f: Figures): void {
  const ratio = f.hub.ingestPerS / f.baseline.acksPerS;
  const spread = Math.abs(f.baseline.acksPerSBefore - f.baseline.acksPerSAfter) / f.baseline.acksPerS;
  const quiet = loadAtStart[0]! < 1 && os.loadavg()[0]! < 2.5 && spread <= 0.2;
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const concOk = f.hub.concP99 <= TARGETS.concP99VsBare * f.baseline.concP99;
  const refusedTotal = Object.values(f.hub.refused).reduce((a, b) => a + b, 0);
  const lines: [string, string, string, string][] = [
    ['A  bare socket.io: press-to-ack p50 (1 device)', `${r2(f.baseline.seqP50)} ms`, '', ''],
    ['A  bare socket.io: press-to-ack p99 (1 device)', `${r2(f.baseline.seqP99)} ms`, '', ''],
    [`A  bare socket.io: acks/s (${DEVICES} devices), before / after C`, `${r0(f.baseline.acksPerSBefore)} / ${r0(f.baseline.acksPerSAfter)} /s`, '', ''],
    [`A  bare socket.io: acks/s (${DEVICES} devices), the higher`, `${r0(f.baseline.acksPerS)} /s`, '', ''],
    [`A  bare socket.io: ack p50 / p99 (${DEVICES} devices)`, `${r2(f.baseline.concP50)} / ${r2(f.baseline.concP99)} ms`, '', ''],
    [`A  bare socket.io server CPU (${DEVICES} devices, % of a core)`, `${r0(f.baseline.serverCpuPct)} %`, '', ''],
    ['A  bare socket.io server peak RSS (tsx loader)', `${r0(f.baseline.serverRssMb)} MB`, '', ''],
    ['B  sqlite: 1 insert per txn (WAL, sync=FULL)', `${r0(f.sqlite.singleInsertsPerS)} /s`, '', ''],
    ['B  sqlite: time per 1-insert commit', `${r2(f.sqlite.commitMs)} ms`, '', ''],
    ['B  sqlite: same, synchronous=OFF', `${r0(f.sqlite.unsyncedInsertsPerS)} /s`, '', ''],
    ['B  sqlite: sync cost per commit (FULL - OFF)', `${r2(f.sqlite.commitSyncMs)} ms`, '', ''],
    ...f.sqlite.batched.map((b): [string, string, string, string] => [`B  sqlite: batches of ${b.batch} per txn`, `${r0(b.insertsPerS)} /s`, '', '']),
    ['B  raw 4 KiB write + fdatasync', `${r2(f.sqlite.fdatasyncMs)} ms`, '', ''],
    [`C  hub: press-to-ack p50 (1 device, ${f.hub.seqCount} presses)`, `${r2(f.hub.seqP50)} ms`, `<= ${TARGETS.p50Ms} ms`, pass(f.hub.seqP50 <= TARGETS.p50Ms)],
    [`C  hub: press-to-ack p99 (1 device, ${f.hub.seqCount} presses)`, `${r2(f.hub.seqP99)} ms`, `<= ${TARGETS.p99Ms} ms`, pass(f.hub.seqP99 <= TARGETS.p99Ms)],
    [`C  hub: ingest (${DEVICES} devices, ${DURATION_MS / 1000} s)`, `${r0(f.hub.ingestPerS)} /s`, '', ''],
    ['C  hub: ingest / baseline acks', `${r2(ratio)}`, `>= ${TARGETS.ingestRatio}`, pass(ratio >= TARGETS.ingestRatio)],
    [`C  hub: ack p50 / p99 (${DEVICES} devices)`, `${r2(f.hub.concP50)} / ${r2(f.hub.concP99)} ms`, '', ''],
    [`C  hub / bare: ack p99 (${DEVICES} devices)`, `${r2(f.hub.concP99)} / ${r2(f.baseline.concP99)} ms`, `<= ${TARGETS.concP99VsBare} x bare`, pass(concOk)],
    [`C  hub: bytes written per rating (${DEVICES} devices, /proc io)`, `${r0(f.hub.bytesPerRating)} B`, '', ''],
    ['C  hub: bytes written per rating (one at a time, 1 per commit)', `${r0(f.hub.bytesPerRatingAlone)} B`, '', ''],
    ['C  hub: refused / flagged (all of C)', `${refusedTotal} / ${f.hub.flagged}`, '0 / 0', pass(refusedTotal === 0 && f.hub.flagged === 0)],
    [`C  hub: CPU (${DEVICES} devices, % of a core)`, `${r0(f.hub.cpuPct)} %`, '', ''],
    [`C  hub: RSS just started, 3 s after it listens (${f.hub.runtime})`, `${r0(f.hub.rssStartedMb)} MB`, '', ''],
    [`C  hub: RSS idle, 20 s after it listens (${f.hub.runtime})`, `${r0(f.hub.rssIdleMb)} MB`, `<= ${TARGETS.hubIdleRssMb} MB`, pass(f.hub.rssIdleMb <= TARGETS.hubIdleRssMb)],
    [`C  hub: highest RSS sampled in the ${DEVICES}-device run`, `${r0(f.hub.rssLoadMb)} MB`, '', ''],
    [`C  hub: peak RSS, VmHWM (${f.hub.runtime})`, `${r0(f.hub.rssPeakMb)} MB`, `<= ${TARGETS.hubRssMb} MB`, pass(f.hub.rssPeakMb <= TARGETS.hubRssMb)],
    ['C  hub: rows in hub.sqlite / acks received', `${f.hub.rows} / ${f.hub.acks}`, 'equal', pass(f.hub.rows === f.hub.acks)],
    [`D  agent: peak RSS, VmHWM (${AGENT_MS / 1000} s, press ~200 ms)`, `${r0(f.agent.rssPeakMb)} MB`, `<= ${TARGETS.agentRssMb} MB`, pass(f.agent.rssPeakMb <= TARGETS.agentRssMb)],
    ['D  agent: presses stored by the hub', `${f.hub.agentRows}`, '', ''],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...lines.map((l) => l[i]!.length), ['measure', 'value', 'target'][i]!.length));
  const fmt = (l: string[]) => `${l[0]!.padEnd(w[0]!)}  ${l[1]!.padStart(w[1]!)}  ${l[2]!.padEnd(w[2]!)}  ${l[3]}`.trimEnd();
  const out = [
    '',
    `Rating ingest benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
    `load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}, at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (anything else running skews every figure)`,
    '',
    fmt(['measure', 'value', 'target', 'result']),
    fmt(['-'.repeat(w[0]!), '-'.repeat(w[1]!), '-'.repeat(w[2]!), '------']),
    ...lines.map(fmt),
  ];
  if (Object.keys(f.hub.refused).length) out.push('', `hub refusals (not in any rate): ${JSON.stringify(f.hub.refused)}`);
  if (f.hub.ioTrace) out.push('', `hub writes traced for ${f.hub.ioTrace.seconds} s (strace; slowed the hub):`, ...f.hub.ioTrace.lines);
  if (!quiet) {
    out.push(
      '',
      'WARNING: the machine was not quiet (load average at start >= 1 or at end >= 2.5, or the two baseline runs differ',
      'by more than 20 %). The ratio compares runs made at different moments: do not trust it; run again when idle.',
    );
  }
  out.push('');
  process.stdout.write(out.join('\n') + '\n');

  const json = {
    baseline_acks_per_s: r0(f.baseline.acksPerS),
    baseline_acks_per_s_before: r0(f.baseline.acksPerSBefore),
    baseline_acks_per_s_after: r0(f.baseline.acksPerSAfter),
    baseline_p50_ms: r2(f.baseline.seqP50),
    baseline_p99_ms: r2(f.baseline.seqP99),
    baseline_conc_p99_ms: r2(f.baseline.concP99),
    sqlite_single_inserts_per_s: r0(f.sqlite.singleInsertsPerS),
    sqlite_commit_ms: r2(f.sqlite.commitMs),
    sqlite_commit_sync_ms: r2(f.sqlite.commitSyncMs),
    sqlite_unsynced_inserts_per_s: r0(f.sqlite.unsyncedInsertsPerS),
    ...Object.fromEntries(f.sqlite.batched.map((b) => [`sqlite_batch${b.batch}_inserts_per_s`, r0(b.insertsPerS)])),
    fdatasync_ms: r2(f.sqlite.fdatasyncMs),
    hub_ingest_per_s: r0(f.hub.ingestPerS),
    ingest_ratio: r2(ratio),
    p50_ms: r2(f.hub.seqP50),
    p99_ms: r2(f.hub.seqP99),
    hub_conc_p50_ms: r2(f.hub.concP50),
    hub_conc_p99_ms: r2(f.hub.concP99),
    bytes_written_per_rating: r0(f.hub.bytesPerRating),
    bytes_written_per_rating_alone: r0(f.hub.bytesPerRatingAlone),
    hub_refused: f.hub.refused,
    hub_flagged: f.hub.flagged,
    devices: DEVICE_POOL,
    in_flight: DEVICES,
    hub_cpu_pct: r0(f.hub.cpuPct),
    baseline_server_cpu_pct: r0(f.baseline.serverCpuPct),
    hub_runtime: f.hub.runtime,
    hub_rss_idle_mb: r0(f.hub.rssIdleMb),
    hub_rss_started_mb: r0(f.hub.rssStartedMb),
    hub_rss_load_mb: r0(f.hub.rssLoadMb),
    hub_rss_mb: r0(f.hub.rssPeakMb),
    agent_rss_mb: r0(f.agent.rssPeakMb),
    hub_rows: f.hub.rows,
    hub_acks: f.hub.acks,
    rows_match: f.hub.rows === f.hub.acks,
    ...(f.hub.ioTrace ? { io_trace: f.hub.ioTrace.byFile } : {}),
    agent_rows: f.hub.agentRows,
    load_avg_start: r2(loadAtStart[0]!),
    load_avg_end: r2(os.loadavg()[0]!),
    quiet,
    pass: {
      p50: f.hub.seqP50 <= TARGETS.p50Ms,
      p99: f.hub.seqP99 <= TARGETS.p99Ms,
      ingest: ratio >= TARGETS.ingestRatio,
      conc_p99: concOk,
      no_refusals: refusedTotal === 0,
      hub_rss: f.hub.rssPeakMb <= TARGETS.hubRssMb,
      hub_rss_idle: f.hub.rssIdleMb <= TARGETS.hubIdleRssMb,
      agent_rss: f.agent.rssPeakMb <= TARGETS.agentRssMb,
    },
  };
  process.stdout.write(JSON.stringify(json) + '\n');
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const a = await baselineA();
  const sqlite = baselineB();
  const { hub, agent, bareAgain } = await hubPhases(a.bare);
  await cleanup();
  log(`done in ${Math.round((Date.now() - t0) / 1000)} s`);
  const before = (a.conc.acked / a.conc.elapsedMs) * 1000;
  const after = (bareAgain.acked / bareAgain.elapsedMs) * 1000;
  const concLat = [...a.conc.latencies, ...bareAgain.latencies];
  const baseline: Figures['baseline'] = {
    seqP50: percentile(a.seq.latencies, 0.5),
    seqP99: percentile(a.seq.latencies, 0.99),
    acksPerS: Math.max(before, after),
    acksPerSBefore: before,
    acksPerSAfter: after,
    concP50: percentile(concLat, 0.5),
    concP99: percentile(concLat, 0.99),
    serverRssMb: a.rssMb,
    serverCpuPct: a.cpuPct,
  };
  report({ baseline, sqlite, hub, agent });
  return hub.rows === hub.acks ? 0 : 1;
}

main()
  .then(
    (code) => code,
    async (err) => {
      if (!interrupted) log(`failed: ${(err as Error).stack ?? err}`);
      return 1;
    },
  )
  .then(async (code) => {
    await cleanup();
    clearTimeout(watchdog);
    process.exitCode = code;
  });
