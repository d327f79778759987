import fs from 'node:fs';
import path from 'node:path';
import { privateDir, privateUmask } from './modes.js';

const octal = (mode: number) => '0' + (mode & 0o777).toString(8);

export interface ModeFix {
  path: string;
  /** the mode it had, e.g. "0644" */
  was: string;
  /** the mode it has now, e.g. "0600" */
  now: string;
}

export interface ModeProblem {
  path: string;
  mode: string;
  /** why the hub left it: it belongs to another account, or changing it failed */
  why: string;
}

export interface DataDirCheck {
  fixed: ModeFix[];
  left: ModeProblem[];
}

/**
 * The check at start: the process umask becomes 0o077 (SQLite's -wal/-shm, exports, anything written later is
 * private), the data directory is made (0700) if missing, and every folder or file in it that the group or other
 * accounts may read is made private when it belongs to the hub's account (directories 0700, files 0600; the
 * owner's own bits are kept). What belongs to another account is left and reported. Symbolic links are not
 * followed. An umask alone would not do: it does not change files made by an older hub, a copy or an `npm start`.
 */
export function secureDataDir(dataDir: string): DataDirCheck {
  privateUmask();
  privateDir(dataDir);
  const me = process.getuid?.();
  const fixed: ModeFix[] = [];
  const left: ModeProblem[] = [];
  const visit = (p: string, st: fs.Stats) => {
    if (st.isSymbolicLink()) return;
    if (st.mode & 0o077) {
      if (me !== undefined && st.uid !== me) left.push({ path: p, mode: octal(st.mode), why: `it belongs to another account (uid ${st.uid})` });
      else {
        try {
          fs.chmodSync(p, st.mode & 0o700);
          fixed.push({ path: p, was: octal(st.mode), now: octal(st.mode & 0o700) });
        } catch (e) {
          left.push({ path: p, mode: octal(st.mode), why: (e as Error).message });
        }
      }
    }
    if (!st.isDirectory()) return;
    let names: string[];
    try {
      names = fs.readdirSync(p);
    } catch (e) {
      left.push({ path: p, mode: octal(st.mode), why: (e as Error).message });
      return;
    }
    for (const n of names) {
      const child = path.join(p, n);
      try {
        visit(child, fs.lstatSync(child));
      } catch {
        // removed meanwhile (a backup's temporary file)
      }
    }
  };
  visit(dataDir, fs.statSync(dataDir));
  return { fixed, left };
}
