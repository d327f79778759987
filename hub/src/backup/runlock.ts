import fs from 'node:fs';
import path from 'node:path';
import { privateDir, writePrivateFile } from '../atrest/modes.js';

/**
 * hub.pid in the data directory says a hub runs there: written when it starts listening, removed when it stops. A
 * hub killed without a chance to clean up leaves the file behind, so the pid in it is checked for a live process
 * (docs/decisions/0043-restore-and-the-running-hub.md).
 */
export function pidFile(dataDir: string): string {
  return path.join(dataDir, 'hub.pid');
}

export function writePidFile(dataDir: string, pid = process.pid): () => void {
  const file = pidFile(dataDir);
  privateDir(dataDir);
  writePrivateFile(file, `${pid}\n`);
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(pid)) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

/** The pid of a hub running on this data directory, or null. */
export function runningHub(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile(dataDir), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: it exists but belongs to someone else; still a running process
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
