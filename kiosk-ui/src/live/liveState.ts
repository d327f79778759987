import { localDay, type DevicePresence, type LiveCounter, type LiveRating, type LiveSnapshot, type ScoreCounts } from '@onestop/shared';

export type LiveAction =
  | { type: 'snapshot'; snapshot: LiveSnapshot }
  | { type: 'rating'; rating: LiveRating }
  | { type: 'presence'; presence: DevicePresence };

const zero = (): ScoreCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

/** A new local day: the same counters and devices, all counts back to zero. */
function startDay(s: LiveSnapshot, day: string): LiveSnapshot {
  return { day, counters: s.counters.map((c) => ({ ...c, total: 0, flagged: 0, byScore: zero(), lastRatingAt: null })) };
}

/**
 * Today's figures, kept current from `live:rating` and `live:presence`. A flagged rating only counts as flagged
 * (as in the hub's figures); a rating dated another day (an offline backlog) is not today's; after midnight the
 * first rating of the new day starts it from zero.
 */
export function liveReducer(state: LiveSnapshot | null, action: LiveAction): LiveSnapshot | null {
  if (action.type === 'snapshot') return action.snapshot;
  if (!state) return state;
  if (action.type === 'rating') {
    const r = action.rating;
    const day = localDay(r.at);
    if (day < state.day) return state;
    const base = day > state.day ? startDay(state, day) : state;
    return { ...base, counters: base.counters.map((c) => (c.id === r.counterId ? addRating(c, r) : c)) };
  }
  const p = action.presence;
  return { ...state, counters: state.counters.map((c) => (c.id === p.counterId ? setPresence(c, p) : c)) };
}

function addRating(c: LiveCounter, r: LiveRating): LiveCounter {
  const lastRatingAt = Math.max(c.lastRatingAt ?? 0, r.at);
  if (r.flagged) return { ...c, flagged: c.flagged + 1, lastRatingAt };
  const k = String(r.score) as keyof ScoreCounts;
  if (!(k in c.byScore)) return c;
  return { ...c, total: c.total + 1, byScore: { ...c.byScore, [k]: c.byScore[k] + 1 }, lastRatingAt };
}

function setPresence(c: LiveCounter, p: DevicePresence): LiveCounter {
  const others = c.devices.filter((d) => d.deviceId !== p.deviceId);
  if (p.revoked) return { ...c, devices: others };
  const i = c.devices.findIndex((d) => d.deviceId === p.deviceId);
  if (i < 0) return { ...c, devices: [...c.devices, p] };
  const devices = [...c.devices];
  devices[i] = p;
  return { ...c, devices };
}

/** True when an update names a counter the page does not know yet (created after the snapshot). */
export function knowsCounter(state: LiveSnapshot | null, counterId: string): boolean {
  return !!state?.counters.some((c) => c.id === counterId);
}

/** Share of (5 + 4) among today's counted ratings, 0–100, or null when there are none. */
export function satisfactionPct(c: Pick<LiveCounter, 'total' | 'byScore'>): number | null {
  if (c.total === 0) return null;
  return Math.round(((c.byScore['5'] + c.byScore['4']) / c.total) * 100);
}

export function sumCounters(counters: LiveCounter[]): Pick<LiveCounter, 'total' | 'flagged' | 'byScore'> {
  const byScore = zero();
  let total = 0;
  let flagged = 0;
  for (const c of counters) {
    total += c.total;
    flagged += c.flagged;
    for (const k of Object.keys(byScore) as (keyof ScoreCounts)[]) byScore[k] += c.byScore[k];
  }
  return { total, flagged, byScore };
}
