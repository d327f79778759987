/**
 * Where a process's write bytes go, by file: `strace` attached for a few seconds, counting the bytes of every
 * write call and every fsync/fdatasync per file descriptor, then naming each descriptor from /proc/PID/fd.
 * For investigating (bench:ratings --io-trace S): tracing stops the process at every call, so it runs slower and
 * its group commits grow; the shares between files are what this shows, not the rate.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WriteTrace {
  seconds: number;
  /** file (basename) → bytes written, write calls, syncs */
  byFile: Record<string, { bytes: number; writes: number; syncs: number }>;
  lines: string[];
}

const CALL = /^\d+\s+(pwrite64|write|pwritev2?|writev|fdatasync|fsync)\((\d+)[,)].*=\s+(-?\d+)/;

export function traceWrites(pid: number, ms: number): { done: Promise<WriteTrace> } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-iotrace-')), 'trace');
  const proc = spawn('strace', ['-f', '-qq', '-s', '0', '-e', 'trace=pwrite64,write,pwritev,pwritev2,writev,fdatasync,fsync', '-e', 'signal=none', '-o', out, '-p', String(pid)], {
    stdio: 'ignore',
  });
  const timer = setTimeout(() => proc.kill('SIGINT'), ms);
  const done = new Promise<WriteTrace>((resolve) => {
    proc.once('exit', () => {
      clearTimeout(timer);
      const byFd = new Map<number, { bytes: number; writes: number; syncs: number }>();
      const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
      for (const line of text.split('\n')) {
        const m = CALL.exec(line);
        if (!m) continue;
        const fd = Number(m[2]);
        const e = byFd.get(fd) ?? { bytes: 0, writes: 0, syncs: 0 };
        if (m[1] === 'fsync' || m[1] === 'fdatasync') e.syncs++;
        else {
          e.writes++;
          e.bytes += Math.max(0, Number(m[3]));
        }
        byFd.set(fd, e);
      }
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
      const byFile: WriteTrace['byFile'] = {};
      for (const [fd, e] of byFd) {
        let name: string;
        try {
          name = path.basename(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        } catch {
          name = `fd ${fd} (closed)`;
        }
        if (/^(socket|pipe|anon_inode):/.test(name)) name = name.split(':')[0]!;
        const t = (byFile[name] ??= { bytes: 0, writes: 0, syncs: 0 });
        t.bytes += e.bytes;
        t.writes += e.writes;
        t.syncs += e.syncs;
      }
      const lines = Object.entries(byFile)
        .sort((a, b) => b[1].bytes - a[1].bytes)
        .map(([f, e]) => `  ${f.padEnd(20)} ${String(e.bytes).padStart(12)} B in ${e.writes} writes, ${e.syncs} syncs`);
      resolve({ seconds: ms / 1000, byFile, lines });
    });
  });
  return { done };
}
