import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Device tokens are 256 random bits; only their SHA-256 is stored, so a copied database cannot impersonate a device. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Pairing codes are 8 digits: typed on a kiosk's on-screen keypad, short-lived and single-use. */
export const newPairingCode = (): string => String(randomInt(0, 100_000_000)).padStart(8, '0');

/**
 * What a device token may send, by the kind it was paired as (issue 11, finding 5). A kiosk is a touchscreen: it has
 * no button box, so it may not send presses (`source: "button"`) or `box:status`; an agent reads a button box, so it
 * may not send touches. A token copied from a kiosk (a public screen) then cannot pose as a box, nor the reverse.
 */
export const TOKEN_SCOPES = {
  agent: { sources: ['button'], events: ['rating:submit', 'box:status'] },
  kiosk: { sources: ['touch'], events: ['rating:submit'] },
} as const satisfies Record<'agent' | 'kiosk', { sources: readonly ('button' | 'touch')[]; events: readonly string[] }>;

export type DeviceEventName = 'rating:submit' | 'box:status';

/** Whether a device of this kind may send this event (and, for a rating, from this source). */
export function tokenAllows(kind: 'agent' | 'kiosk', event: DeviceEventName, source?: 'button' | 'touch'): boolean {
  const scope = TOKEN_SCOPES[kind];
  if (!(scope.events as readonly string[]).includes(event)) return false;
  return source === undefined || (scope.sources as readonly string[]).includes(source);
}
