/**
 * The hub in its upstream role (docs/upstream.md): the province's communes (GET/POST /api/province/communes) and
 * its report (GET /api/province/report).
 */
import { z } from 'zod';

export const communeCode = z.string().regex(/^[A-Za-z0-9-]{1,16}$/, 'a commune code is 1–16 characters A–Z, a–z, 0–9 or -');
/** POST /api/province/communes */
export const addCommuneRequest = z.strictObject({ code: communeCode, name: z.string().trim().min(1).max(200) });
export type AddCommuneRequest = z.input<typeof addCommuneRequest>;

export const communeView = z.object({ code: z.string(), name: z.string(), createdAt: z.number(), secretRotatedAt: z.number() });
export type CommuneView = z.infer<typeof communeView>;

const count = z.number();
const smsCounts = z.object({ sent: count, delivered: count, failed: count });
export const reportCounts = z.object({
  total: count,
  byScore: z.object({ '1': count, '2': count, '3': count, '4': count, '5': count }),
  flagged: count,
  files: z.object({ received: count, ready: count, returned: count, late: count, apologies: count }),
  sms: smsCounts,
  /** (5 + 4) / total, null when there was no rating */
  satisfaction: z.number().nullable(),
});
export type ReportCounts = z.infer<typeof reportCounts>;

export const LEVELS = ['full', 'partial', 'none'] as const;
export type Level = (typeof LEVELS)[number];

export const communeFigures = reportCounts.extend({
  code: z.string(),
  name: z.string(),
  daysReported: count,
  /** the appendix's two criteria for this commune over the period; null when it sent nothing in the period */
  smsLevel: z.enum(LEVELS).nullable(),
  devicesLevel: z.enum(LEVELS).nullable(),
});
export type CommuneFigures = z.infer<typeof communeFigures>;

const bucket = z.object({ count, communes: z.array(z.string()) });
export type Bucket = z.infer<typeof bucket>;
export const appendixRow = z.object({ criterion: z.enum(['sms', 'devices']), full: bucket, partial: bucket, none: bucket, noData: bucket });
export type AppendixRow = z.infer<typeof appendixRow>;

export const provinceReport = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(z.string()),
  communes: z.array(communeFigures),
  province: reportCounts.extend({ communes: count, communesReporting: count, summaries: count }),
  /** communes with at least one rating, best satisfaction first (ties: more ratings first) */
  ranking: z.array(z.object({ rank: count, code: z.string(), name: z.string(), satisfaction: z.number(), total: count })),
  trend: z.array(z.object({ day: z.string(), total: count, satisfaction: z.number().nullable(), communesReporting: count })),
  /** who has no summary for `to`, and since which day they have been silent (null: never reported) */
  missing: z.array(z.object({ code: z.string(), name: z.string(), lastReported: z.string().nullable(), silentSince: z.string().nullable(), daysMissing: count })),
  /** code → one character per day of the range: "1" reported, "0" not (only when the range is at most MATRIX_MAX_DAYS) */
  matrix: z.record(z.string(), z.string()).nullable(),
  appendix: z.array(appendixRow),
});
export type ProvinceReport = z.infer<typeof provinceReport>;
