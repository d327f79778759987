import { dailySummarySchema, isoLocal, localDay, type Clock, type DailySummary, type ScoreCounts } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { ratingFigures } from '../ratings/figures.js';
import { fileFigures } from '../files/figures.js';
import { smsFigures } from '../sms/figures.js';
import { deviceFigures } from '../devices/figures.js';

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
    devices: deviceFigures(db, opts.date),
  } satisfies DailySummary);
}

export type { ScoreCounts };
