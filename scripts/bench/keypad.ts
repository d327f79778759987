/**
 * Keypad benchmark: `npx tsx scripts/bench/keypad.ts [--presses 200]` (decision 0066).
 *
 * Starts the real agent process (`counter-agent run --input FIFO`) with a hub that is not reachable, so every press
 * stays in the outbox, writes N key strokes (1.2 s apart in kernel time, so the minimum gap takes them all) into the
 * FIFO at once, and reads the agent's log to time, per press, the commit that must finish before the next key is
 * read: key record written → `press queued` logged. Also the agent's peak RSS (VmHWM) in keypad mode.
 * Prints one JSON object. The temp directory is removed at the end.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeInputEvent, KEY_CODES, keyStroke } from '@onestop/shared';
import { loadFields } from './quiet.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { presses: { type: 'string' } } });
  const n = Number(values.presses ?? 200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-keypad-'));
  try {
    const config = path.join(dir, 'agent.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        hubUrl: 'http://127.0.0.1:9',
        token: 'x'.repeat(32),
        deviceId: 'bench',
        counter: { id: 'c1', name: 'bench' },
        scale: { buttons: 4, map: [5, 4, 3, 2] },
        keypad: { keys: { KEY_KP1: 1, KEY_KP2: 2, KEY_KP3: 3, KEY_KP4: 4 }, minGapMs: 1000 },
      }),
    );
    const fifo = path.join(dir, 'kbd');
    execFileSync('mkfifo', [fifo]);
    const agent = spawn(path.join(ROOT, 'counter-agent/bin/counter-agent.mjs'), ['run', '--config', config, '--input', fifo, '--outbox', path.join(dir, 'outbox.sqlite')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    agent.stderr!.on('data', (d) => (log += d));
    const writer = await fs.promises.open(fifo, 'w');
    const t0 = Date.UTC(2026, 11, 2, 2);
    const codes = [1, 2, 3, 4].map((b) => KEY_CODES[`KEY_KP${b}`]!);
    const bytes = Buffer.concat(Array.from({ length: n }, (_, i) => keyStroke(codes[i % 4]!, t0 + i * 1200)).flat().map((e) => encodeInputEvent(e, 24)));
    const start = Date.now();
    await writer.write(bytes);
    const times: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        const queued = [...log.matchAll(/"time":(\d+)[^\n]*"msg":"press queued"/g)].map((m) => Number(m[1]));
        if (queued.length >= n) {
          clearInterval(check);
          times.push(...queued);
          resolve();
        }
        if (agent.exitCode !== null) reject(new Error(log));
      }, 50);
    });
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${agent.pid}/status`, 'utf8'))?.[1] ?? 0);
    const rows = Number(execFileSync('node', ['-e', `const D=require('better-sqlite3');console.log(new D(${JSON.stringify(path.join(dir, 'outbox.sqlite'))},{readonly:true}).prepare('select count(*) n from outbox').get().n)`], { cwd: path.join(ROOT, 'counter-agent') }).toString());
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    await writer.close();
    const total = times[times.length - 1]! - start;
    console.log(JSON.stringify({ presses: n, events_per_press: 6, outbox_rows: rows, all_committed_ms: total, per_press_commit_ms: Math.round((total / n) * 100) / 100, agent_peak_rss_mb: Math.round(hwm / 1024), ...loadFields() }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
