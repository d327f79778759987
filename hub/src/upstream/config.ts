import { z } from 'zod';

/** "HH:MM" local time (Asia/Ho_Chi_Minh) → minutes after local midnight. Throws on anything else. */
export function parseSendAt(spec: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(spec.trim());
  if (!m) throw new Error(`send time must look like 23:55, not "${spec}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The `upstream` section of the hub configuration (config file key "upstream", or UPSTREAM_URL, UPSTREAM_SECRET,
 * UPSTREAM_SEND_AT). No url: sending is off. The secret is masked in logs (its key is "secret").
 */
export const upstreamConfigSchema = z.strictObject({
  /** the receiver's base URL; summaries go to <url>/api/v1/summaries */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** the commune's shared secret, given by the province (`hub commune add` on the receiver) */
  secret: z.string().min(1).optional(),
  /** local time from which today's summary is built and sent (later data: a new revision) */
  sendAt: z
    .string()
    .default('23:55')
    .refine((s) => {
      try {
        parseSendAt(s);
        return true;
      } catch {
        return false;
      }
    }, 'send time looks like 23:55 (HH:MM, local time)'),
  /** one HTTP request to the receiver */
  requestTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  retry: z
    .strictObject({
      baseMs: z.number().int().min(100).default(30_000),
      maxMs: z.number().int().min(1000).default(3_600_000),
    })
    .prefault({}),
});
export type UpstreamConfig = z.infer<typeof upstreamConfigSchema>;

export function upstreamEnvLayer(env: NodeJS.ProcessEnv): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (env.UPSTREAM_URL) out.url = env.UPSTREAM_URL;
  if (env.UPSTREAM_SECRET) out.secret = env.UPSTREAM_SECRET;
  if (env.UPSTREAM_SEND_AT) out.sendAt = env.UPSTREAM_SEND_AT;
  return Object.keys(out).length ? out : null;
}
