import crypto from 'node:crypto';
import { dayBounds, localDay, OFFSET_MS, type DailySummary } from '@onestop/shared';

const DAY_MS = 86_400_000;

/** The local day `n` days after `day` (n may be negative). Vietnam has no daylight saving: a day is 24 h. */
export function addDays(day: string, n: number): string {
  return localDay(dayBounds(day).start + n * DAY_MS);
}

/** Every day from `from` to `to`, both included (none when from > to). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Minutes after local midnight of an instant. */
export function localMinute(ms: number): number {
  return Math.floor(((((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/**
 * The last day whose summary is due at `now`: today once the local time has reached the send time, else yesterday.
 * Today's summary built at the send time is revised if more data for today arrives afterwards.
 */
export function lastDueDay(now: number, sendAtMinute: number): string {
  const today = localDay(now);
  return localMinute(now) >= sendAtMinute ? today : addDays(today, -1);
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/**
 * The hash of a day's figures: the summary without what changes with every build (generatedAt, revision) or is
 * not a figure (schema, the commune's and the counters' names). Every counter is listed in every day's
 * `byCounter`, so counters without ratings that day are left out too: adding or renaming a counter must not make
 * every past day a new revision. Keys and counters sorted, so the order a query returned them in does not matter.
 */
export function figuresHash(s: DailySummary): string {
  const { generatedAt: _g, revision: _r, commune: _c, schema: _s, ...figures } = s;
  const counters = s.ratings.byCounter
    .filter((c) => c.total > 0)
    .map((c) => JSON.stringify(canonical({ total: c.total, byScore: c.byScore })))
    .sort();
  const stable = { ...figures, ratings: { ...figures.ratings, byCounter: counters } };
  return crypto.createHash('sha256').update(JSON.stringify(canonical(stable))).digest('hex');
}
