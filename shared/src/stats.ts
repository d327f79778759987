/**
 * Statistics of a period (docs/statistics.md): GET /api/admin/stats, /api/admin/stats/comments and the ranges the
 * exports take. Days are local days (Asia/Ho_Chi_Minh).
 */
import { z } from 'zod';

/** The kinds of period the statistics page and the exports offer. */
export const RANGE_KINDS = ['day', 'week', 'month', 'quarter', 'year', 'custom'] as const;
export type RangeKind = (typeof RANGE_KINDS)[number];

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** ?kind=month&date=… or ?kind=custom&from=…&to=… (a day that is not a calendar day is the hub's 'bad-date'). */
export const rangeQuery = z.union([
  z.object({ kind: z.enum(['day', 'week', 'month', 'quarter', 'year']), date: ymd }),
  z.object({ kind: z.literal('custom'), from: ymd, to: ymd }),
]);
export type RangeQuery = z.infer<typeof rangeQuery>;

/** A range as a query string, the way rangeQuery reads it. */
export const rangeParams = (q: RangeQuery) => (q.kind === 'custom' ? `kind=custom&from=${q.from}&to=${q.to}` : `kind=${q.kind}&date=${q.date}`);

/** GET /api/admin/stats/comments: a page of comments, older than (beforeAt, beforeId). */
export const commentsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeAt: z.coerce.number().int().min(0).optional(),
  beforeId: z.string().min(1).max(64).optional(),
});

export const statsRange = z.object({
  kind: z.enum(RANGE_KINDS),
  /** first local day, YYYY-MM-DD, included */
  from: z.string(),
  /** last local day, YYYY-MM-DD, included */
  to: z.string(),
  days: z.number(),
});
export type StatsRange = z.infer<typeof statsRange>;

export const DIMENSIONS = ['counter', 'staff', 'procedure', 'field', 'source'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const count = z.number();
export const scoreCounts = z.object({ '1': count, '2': count, '3': count, '4': count, '5': count });

export const level3Counts = z.object({ verySatisfied: count, satisfied: count, notSatisfied: count });
export type Level3Counts = z.infer<typeof level3Counts>;

export const ratingBlock = z.object({
  total: count,
  flagged: count,
  byScore: scoreCounts,
  /** 5 → Rất hài lòng, 4 → Hài lòng, 3/2/1 → Không hài lòng (docs/statistics.md) */
  level3: level3Counts,
  /** (5 + 4) / total, 0..1; null without ratings */
  satisfactionRate: z.number().nullable(),
  /** mean canonical score 1..5; null without ratings */
  meanScore: z.number().nullable(),
});
export type RatingBlock = z.infer<typeof ratingBlock>;

export const fileBlock = z.object({
  received: count,
  ready: count,
  returned: count,
  /** files that became late in the period */
  late: count,
  /** of the files returned in the period: ready before they became late */
  returnedOnTime: count,
  /** of the files returned in the period: late at some point */
  returnedLate: count,
  /** received by the end of the period and not yet closed then */
  inProgress: count,
  /** of the files returned in the period: mean days from reception to ready (calendar days, 1 decimal) */
  avgProcessingDays: z.number().nullable(),
  apologies: count,
});
export type FileBlock = z.infer<typeof fileBlock>;

export const breakdownRow = z.object({
  /** the id (counter id, user id, procedure code, field name, source); '' = not known (no staff / no file linked) */
  key: z.string(),
  label: z.string(),
  ratings: ratingBlock,
  /** files attributed the same way (the file's counter, the staff who received it, its procedure and field); none by source */
  files: fileBlock.nullable(),
});
export type BreakdownRow = z.infer<typeof breakdownRow>;

export const trendPoint = z.object({ day: z.string(), ratings: ratingBlock, filesReceived: count, filesReturned: count });
export type TrendPoint = z.infer<typeof trendPoint>;

/** The ratings of one local hour (Asia/Ho_Chi_Minh) of a one-day period: hour 8 holds 08:00–08:59. */
export const hourPoint = z.object({ hour: z.number().int().min(0).max(23), ratings: ratingBlock });
export type HourPoint = z.infer<typeof hourPoint>;

export const heatCell = z.object({
  /** 0 = Sunday … 6 = Saturday */
  weekday: z.number(),
  /** local hour 0..23 */
  hour: z.number(),
  total: count,
  satisfied: count,
  satisfactionRate: z.number().nullable(),
  meanScore: z.number().nullable(),
});
export type HeatCell = z.infer<typeof heatCell>;

const smsCounts = z.object({ sent: count, delivered: count, failed: count });
/** the same counts by channel: Zalo ZNS first, SMS as the fallback (docs/statistics.md) */
const smsByChannel = z.object({ sms: smsCounts, zns: smsCounts });

/** GET /api/admin/stats: every figure of a period. */
export const periodStats = z.object({
  range: statsRange,
  ratings: ratingBlock.extend({ reasons: z.record(z.string(), count), comments: count }),
  files: fileBlock,
  sms: smsCounts,
  smsByChannel,
  breakdown: z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, z.array(breakdownRow)])) as Record<Dimension, z.ZodArray<typeof breakdownRow>>),
  trend: z.array(trendPoint),
  /** a day's trend by hour: 24 points (hours 0–23, hours without ratings included) when the period is one day, else null */
  hourly: z.array(hourPoint).length(24).nullable(),
  heat: z.array(heatCell),
});
export type PeriodStats = z.infer<typeof periodStats>;

/** One comment as GET /api/admin/stats/comments lists it (phone numbers typed into it masked). */
export const commentRow = z.object({
  id: z.string(),
  ratedAt: z.number(),
  day: z.string(),
  counter: z.string(),
  staff: z.string().nullable(),
  score: z.number(),
  source: z.string(),
  reasons: z.array(z.string()),
  comment: z.string(),
});
export type CommentRow = z.infer<typeof commentRow>;

export const commentsPage = z.object({ items: z.array(commentRow), next: z.object({ ratedAt: z.number(), id: z.string() }).nullable() });
export type CommentsPage = z.infer<typeof commentsPage>;
