import { z } from 'zod';
import { ZNS_TEMPLATE_KINDS } from './settings.js';

/**
 * The Zalo ZNS admin API (docs/sms.md, "Zalo ZNS"): the bodies the hub takes and the answers it gives, one schema
 * each for the hub, the admin page and docs/openapi.yaml.
 */

/** POST /api/admin/zns/test ("gửi thử"): a number, and optionally the kind whose template to try (default: the first set up). */
export const znsTestRequest = z.strictObject({ to: z.string().min(1).max(40), kind: z.enum(ZNS_TEMPLATE_KINDS).optional() });
export type ZnsTestRequest = z.input<typeof znsTestRequest>;

/** PUT /api/admin/zns/refresh-token: a refresh token from the Zalo developer console (write-only). */
export const znsRefreshTokenRequest = z.strictObject({ refreshToken: z.string().trim().min(8).max(2000) });
export type ZnsRefreshTokenRequest = z.input<typeof znsRefreshTokenRequest>;

/** Why the OA token could not be refreshed: Zalo refused the refresh token, or a refresh's answer was lost (token spent). */
export const ZNS_TOKEN_FAILURES = ['refused', 'lost'] as const;

/** GET /api/admin/zns/status (also the answer of PUT …/refresh-token). Secrets never appear in it. */
export const znsStatus = z.object({
  enabled: z.boolean(),
  appId: z.string().nullable(),
  /** per kind, the approved template's id, or null when the kind goes by SMS */
  templates: z.record(z.enum(ZNS_TEMPLATE_KINDS), z.string().nullable()),
  /** webhook: Zalo's delivery events reach PUBLIC_BASE_URL; polling: the hub asks for each message's status */
  deliveryReports: z.enum(['webhook', 'polling']),
  webhookUrl: z.string().nullable(),
  token: z.object({
    hasRefreshToken: z.boolean(),
    /** epoch ms */
    accessExpiresAt: z.number().nullable(),
    refresh: z.enum(['idle', 'begun', 'failed']),
    /** the last refresh that failed: Zalo's code, its words, when (epoch ms) */
    failure: z.object({ why: z.enum(ZNS_TOKEN_FAILURES), code: z.string(), text: z.string(), at: z.number() }).nullable(),
  }),
});
export type ZnsStatus = z.infer<typeof znsStatus>;

/** The answer of "gửi thử": accepted or not, a stable code, and the result in plain words in both languages. */
export const znsTestResult = z.object({ ok: z.boolean(), code: z.string(), vi: z.string(), en: z.string(), msgId: z.string().nullable() });
export type ZnsTestResult = z.infer<typeof znsTestResult>;
