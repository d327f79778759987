import { ZNS_ERROR_WORDS } from '@onestop/shared';
import type { SendResult } from '../sms/gateway.js';

/**
 * Zalo's ZNS error codes (the `error` of the answer; their words are shared: ZNS_ERROR_WORDS), sorted the way the
 * outbox needs them:
 *  - `fallback`: refused for this message, and SMS can still reach the citizen (no Zalo account, the number cannot
 *    receive ZNS, template not usable, quota used up, the app or OA misconfigured): the same message goes by SMS, once.
 *  - `token`: the access token was refused: refresh it and try the message again later.
 *  - `temporary`: Zalo says try again later.
 * A code not listed is a definite refusal too (Zalo answered and did not send), so it also falls back to SMS.
 */
const ZNS_ERROR_KINDS: Record<number, 'fallback' | 'token' | 'temporary'> = {
  [-100]: 'temporary',
  [-101]: 'fallback',
  [-102]: 'fallback',
  [-103]: 'fallback',
  [-104]: 'fallback',
  [-105]: 'fallback',
  [-106]: 'fallback',
  [-108]: 'fallback',
  [-109]: 'fallback',
  [-110]: 'fallback',
  [-111]: 'fallback',
  [-112]: 'fallback',
  [-114]: 'fallback',
  [-115]: 'fallback',
  [-116]: 'fallback',
  [-117]: 'fallback',
  [-118]: 'fallback',
  [-119]: 'fallback',
  [-124]: 'token',
};

export const ZNS_ERRORS: Record<number, { kind: 'fallback' | 'token' | 'temporary'; vi: string; en: string }> = Object.fromEntries(
  Object.entries(ZNS_ERROR_KINDS).map(([code, kind]) => [code, { kind, ...ZNS_ERROR_WORDS[Number(code)]! }]),
);

/** The short code stored on the message: zns-118, zns-no-zalo stays readable through the text. */
export const znsCode = (error: number) => `zns${error}`;

/** Zalo's answer with `error` ≠ 0, as a send result. */
export function classifyZnsError(error: number, message: string): SendResult & { fallback?: true } {
  const known = ZNS_ERRORS[error];
  const text = `${known ? known.en : 'refused by Zalo'} (${error}${message ? `: ${message.slice(0, 200)}` : ''})`;
  if (known?.kind === 'temporary') return { kind: 'temporary', code: znsCode(error), text };
  if (known?.kind === 'token') return { kind: 'temporary', code: znsCode(error), text, retryAfterMs: 30_000 };
  return { kind: 'permanent', code: znsCode(error), text, fallback: true };
}

/** OAuth answers (refresh): the refresh token was used before (its pair was lost) or is no longer valid. */
export const OAUTH_TOKEN_SPENT = new Set([-14020, -14014, -14005, -14006]);
