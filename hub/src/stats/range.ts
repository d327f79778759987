import { isValidDay, rangeQuery, type RangeQuery, type StatsRange } from '@onestop/shared';
import { ServiceError } from '../http/errors.js';

/** The period kinds, the query and the resolved range are the statistics page's border (shared/src/stats.ts). */
export { RANGE_KINDS, rangeQuery, type RangeKind, type RangeQuery, type StatsRange } from '@onestop/shared';

/** The longest custom range (about ten years): a bound on work, not a business rule. */
export const MAX_RANGE_DAYS = 3700;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const utc = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
export const daysBetween = (from: string, to: string) => Math.round((utc(to) - utc(from)) / 86_400_000) + 1;
export const addDays = (s: string, n: number) => ymd(utc(s) + n * 86_400_000);

/** The period a query names: the week (Monday to Sunday), month, quarter or year holding `date`, or from–to. */
export function resolveRange(q: RangeQuery): StatsRange {
  let from: string;
  let to: string;
  if (q.kind === 'custom') {
    if (!isValidDay(q.from) || !isValidDay(q.to)) throw new ServiceError('bad-date', 'from and to must be YYYY-MM-DD');
    if (q.to < q.from) throw new ServiceError('bad-range', 'to is before from');
    from = q.from;
    to = q.to;
  } else {
    if (!isValidDay(q.date)) throw new ServiceError('bad-date', 'date must be YYYY-MM-DD');
    const [y, m] = q.date.split('-').map(Number) as [number, number];
    switch (q.kind) {
      case 'day':
        from = to = q.date;
        break;
      case 'week': {
        const wd = (new Date(utc(q.date)).getUTCDay() + 6) % 7; // Monday = 0
        from = addDays(q.date, -wd);
        to = addDays(from, 6);
        break;
      }
      case 'month':
        from = `${y}-${pad(m)}-01`;
        to = ymd(Date.UTC(y, m, 0));
        break;
      case 'quarter': {
        const first = Math.floor((m - 1) / 3) * 3 + 1;
        from = `${y}-${pad(first)}-01`;
        to = ymd(Date.UTC(y, first + 2, 0));
        break;
      }
      case 'year':
        from = `${y}-01-01`;
        to = `${y}-12-31`;
        break;
    }
  }
  const days = daysBetween(from, to);
  if (days > MAX_RANGE_DAYS) throw new ServiceError('bad-range', `at most ${MAX_RANGE_DAYS} days`);
  return { kind: q.kind, from, to, days };
}

/** Parses a query string (?kind=month&date=… or ?kind=custom&from=…&to=…) into a period, or throws `bad-range`. */
export function parseRange(input: unknown): StatsRange {
  const r = rangeQuery.safeParse(input);
  if (!r.success) throw new ServiceError('bad-range', 'kind=day|week|month|quarter|year with date=YYYY-MM-DD, or kind=custom with from and to');
  return resolveRange(r.data);
}
