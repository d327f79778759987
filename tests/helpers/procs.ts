import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HUB_BIN = path.join(ROOT, 'hub/bin/hub.mjs');
export const AGENT_BIN = path.join(ROOT, 'counter-agent/bin/counter-agent.mjs');
export const ADMIN_PASSWORD = 'test-admin-password';

const run = promisify(execFile);

export function tmpDir(prefix = 'onestop-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs a hub CLI command to completion; returns stdout. */
export async function hubCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(HUB_BIN, args, { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, cwd: ROOT });
  return stdout;
}

export const lastLine = (s: string) => s.trim().split('\n').pop()!.trim();

export async function addCounter(dataDir: string, name: string, opts: { buttons?: number; minIntervalS?: number } = {}): Promise<string> {
  const args = ['counter', 'add', '--name', name, '--data-dir', dataDir];
  if (opts.buttons) args.push('--buttons', String(opts.buttons));
  if (opts.minIntervalS !== undefined) args.push('--min-interval-s', String(opts.minIntervalS));
  return lastLine(await hubCli(args));
}

export async function pairCode(dataDir: string, counterId: string): Promise<string> {
  return lastLine(await hubCli(['pair-code', '--counter', counterId, '--data-dir', dataDir]));
}

export interface RunningProc {
  proc: ChildProcess;
  output: () => string;
  /** polite stop: SIGTERM, then SIGKILL after a while */
  stop(): Promise<void>;
  /** a crash: SIGKILL */
  kill(): Promise<void>;
}

function wrap(proc: ChildProcess): RunningProc {
  let out = '';
  proc.stdout?.on('data', (d) => (out += d));
  proc.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => (proc.exitCode !== null ? r() : proc.once('exit', () => r())));
  return {
    proc,
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

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 15_000, everyMs = 50): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface RunningHub extends RunningProc {
  url: string;
  port: number;
  dataDir: string;
}

/** Starts `hub start` as its own process and waits until /healthz answers. Port 0 unless given (restarts reuse it); `args: ['--host', '0.0.0.0']` listens on every address. */
export async function startHub(opts: { dataDir?: string; port?: number; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<RunningHub> {
  const dataDir = opts.dataDir ?? tmpDir('hub-');
  const proc = spawn(HUB_BIN, ['start', '--data-dir', dataDir, '--port', String(opts.port ?? 0), '--host', '127.0.0.1', '--no-demo', ...(opts.args ?? [])], {
    cwd: ROOT,
    // no SMS quiet hours by default: a hub process runs on the real clock, and a test waiting for a message must not
    // depend on the hour in Vietnam when it runs (a test of the quiet hours passes its own SMS_QUIET_HOURS)
    env: { ...process.env, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', HUB_ADMIN_PASSWORD: ADMIN_PASSWORD, SMS_QUIET_HOURS: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p = wrap(proc);
  const port = await waitFor(() => {
    if (proc.exitCode !== null) throw new Error(`hub exited early (${proc.exitCode}):\n${p.output()}`);
    const m = /http:\/\/(?:127\.0\.0\.1|localhost):(\d+)\/kiosk/.exec(p.output());
    return m ? Number(m[1]) : null;
  }, 'the hub to listen', 30_000);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 'healthz');
  return { ...p, url, port, dataDir };
}

/** `counter-agent pair` then `counter-agent run`, as real processes. */
export async function pairAgent(hubUrl: string, code: string, configFile: string): Promise<void> {
  await run(AGENT_BIN, ['pair', '--hub', hubUrl, '--code', code, '--config', configFile], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
}

export function startAgent(args: string[], env: NodeJS.ProcessEnv = {}): RunningProc {
  const proc = spawn(AGENT_BIN, ['run', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return wrap(proc);
}

/** Admin cookie for REST calls against a test hub. */
export async function adminCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: ADMIN_PASSWORD }) });
  if (!res.ok) throw new Error(`admin login failed: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
