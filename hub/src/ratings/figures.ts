import type { ScoreCounts } from '@onestop/shared';
import type { Db } from '../db/open.js';

export interface CounterFigures {
  id: string;
  name: string;
  total: number;
  flagged: number;
  byScore: ScoreCounts;
  lastRatingAt: number | null;
}

export interface DayRatingFigures {
  total: number;
  flagged: number;
  byScore: ScoreCounts;
  byCounter: CounterFigures[];
  reasons: Record<string, number>;
}

export const zeroScores = (): ScoreCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

/**
 * One local day's rating figures, the single source for the live page and the daily summary (DESIGN principle 7).
 * Flagged ratings are counted apart and in no other figure.
 */
export function ratingFigures(db: Db, day: string): DayRatingFigures {
  const rows = db
    .prepare(
      // the day's ratings read once through ratings_export (day, …), grouped, then set beside every counter: there is
      // no index by day and counter any more (docs/decisions/0101), and a day is a few thousand ratings at most
      `SELECT c.id, c.name, r.score, r.flagged, COALESCE(r.n, 0) AS n, r.last
       FROM counters c LEFT JOIN (
         SELECT counter_id, score, flagged, COUNT(*) AS n, MAX(rated_at) AS last FROM ratings WHERE day = ?
         GROUP BY counter_id, score, flagged
       ) r ON r.counter_id = c.id
       ORDER BY c.name`,
    )
    .all(day) as { id: string; name: string; score: number | null; flagged: number | null; n: number; last: number | null }[];
  const byId = new Map<string, CounterFigures>();
  const out: DayRatingFigures = { total: 0, flagged: 0, byScore: zeroScores(), byCounter: [], reasons: {} };
  for (const row of rows) {
    let c = byId.get(row.id);
    if (!c) {
      c = { id: row.id, name: row.name, total: 0, flagged: 0, byScore: zeroScores(), lastRatingAt: null };
      byId.set(row.id, c);
      out.byCounter.push(c);
    }
    if (row.score === null) continue;
    if (row.last !== null) c.lastRatingAt = Math.max(c.lastRatingAt ?? 0, row.last);
    if (row.flagged) {
      c.flagged += row.n;
      out.flagged += row.n;
    } else {
      const k = String(row.score) as keyof ScoreCounts;
      c.total += row.n;
      c.byScore[k] += row.n;
      out.total += row.n;
      out.byScore[k] += row.n;
    }
  }
  const reasons = db
    .prepare(
      `SELECT j.value AS reason, COUNT(*) AS n FROM ratings r, json_each(r.reasons) j
       WHERE r.day = ? AND r.flagged = 0 AND r.reasons IS NOT NULL GROUP BY j.value ORDER BY j.value`,
    )
    .all(day) as { reason: string; n: number }[];
  for (const r of reasons) out.reasons[r.reason] = r.n;
  return out;
}
