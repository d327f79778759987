import { spawn, type ChildProcess } from 'node:child_process';
import { AGENT_BIN, ROOT, waitFor } from './procs.js';

/** A `counter-agent` tool (ports, probe) as its own process, its output collected as it comes. */
export interface ToolRun {
  proc: ChildProcess;
  output: () => string;
  /** resolves with the exit code */
  exited: Promise<number>;
  /** waits until the output matches */
  says: (re: RegExp, what?: string) => Promise<unknown>;
}

export function agentTool(args: string[]): ToolRun {
  const proc = spawn(AGENT_BIN, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number>((r) => proc.once('exit', (code, signal) => r(code ?? (signal ? 128 : -1))));
  return {
    proc,
    output: () => out,
    exited,
    says: (re, what) =>
      waitFor(() => {
        if (re.test(out)) return true;
        if (proc.exitCode !== null) throw new Error(`exited (${proc.exitCode}) before saying ${re}:\n${out}`);
        return false;
      }, what ?? String(re), 30_000),
  };
}
