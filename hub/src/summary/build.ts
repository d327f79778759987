import { dailySummarySchema, dayBounds, isoLocal, localDay, type Clock, type DailySummary, type ScoreCounts } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { ratingFigures } from '../ratings/figures.js';
import { fileFigures } from '../files/figures.js';
import { smsFigures } from '../sms/figures.js';

/**
 * The day's summary exactly as upstream-daily-summary-v1 describes it, from the same per-feature figure queries the
 * pages and exports use (DESIGN principle 7). Only aggregates: no names, phone numbers or file codes. It passes
 * through the contract's schema on its way out, so a summary the receiver would refuse is never queued.
 */
export function buildDailySummary(
  db: Db,
  clock: Clock,
  opts: { date: string; commune: { code: string; name: string }; revision?: number },
): DailySummary {
  const r = ratingFigures(db, opts.date);
  const { end } = dayBounds(opts.date);
  const configured = (
    db.prepare('SELECT COUNT(*) AS n FROM devices WHERE created_at < ? AND (revoked_at IS NULL OR revoked_at >= ?)').get(end, end) as { n: number }
  ).n;
  // seen: connected or reported that day, or made a rating dated that day (delivered later from an outbox)
  const seenToday = (
    db
      .prepare('SELECT COUNT(*) AS n FROM (SELECT device_id FROM device_days WHERE day = ? UNION SELECT device_id FROM ratings WHERE day = ?)')
      .get(opts.date, opts.date) as { n: number }
  ).n;
  return dailySummarySchema.parse({
    schema: 'one-stop-daily-summary/1',
    commune: { code: opts.commune.code, name: opts.commune.name },
    date: opts.date,
    revision: opts.revision ?? 1,
    generatedAt: isoLocal(clock.now()),
    ratings: {
      total: r.total,
      byScore: r.byScore,
      flagged: r.flagged,
      byCounter: r.byCounter.map((c) => ({ counter: c.name, total: c.total, byScore: c.byScore })),
      reasons: r.reasons,
    },
    files: fileFigures(db, opts.date, localDay(clock.now())),
    sms: smsFigures(db, opts.date),
    devices: { configured, seenToday },
  } satisfies DailySummary);
}

export type { ScoreCounts };
