import { z } from 'zod';

/**
 * The upstream role's settings (config key `receiver`). The limits are per minute; the per-commune one is counted per
 * (address, X-Commune-Code), so hundreds of communes behind one provincial proxy are not throttled by each other.
 */
export const receiverConfigSchema = z.strictObject({
  /** signed requests per minute from one address for one commune code (a catch-up after a long outage sends a few hundred days) */
  perCommunePerMin: z.number().int().min(1).default(120),
  /** requests per minute from one address, all communes together */
  perIpPerMin: z.number().int().min(1).default(20_000),
  /** refused (4xx) requests per minute from one address before it is made to wait */
  failuresPerIpPerMin: z.number().int().min(1).default(120),
});
export type ReceiverConfig = z.infer<typeof receiverConfigSchema>;

export function receiverEnvLayer(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (env.RECEIVER_RATE_PER_COMMUNE) out.perCommunePerMin = Number(env.RECEIVER_RATE_PER_COMMUNE);
  if (env.RECEIVER_RATE_PER_IP) out.perIpPerMin = Number(env.RECEIVER_RATE_PER_IP);
  if (env.RECEIVER_FAILURES_PER_IP) out.failuresPerIpPerMin = Number(env.RECEIVER_FAILURES_PER_IP);
  return Object.keys(out).length ? out : undefined;
}
