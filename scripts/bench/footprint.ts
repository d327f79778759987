/**
 * A whole commune on one machine: `npm run bench:footprint` (docs/performance.md, "Footprint").
 *
 * The hub (as shipped: its bin, the bundle when current), four counter agents each on a socat pty with a scripted
 * button box at the other end, and the kiosk and display pages open in Debian's Chromium (playwright-core), for 60 s
 * of office-hour traffic: each box pressed every few seconds, the kiosk tapped now and then, the display following.
 * Prints each process's peak RSS (VmHWM; for Chromium the highest sampled sum of its processes), their sum, and the
 * highest sampled sum of PSS (shared pages counted once: what the machine really gives them), to tell whether a
 * 2 GB Raspberry Pi 4 is enough. Also the hub's time from spawn to /healthz answering, cold and warm.
 *
 * "Cold" here: the first start on an empty data directory (the database made, migrations run, the first admin's
 * password hashed), after asking the kernel to drop the cached pages of the hub's bundle and better-sqlite3's
 * addon (`dd iflag=nocache`, which needs no root). The node binary and the rest of node_modules stay in the page
 * cache (other processes map them, and dropping the whole cache needs root), so a board's first start after power-on
 * also reads those from its SD card. "Warm": the next start on the same data directory, right after a clean stop.
 *
 * Prints a table, then one JSON object as the last line (with `quiet`). Loopback only; everything it starts is
 * stopped and every temp directory removed, on failure and on Ctrl-C too.
 *
 * Options: --duration-s N (default 60), --agents N (default 4).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { ADMIN_PASSWORD, HUB_BIN, ROOT, addCounter, pairAgent, pairCode, startAgent, tmpDir, waitFor, type RunningProc } from '../../tests/helpers/procs.ts';
import { PtyPair } from '../../tests/helpers/serial.ts';
import { ScriptedBox } from '../../tests/helpers/script-box.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tests/kit/browser.ts';

const { values: opts } = parseArgs({ options: { 'duration-s': { type: 'string' }, agents: { type: 'string' } }, strict: true });
const DURATION_MS = Math.min(600, Math.max(5, Number(opts['duration-s'] ?? 60))) * 1000;
const AGENTS = Math.min(8, Math.max(1, Number(opts.agents ?? 4)));
/** office hours at a busy counter, compressed: a press every 2-6 s per box, a kiosk tap every 5-15 s */
const PRESS_EVERY_MS: [number, number] = [2000, 6000];
const TAP_EVERY_MS: [number, number] = [5000, 15000];
const PI_MB = 2048;
const loadAtStart = os.loadavg();
const log = (m: string) => process.stderr.write(`[footprint] ${m}\n`);

const undo: (() => Promise<unknown>)[] = [];
const dirs: string[] = [];
const mkTmp = (p: string) => {
  const d = tmpDir(p);
  dirs.push(d);
  return d;
};
let cleaned: Promise<void> | null = null;
const cleanup = () =>
  (cleaned ??= (async () => {
    for (const u of undo.splice(0).reverse()) await u().catch(() => {});
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  })());
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanup().finally(() => process.exit(130)));
const watchdog = setTimeout(() => {
  log('watchdog: giving up');
  void cleanup().finally(() => process.exit(1));
}, DURATION_MS + 5 * 60_000);

// ---------- /proc ----------

const kbOf = (file: string, key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(file, 'utf8'))?.[1] ?? NaN);
function status(pid: number): { rss: number; hwm: number } | null {
  try {
    return { rss: kbOf(`/proc/${pid}/status`, 'VmRSS') / 1024, hwm: kbOf(`/proc/${pid}/status`, 'VmHWM') / 1024 };
  } catch {
    return null;
  }
}
function pss(pid: number): number {
  try {
    return kbOf(`/proc/${pid}/smaps_rollup`, 'Pss') / 1024;
  } catch {
    return 0;
  }
}
/** Every living descendant of `root`, from /proc's parent links. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) (out.push(c), walk(c));
  };
  walk(root);
  return out;
}
const comm = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

// ---------- the hub, timed from spawn to /healthz ----------

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Hub {
  proc: ChildProcess;
  url: string;
  readyMs: number;
  stop(): Promise<void>;
}

async function startTimedHub(dataDir: string, port: number): Promise<Hub> {
  const t0 = performance.now();
  const proc = spawn(HUB_BIN, ['start', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1', '--no-demo'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', HUB_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode) return;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  undo.push(stop);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`hub exited (${proc.exitCode}): ${err}`);
      return (await fetch(`${url}/healthz`).catch(() => null))?.ok || null;
    },
    'the hub to answer /healthz',
    60_000,
    5,
  );
  return { proc, url, readyMs: performance.now() - t0, stop };
}

/** Asks the kernel to drop its cached pages of these files (posix_fadvise DONTNEED through dd; no root needed). */
function dropCached(files: string[]): void {
  for (const f of files) {
    try {
      execFileSync('dd', [`if=${f}`, 'iflag=nocache', 'count=0', 'status=none']);
    } catch {
      /* best effort */
    }
  }
}

// ---------- the commune ----------

const between = ([lo, hi]: [number, number]) => lo + Math.random() * (hi - lo);

async function main(): Promise<void> {
  const dataDir = mkTmp('footprint-hub-');
  const port = await freePort();
  const bundle = path.join(ROOT, 'hub', 'dist', 'cli.mjs');
  const runtime = execFileSync(HUB_BIN, ['--runtime'], { cwd: ROOT, encoding: 'utf8' }).trim();
  log(`the hub runs its ${runtime}`);
  dropCached([bundle, path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')]);
  const cold = await startTimedHub(dataDir, port);
  log(`cold start: ${Math.round(cold.readyMs)} ms`);
  await cold.stop();
  const hub = await startTimedHub(dataDir, port);
  log(`warm start: ${Math.round(hub.readyMs)} ms`);
  const hubPid = hub.proc.pid!;

  log(`${AGENTS} counters, each an agent on a pty with a scripted box`);
  const counters: { agent: RunningProc; box: ScriptedBox; sent: number[] }[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const dir = mkTmp('footprint-counter-');
    const counterId = await addCounter(dataDir, `Quầy ${i + 1}`, { buttons: 4, minIntervalS: 0 });
    const config = path.join(dir, 'agent.json');
    await pairAgent(hub.url, await pairCode(dataDir, counterId), config);
    const pty = new PtyPair(dir);
    await pty.start();
    undo.push(() => pty.stop());
    const box = new ScriptedBox(pty.box, { serial: `BX-${i + 1}`, firmware: '1.0.0', buttons: 4 });
    await box.open();
    undo.push(() => box.close());
    const agent = startAgent(['--config', config, '--port', pty.agent, '--outbox', path.join(dir, 'outbox.sqlite'), '--mode', 'v1'], { LOG_LEVEL: 'info' });
    undo.push(() => agent.stop());
    await waitFor(() => /connected to hub/.test(agent.output()), 'an agent to reach the hub', 30_000);
    counters.push({ agent, box, sent: [] });
  }

  log('Chromium: the kiosk (paired) and the display');
  const kioskCounter = await addCounter(dataDir, 'Kiosk', { buttons: 4, minIntervalS: 0 });
  const paired = (await (
    await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await pairCode(dataDir, kioskCounter), kind: 'kiosk' }) })
  ).json()) as { ok: boolean; data: { token: string } & Record<string, unknown> };
  if (!paired.ok) throw new Error('the kiosk could not pair');
  const { token, ...config } = paired.data;
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  undo.push(() => browser.close());
  const kioskCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await kioskCtx.addInitScript(`localStorage.setItem('onestop.kiosk.pairing', ${JSON.stringify(JSON.stringify({ token, config }))});`);
  const kiosk = await kioskCtx.newPage();
  await kiosk.goto(`${hub.url}/kiosk`);
  await kiosk.getByTestId('rate-screen').waitFor({ timeout: 30_000 });
  const display = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await display.goto(`${hub.url}/display`);
  await display.getByTestId('display').waitFor({ timeout: 30_000 });

  const chromiumPids = () => descendants(process.pid).filter((p) => /chrom/i.test(comm(p)));
  const agentPids = counters.map((c) => c.agent.proc.pid!);
  if (!chromiumPids().length) throw new Error('no Chromium process found under this one');

  log(`${DURATION_MS / 1000} s of office-hour traffic`);
  let stopTraffic = false;
  const traffic: Promise<void>[] = counters.map(async (c) => {
    while (!stopTraffic) {
      await new Promise((r) => setTimeout(r, between(PRESS_EVERY_MS)));
      if (!stopTraffic) c.sent.push(c.box.press(1 + Math.floor(Math.random() * 4)));
    }
  });
  let taps = 0;
  traffic.push(
    (async () => {
      while (!stopTraffic) {
        await new Promise((r) => setTimeout(r, between(TAP_EVERY_MS)));
        if (stopTraffic) break;
        await kiosk.locator('[data-testid="score-button"]').first().click();
        taps++;
        // back to the buttons for the next citizen
        await kiosk.getByTestId('rate-screen').waitFor({ timeout: 30_000 });
      }
    })(),
  );
  let chromiumPeak = 0;
  let pssPeak = 0;
  let pssAtPeak: Record<string, number> = {};
  const sample = () => {
    const ch = chromiumPids();
    chromiumPeak = Math.max(chromiumPeak, ch.reduce((a, p) => a + (status(p)?.rss ?? 0), 0));
    const parts = { hub: pss(hubPid), agents: agentPids.reduce((a, p) => a + pss(p), 0), chromium: ch.reduce((a, p) => a + pss(p), 0) };
    const sum = parts.hub + parts.agents + parts.chromium;
    if (sum > pssPeak) (pssPeak = sum), (pssAtPeak = parts);
  };
  const t = setInterval(sample, 500);
  await new Promise((r) => setTimeout(r, DURATION_MS));
  stopTraffic = true;
  await Promise.all(traffic);
  sample();
  clearInterval(t);

  const presses = counters.reduce((a, c) => a + c.sent.length, 0);
  await waitFor(() => counters.every((c) => c.sent.every((s) => c.box.acks(s) > 0)) || null, 'every press acknowledged to its box', 30_000).catch(() => null);
  const acked = counters.reduce((a, c) => a + c.sent.filter((s) => c.box.acks(s) > 0).length, 0);
  const hubHwm = status(hubPid)!.hwm;
  const agentsHwm = agentPids.map((p) => status(p)?.hwm ?? NaN);
  const chromiumProcs = chromiumPids().length;
  await cleanup();
  clearTimeout(watchdog);

  const r0 = (x: number) => Math.round(x);
  const sumRss = hubHwm + agentsHwm.reduce((a, b) => a + b, 0) + chromiumPeak;
  const quiet = loadAtStart[0]! < 1 && os.loadavg()[0]! < 2.5;
  const rows: [string, string][] = [
    ['hub runs', runtime],
    ['hub start to /healthz, cold (first start, empty data dir)', `${r0(cold.readyMs)} ms`],
    ['hub start to /healthz, warm (second start)', `${r0(hub.readyMs)} ms`],
    ['hub peak RSS (VmHWM)', `${r0(hubHwm)} MB`],
    ...agentsHwm.map((h, i): [string, string] => [`agent ${i + 1} peak RSS (VmHWM)`, `${r0(h)} MB`]),
    [`Chromium, kiosk + display: peak of the sum of its ${chromiumProcs} processes' RSS`, `${r0(chromiumPeak)} MB`],
    ['sum of the peaks above (shared pages counted in each process)', `${r0(sumRss)} MB`],
    ['peak of the summed PSS (shared pages counted once), hub / agents / Chromium', `${r0(pssPeak)} MB (${r0(pssAtPeak.hub ?? 0)} / ${r0(pssAtPeak.agents ?? 0)} / ${r0(pssAtPeak.chromium ?? 0)})`],
    // RSS counts Chromium's shared pages once per process (12 processes: several times over); PSS is what they hold
    [`share of a ${PI_MB / 1024} GB Raspberry Pi 4 (summed PSS; sum of peak RSS)`, `${r0((pssPeak / PI_MB) * 100)} % (${r0((sumRss / PI_MB) * 100)} %)`],
    ['box presses acknowledged / sent; kiosk taps', `${acked} / ${presses}; ${taps}`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(
    [
      '',
      `Commune footprint — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${AGENTS} agents, ${DURATION_MS / 1000} s`,
      `load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}, at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (RSS hardly depends on it; start times do)`,
      '',
      ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`),
      ...(quiet ? [] : ['', 'WARNING: the machine was not quiet (load average at start >= 1 or at end >= 2.5): start times are not comparable.']),
      '',
    ].join('\n') + '\n',
  );
  const json = {
    bench: 'footprint',
    hub_runtime: runtime,
    hub_ready_cold_ms: r0(cold.readyMs),
    hub_ready_warm_ms: r0(hub.readyMs),
    hub_rss_mb: r0(hubHwm),
    agent_rss_mb: agentsHwm.map(r0),
    chromium_rss_mb: r0(chromiumPeak),
    chromium_processes: chromiumProcs,
    sum_rss_mb: r0(sumRss),
    sum_pss_mb: r0(pssPeak),
    pi4_2gb_share_pct: r0((pssPeak / PI_MB) * 100),
    pi4_2gb_share_rss_pct: r0((sumRss / PI_MB) * 100),
    presses,
    presses_acked: acked,
    kiosk_taps: taps,
    duration_s: DURATION_MS / 1000,
    load_avg_start: Math.round(loadAtStart[0]! * 100) / 100,
    load_avg_end: Math.round(os.loadavg()[0]! * 100) / 100,
    quiet,
  };
  process.stdout.write(JSON.stringify(json) + '\n');
  process.exitCode = acked === presses ? 0 : 1;
}

main().catch(async (e) => {
  log(`failed: ${(e as Error).stack ?? e}`);
  await cleanup();
  clearTimeout(watchdog);
  process.exitCode = 1;
});
