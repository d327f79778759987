import { useEffect, useState } from 'react';
import { api } from '../api';

/** What an information screen shows: the hub's answer, or the copy kept from the last one, and when that was. */
export interface KeptInfo<T> {
  data: T | null;
  /** when this copy came from the hub, epoch ms */
  savedAt: number | null;
  /** the hub could not be asked: this is the kept copy */
  stale: boolean;
  error: string | null;
}

const KEY = (path: string) => `onestop.kiosk.info:${path}`;

/**
 * Procedures and phone numbers stay readable while the hub is down (issue 14 §3): every answer is kept in the page's
 * storage with the time it came, and shown from there, marked with that time, when the hub cannot be reached.
 */
export function useKeptInfo<T>(path: string): KeptInfo<T> {
  const [state, setState] = useState<KeptInfo<T>>(() => ({ ...readKept<T>(path), stale: false, error: null }));
  useEffect(() => {
    let live = true;
    void api<T>('GET', path).then((r) => {
      if (!live) return;
      if (r.ok) {
        const savedAt = Date.now();
        try {
          localStorage.setItem(KEY(path), JSON.stringify({ data: r.data, savedAt }));
        } catch {
          // storage full or denied: the screen still shows the fresh answer
        }
        setState({ data: r.data, savedAt, stale: false, error: null });
      } else {
        const kept = readKept<T>(path);
        setState({ ...kept, stale: kept.data !== null, error: kept.data === null ? r.reason : null });
      }
    });
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}

function readKept<T>(path: string): { data: T | null; savedAt: number | null } {
  try {
    const raw = localStorage.getItem(KEY(path));
    if (!raw) return { data: null, savedAt: null };
    const kept = JSON.parse(raw) as { data: T; savedAt: number };
    return typeof kept.savedAt === 'number' ? kept : { data: null, savedAt: null };
  } catch {
    return { data: null, savedAt: null };
  }
}
