import { commentsQuery, localDay, type Clock, type CommentsPage } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { ServiceError } from '../http/errors.js';
import { parseRange, type StatsRange } from './range.js';
import { StatsQueries, type PeriodStats } from './queries.js';

/** The statistics of any period (docs/statistics.md): the page's figures and the exports' summary sheets. */
export class StatsService {
  readonly queries: StatsQueries;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.queries = new StatsQueries(db);
  }

  range(query: unknown): StatsRange {
    return parseRange(query);
  }

  /** Marks files late up to today first (as the daily summary does), so "late" is never behind the clock. */
  period(range: StatsRange): PeriodStats {
    return this.queries.period(range, localDay(this.clock.now()));
  }

  comments(query: Record<string, unknown>): CommentsPage {
    const range = parseRange(query);
    const q = commentsQuery.safeParse(query);
    if (!q.success) throw new ServiceError('invalid-payload', 'limit 1–200; beforeAt and beforeId together');
    const { limit, beforeAt, beforeId } = q.data;
    if ((beforeAt === undefined) !== (beforeId === undefined)) throw new ServiceError('invalid-payload', 'beforeAt and beforeId together');
    return this.queries.comments(range, { limit, before: beforeAt !== undefined && beforeId !== undefined ? { ratedAt: beforeAt, id: beforeId } : undefined });
  }
}
