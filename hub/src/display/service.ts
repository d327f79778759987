import { dayBounds, localDay, type Clock, type DisplayFigures } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { ratingFigures } from '../ratings/figures.js';

export type { DisplayFigures } from '@onestop/shared';

const rate = (good: number, total: number) => (total > 0 ? good / total : null);

export class DisplayService {
  private cache: { at: number; figures: DisplayFigures } | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly communeName: () => string,
  ) {}

  /**
   * The figures for a screen that connects or asks: at most a second old, and never older than the last change
   * (invalidate). Many screens, or someone reloading in a loop, cost one computation a second at most.
   */
  current(): DisplayFigures {
    const now = performance.now();
    if (this.cache && now - this.cache.at < 1000) return this.cache.figures;
    const figures = this.figures();
    this.cache = { at: now, figures };
    return figures;
  }

  /** A rating or a file changed something: the next `current()` computes afresh. */
  invalidate(): void {
    this.cache = null;
  }

  /**
   * Today's figures: the ratings from the daily summary's own query (ratings/figures.ts); the three file figures by
   * the statistics' definitions (dayFiles below, proved equal to StatsQueries.fileTotals in tests/ops/display.test.ts).
   */
  figures(): DisplayFigures {
    const now = this.clock.now();
    const day = localDay(now);
    const r = ratingFigures(this.db, day);
    const f = dayFiles(this.db, day);
    const s = r.byScore;
    return {
      commune: this.communeName(),
      day,
      ratings: r.total,
      satisfaction: rate(s['4'] + s['5'], r.total),
      levels: { 'very-satisfied': s['5'], satisfied: s['4'], 'not-satisfied': s['3'] + s['2'] + s['1'] },
      files: { returned: f.returned, returnedOnTime: f.returnedOnTime, received: f.received },
      counters: r.byCounter
        .map((c) => ({ name: c.name, ratings: c.total, satisfaction: rate(c.byScore['4'] + c.byScore['5'], c.total) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      at: now,
    };
  }
}

/**
 * The three file figures the screen shows, by the same definitions as files/figures.ts and StatsQueries.fileTotals
 * (received that day; handed back that day; of those, never late). Not those functions themselves: they also count
 * the files open at the end of the day, a scan of every file ever received (170 ms on a busy commune's year), which
 * a screen refreshed every second must not pay. A test checks the three agree with fileTotals.
 */
export function dayFiles(db: Db, day: string): { received: number; returned: number; returnedOnTime: number } {
  const { start, end } = dayBounds(day);
  const received = (db.prepare('SELECT COUNT(*) AS n FROM files WHERE received_at >= ? AND received_at < ?').get(start, end) as { n: number }).n;
  const r = db
    .prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(late_since IS NOT NULL), 0) AS late FROM files
       WHERE id IN (SELECT file_id FROM file_events WHERE kind = 'returned' AND at >= ? AND at < ?)`,
    )
    .get(start, end) as { n: number; late: number };
  return { received, returned: r.n, returnedOnTime: r.n - r.late };
}
