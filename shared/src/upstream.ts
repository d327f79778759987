/** The upstream outbox as the admin sees it (docs/upstream.md): GET /api/admin/upstream and its summaries. */
import { z } from 'zod';
import { isValidDay } from './time.js';

export const UPSTREAM_STATUSES = ['pending', 'sent', 'failed', 'superseded'] as const;
export type UpstreamStatus = (typeof UPSTREAM_STATUSES)[number];

const day = z.string().refine(isValidDay, 'a day is YYYY-MM-DD');
/** GET /api/admin/upstream/summaries */
export const upstreamListQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  status: z.enum(UPSTREAM_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type UpstreamListQuery = z.infer<typeof upstreamListQuery>;

/** One day's summary in the outbox: its revision, where its delivery stands, and the receiver's last answer. */
export const summaryView = z.object({
  date: z.string(),
  revision: z.number(),
  status: z.enum(UPSTREAM_STATUSES),
  attempts: z.number(),
  createdAt: z.number(),
  nextAttemptAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  lastDetail: z.string().nullable(),
  sentAt: z.number().nullable(),
  answer: z.string().nullable(),
  ratingsTotal: z.number().nullable(),
});
export type SummaryView = z.infer<typeof summaryView>;

/** The last thing the link to the receiver said: a send or a link test. */
export const linkState = z.object({
  at: z.number(),
  ok: z.boolean(),
  source: z.enum(['send', 'test']),
  status: z.number().nullable(),
  reason: z.string(),
  detail: z.string().nullable(),
});
export type LinkState = z.infer<typeof linkState>;

/** GET /api/admin/upstream */
export const upstreamStatusView = z.object({
  enabled: z.boolean(),
  url: z.string().nullable(),
  commune: z.object({ code: z.string(), name: z.string() }),
  sendAt: z.string(),
  lastDueDay: z.string(),
  held: z.boolean(),
  link: linkState.nullable(),
  counts: z.record(z.enum(UPSTREAM_STATUSES), z.number()),
});
export type UpstreamStatusView = z.infer<typeof upstreamStatusView>;
