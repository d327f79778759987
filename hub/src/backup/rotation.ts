import { OFFSET_MS } from '@onestop/shared';

/** A backup file name: hub-YYYYMMDD-HHMMSS.sqlite in local time (sorts by time; readable in a file manager). */
export const BACKUP_RE = /^hub-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.sqlite$/;

const pad = (n: number) => String(n).padStart(2, '0');

export function backupName(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `hub-${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}.sqlite`;
}

/** The instant a backup name stands for, or null for any other file. */
export function backupTime(name: string): number | null {
  const m = BACKUP_RE.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - OFFSET_MS;
}

/** Local day number and ISO-week key (Monday-based) of an instant. */
function dayKey(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}
function weekKey(ms: number): string {
  const local = new Date(ms + OFFSET_MS);
  const dow = (local.getUTCDay() + 6) % 7; // Monday 0
  const monday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dow));
  return monday.toISOString().slice(0, 10);
}

/**
 * Which backups to keep: the newest of each of the `daily` most recent local days that have one, and the newest
 * of each of the `weekly` most recent weeks (Monday to Sunday) that have one. The rest may go. A day or week is
 * counted only when it has a backup, so a hub that was off for a fortnight does not lose its last good copies.
 */
export function toKeep(names: string[], daily: number, weekly: number): Set<string> {
  const dated = names
    .map((n) => ({ n, t: backupTime(n) }))
    .filter((x): x is { n: string; t: number } => x.t !== null)
    .sort((a, b) => b.t - a.t);
  const keep = new Set<string>();
  const pick = (key: (t: number) => string, count: number) => {
    const seen = new Set<string>();
    for (const { n, t } of dated) {
      const k = key(t);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(n);
    }
  };
  pick(dayKey, daily);
  pick(weekKey, weekly);
  return keep;
}
