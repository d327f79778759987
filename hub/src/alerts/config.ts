import { z } from 'zod';

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
const window = z
  .string()
  .regex(/^\d\d:\d\d-\d\d:\d\d$/, 'office hours: HH:MM-HH:MM')
  .refine((s) => s.split('-').every((p) => hhmm.test(p)) && s.split('-')[0]! < s.split('-')[1]!, 'office hours: a valid HH:MM-HH:MM, start before end');

/** `alerts` in the hub config (docs/operations.md). Read through a getter, so admin-edited settings take effect. */
export const alertsConfigSchema = z.strictObject({
  /** a counter's satisfaction ((4+5) / total) over its last `lastN` unflagged ratings under this raises an alert */
  satisfactionBelow: z.number().min(0).max(1).default(0.6),
  lastN: z.number().int().min(3).max(500).default(20),
  /** office hours on working days (the holiday calendar decides which days), local time */
  officeHours: z.array(window).min(1).default(['07:30-11:30', '13:30-17:00']),
  /** a device offline this long during office hours raises an alert */
  offlineAfterMinutes: z.number().int().min(1).max(600).default(10),
  /** this many SMS attempts failing in a row (no success between) raise the gateway alert */
  smsFailuresInARow: z.number().int().min(1).max(100).default(3),
  /** a daily summary still not accepted upstream after this many attempts raises the upstream alert */
  upstreamFailedAttempts: z.number().int().min(1).max(100).default(3),
  /** a phone that gets each new alert by SMS (through the outbox, respecting its quiet hours); none = page only */
  phone: z.string().trim().min(9).max(20).optional(),
});
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
