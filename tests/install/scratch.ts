import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, tmpDir } from '../helpers/procs.js';

const run = promisify(execFile);
export const INSTALL_DIR = path.join(ROOT, 'scripts/install');

/** A release tree as `npm run pack` lays it out (scripts/pack.mjs --stage), made once per test file. */
export async function stageRelease(): Promise<string> {
  const dir = path.join(tmpDir('onestop-release-'), 'app');
  await run(process.execPath, [path.join(ROOT, 'scripts/pack.mjs'), '--stage', dir], { cwd: ROOT, maxBuffer: 16 << 20 });
  return dir;
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an installer to its end (it never prompts); answers its exit code and output, failed or not. */
export function installer(script: 'install-hub.sh' | 'install-counter.sh', args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const p = spawn('bash', [path.join(INSTALL_DIR, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export interface Entry {
  mode: string;
  uid: number;
  gid: number;
  mtimeMs: number;
  sha?: string;
}

/** Every path under root (the program folder only at its top) with mode, owner, mtime and content hash. */
export function snapshot(root: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(root, p);
      const st = fs.lstatSync(p);
      const entry: Entry = { mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid, mtimeMs: st.mtimeMs };
      if (st.isFile()) entry.sha = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      out.set(rel, entry);
      if (st.isDirectory() && rel !== path.join('opt', 'onestop')) walk(p);
    }
  };
  walk(root);
  return out;
}

export function stat(root: string, p: string): { mode: string; uid: number; gid: number } {
  const st = fs.statSync(path.join(root, p));
  return { mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid };
}

/** uid and gid of an account in the scratch root's own /etc/passwd (not the host's). */
export function account(root: string, name: string): { uid: number; gid: number; groups: string[] } {
  const line = fs.readFileSync(path.join(root, 'etc/passwd'), 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} in ${root}/etc/passwd`);
  const [, , uid, gid] = line.split(':');
  const groups = fs
    .readFileSync(path.join(root, 'etc/group'), 'utf8')
    .split('\n')
    .filter((l) => l.split(':')[3]?.split(',').includes(name))
    .map((l) => l.split(':')[0]!);
  return { uid: Number(uid), gid: Number(gid), groups };
}

/** `systemd-analyze verify` on unit files; it exits 0 on many mistakes, so its warnings count as failures too. */
export async function verifyUnits(paths: string[]): Promise<string> {
  try {
    const { stderr } = await run('systemd-analyze', ['verify', ...paths]);
    return stderr.trim();
  } catch (e) {
    return (e as { stderr: string }).stderr.trim() || String(e);
  }
}
