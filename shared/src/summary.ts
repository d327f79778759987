/**
 * The upstream daily summary, version 1 (../shared/contracts/upstream-daily-summary-v1.md). This zod schema mirrors
 * daily-summary.v1.schema.json; unknown fields are kept (passthrough), as the contract asks of receivers.
 */
import { z } from 'zod';

const count = z.number().int().min(0);
export const byScoreSchema = z.looseObject({ '1': count, '2': count, '3': count, '4': count, '5': count });

export const dailySummarySchema = z.looseObject({
  schema: z.literal('one-stop-daily-summary/1'),
  commune: z.looseObject({
    code: z.string().regex(/^[A-Za-z0-9-]{1,16}$/),
    name: z.string().min(1).max(200),
  }),
  date: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
  revision: z.number().int().min(1),
  generatedAt: z.iso.datetime({ offset: true }),
  ratings: z.looseObject({
    total: count,
    byScore: byScoreSchema,
    flagged: count,
    byCounter: z.array(z.looseObject({ counter: z.string().min(1), total: count, byScore: byScoreSchema })),
    reasons: z.record(z.string(), count),
  }),
  files: z.looseObject({
    received: count,
    ready: count,
    returned: count,
    late: count,
    apologies: count,
    openAtEndOfDay: count,
  }),
  sms: z.looseObject({ sent: count, delivered: count, failed: count }),
  devices: z.looseObject({ configured: count, seenToday: count }),
});
export type DailySummary = z.infer<typeof dailySummarySchema>;
export const DAILY_SUMMARY_SCHEMA_ID = 'one-stop-daily-summary/1';
