/**
 * Local time in Asia/Ho_Chi_Minh. Vietnam has used UTC+7 without daylight saving since 1975, so a fixed offset
 * is exact for every date this system will see, and needs no time-zone database in the browser or on a Pi.
 */
export const TZ = 'Asia/Ho_Chi_Minh';
export const OFFSET_MS = 7 * 3600 * 1000;

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** YYYY-MM-DD of the local day an instant falls on. */
export function localDay(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Minutes since local midnight (Vietnam time). */
export function localMinutes(ms: number): number {
  const d = new Date(ms + OFFSET_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

/** "HH:MM" as minutes since midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidDay(day: string): boolean {
  if (!DAY_RE.test(day)) return false;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** [start, end) in epoch ms of a local day. */
export function dayBounds(day: string): { start: number; end: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const start = Date.UTC(y, m - 1, d) - OFFSET_MS;
  return { start, end: start + 86_400_000 };
}

/** ISO 8601 with the +07:00 offset, as the upstream contract's examples write it. */
export function isoLocal(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`
  );
}

/** dd/mm/yyyy, the way dates are written in Vietnam. */
export function formatDateVi(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** HH:MM local. */
export function formatTimeVi(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
