import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Device tokens are 256 random bits; only their SHA-256 is stored, so a copied database cannot impersonate a device. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Pairing codes are 8 digits: typed on a kiosk's on-screen keypad, short-lived and single-use. */
export const newPairingCode = (): string => String(randomInt(0, 100_000_000)).padStart(8, '0');
