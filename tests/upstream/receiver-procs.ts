import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HUB_BIN, ROOT, hubCli, lastLine, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';

export const RECEIVER_ADMIN_PASSWORD = 'province-admin-password';

/** `hub start --role upstream` as its own process; waits for /healthz. */
export async function startReceiver(opts: { dataDir?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningHub> {
  const dataDir = opts.dataDir ?? tmpDir('receiver-');
  const proc = spawn(HUB_BIN, ['start', '--role', 'upstream', '--data-dir', dataDir, '--port', String(opts.port ?? 0), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', HUB_ADMIN_PASSWORD: RECEIVER_ADMIN_PASSWORD, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const port = await waitFor(() => {
    if (proc.exitCode !== null) throw new Error(`receiver exited early (${proc.exitCode}):\n${out}`);
    const m = /http:\/\/127\.0\.0\.1:(\d+)\/province/.exec(out);
    return m ? Number(m[1]) : null;
  }, 'the receiver to listen', 30_000);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 'healthz');
  return {
    proc,
    url,
    port,
    dataDir,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** `hub commune add`: the secret is the last line. */
export async function addCommune(dataDir: string, code: string, name: string): Promise<string> {
  return lastLine(await hubCli(['commune', 'add', '--code', code, '--name', name, '--data-dir', dataDir]));
}

export function sign(secret: string, ts: number, raw: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${ts}.`).update(raw).digest('hex');
}

/** POSTs a body signed as the contract says; `override` changes any header (or drops it with undefined). */
export async function postSummary(
  url: string,
  code: string,
  secret: string,
  raw: string,
  opts: { ts?: number; key?: string; override?: Record<string, string | undefined> } = {},
): Promise<{ status: number; body: any }> {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  let key = opts.key;
  if (key === undefined) {
    try {
      const b = JSON.parse(raw);
      key = `${b.commune?.code}/${b.date}/${b.revision}`;
    } catch {
      key = `${code}/x/1`;
    }
  }
  const headers: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-commune-code': code,
    'x-timestamp': String(ts),
    'x-signature': sign(secret, ts, raw),
    'idempotency-key': key,
    ...opts.override,
  };
  const res = await fetch(`${url}/api/v1/summaries`, { method: 'POST', headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>, body: raw });
  return { status: res.status, body: await res.json() };
}

/** A valid summary of the contract for a commune and day, with chosen figures. */
export function summary(code: string, name: string, date: string, revision = 1, over: Partial<{ total: number; s5: number; s4: number; s3: number; s2: number; s1: number; ready: number; smsSent: number; configured: number; seen: number; received: number }> = {}) {
  const s5 = over.s5 ?? 30, s4 = over.s4 ?? 8, s3 = over.s3 ?? 2, s2 = over.s2 ?? 1, s1 = over.s1 ?? 1;
  return {
    schema: 'one-stop-daily-summary/1',
    commune: { code, name },
    date,
    revision,
    generatedAt: `${date}T23:55:03+07:00`,
    ratings: {
      total: s5 + s4 + s3 + s2 + s1,
      byScore: { '5': s5, '4': s4, '3': s3, '2': s2, '1': s1 },
      flagged: 0,
      byCounter: [],
      reasons: {},
    },
    files: { received: over.received ?? 25, ready: over.ready ?? 19, returned: 17, late: 2, apologies: 2, openAtEndOfDay: 40 },
    sms: { sent: over.smsSent ?? 21, delivered: over.smsSent ?? 20, failed: 0 },
    devices: { configured: over.configured ?? 4, seenToday: over.seen ?? 4 },
  };
}

/** What the receiver holds, read from its file by the test (read-only, beside the running process). */
export function held(dataDir: string): { summaries: { commune_code: string; day: string; revision: number; body: Buffer }[]; current: { commune_code: string; day: string; revision: number; ratings_total: number }[] } {
  const db = new Database(path.join(dataDir, 'upstream.sqlite'), { readonly: true });
  try {
    return {
      summaries: db.prepare('SELECT commune_code, day, revision, body FROM summaries ORDER BY commune_code, day, revision').all() as never,
      current: db.prepare('SELECT commune_code, day, revision, ratings_total FROM day_figures ORDER BY commune_code, day').all() as never,
    };
  } finally {
    db.close();
  }
}
