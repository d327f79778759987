/*
 * Kept apart from ./protocol.ts's schemas so a page that only sends (the kiosk) can use it without carrying zod.
 */
import type { ReasonCode } from './protocol.js';

/**
 * Refusals of a press or rating that no retry can change (the event itself is wrong): a sender sets that one aside
 * and goes on with the rest instead of blocking its queue. Every other refusal (storage-failed, shutting-down,
 * rate-limited, …) and every silence is retried. docs/decisions/0070-one-delivery-loop.md.
 */
export const NEVER_RETRY_REASONS: readonly ReasonCode[] = ['invalid-payload', 'button-out-of-range', 'score-not-on-scale', 'not-allowed-for-kind'];

/** Whether a refusal is one of NEVER_RETRY_REASONS (takes any string: an old hub may answer a code this build lacks). */
export function neverRetried(reason: string): boolean {
  return (NEVER_RETRY_REASONS as readonly string[]).includes(reason);
}
