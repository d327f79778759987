import { dayBounds, localDay, type Clock, type DisplayFigures } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { ratingFigures } from '../ratings/figures.js';
import { dayFiles } from '../files/figures.js';

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
   * the statistics' definitions (files/figures.ts dayFiles, proved equal to StatsQueries.fileTotals in tests/ops/display.test.ts).
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
