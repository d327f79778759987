/**
 * Every message that crosses a process boundary: socket.io events and REST bodies.
 * Both sides parse with these schemas; the types are inferred from them. See docs/protocols/socket.md.
 */
import { z } from 'zod';
import { REASON_CODES } from './scale.js';
import { UUID_V7_RE } from './uuid.js';

/** The one ack envelope: `{ ok: true, data } | { ok: false, reason, detail? }`. */
export type Ack<T> = { ok: true; data: T } | { ok: false; reason: ReasonCode; detail?: string };
export const ok = <T>(data: T): Ack<T> => ({ ok: true, data });
export const fail = (reason: ReasonCode, detail?: string): { ok: false; reason: ReasonCode; detail?: string } =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

/** Stable reason codes. Clients branch on these; never rename one. */
export const REASONS = [
  'invalid-payload',
  'button-out-of-range',
  'score-not-on-scale',
  'unauthorized',
  'token-revoked',
  'forbidden-origin',
  'bad-pairing-code',
  'pairing-code-expired',
  'pairing-code-used',
  'counter-not-found',
  'device-not-found',
  'duplicate-name',
  'storage-failed',
  'not-found',
  'bad-date',
  /** a file received at the counter with an appointment already past: received earlier? say so (receivedOn) */
  'due-date-past',
  /** a late entry more than LATE_ENTRY_MAX_DAYS after the day the file was received */
  'late-entry-too-old',
  'rate-limited',
  'shutting-down',
  'internal-error',
  // accounts, procedures and files (issue 3)
  'forbidden',
  'account-disabled',
  'counter-required',
  'weak-password',
  'last-admin',
  'user-not-found',
  'token-not-found',
  'procedure-not-found',
  'duplicate-code',
  'invalid-csv',
  'file-not-found',
  'transition-not-allowed',
  // SMS (issue 3)
  'phone-invalid',
  'phone-not-mobile',
  'sms-template-invalid',
  'sms-not-resendable',
  'bad-signature',
  // statistics and exports (issue 4 §2–3)
  'bad-range',
  'export-not-found',
  'export-not-ready',
  // the upstream receiver (issue 5 §2)
  'invalid-body',
  'stale-revision',
  'commune-not-found',
  // admin settings (issue 4 §1)
  'setting-locked',
  // the upstream sender (issue 5 §1)
  'upstream-not-configured',
  // operations: backups (issue 4 §5)
  'backup-failed',
  // a request for a Host name the hub is not known by: DNS rebinding (issue 11, finding 8)
  'host-not-allowed',
  // device trust (issue 11, findings 5 and 6)
  'not-allowed-for-kind',
  'counter-occupied',
  // staff photos shown on the kiosk (issue 14 §3)
  'photo-too-large',
  'photo-type-not-allowed',
  // the clerk's undo (issue 14 §2)
  'nothing-to-undo',
  'undo-window-closed',
] as const;
export type ReasonCode = (typeof REASONS)[number];

export { NEVER_RETRY_REASONS, neverRetried } from './retry.js';

export const deviceKind = z.enum(['agent', 'kiosk']);
export type DeviceKind = z.infer<typeof deviceKind>;

const buttonCount = z.number().int().min(2).max(5);
const scoreSchema = z.number().int().min(1).max(5);

export const scaleSchema = z.object({
  buttons: buttonCount,
  map: z.array(scoreSchema).min(2).max(5),
});

// ---------- REST ----------

export const pairRequest = z.strictObject({
  code: z.string().trim().regex(/^[0-9]{8}$/, 'a pairing code is 8 digits'),
  kind: deviceKind,
  label: z.string().trim().min(1).max(60).optional(),
});
export type PairRequest = z.infer<typeof pairRequest>;

export const deviceConfig = z.object({
  deviceId: z.string(),
  kind: deviceKind,
  counter: z.object({ id: z.string(), name: z.string() }),
  scale: scaleSchema,
  minIntervalS: z.number(),
});
export type DeviceConfig = z.infer<typeof deviceConfig>;

export const pairResponse = deviceConfig.extend({ token: z.string() });
export type PairResponse = z.infer<typeof pairResponse>;

export const counterName = z.string().trim().min(1).max(60);
export const createCounterRequest = z.strictObject({
  name: counterName,
  buttons: buttonCount.default(4),
  minIntervalS: z.number().min(0).max(600).default(3),
});
export type CreateCounterRequest = z.input<typeof createCounterRequest>;

/** A counter as the admin API returns it. */
export const counterView = z.object({
  id: z.string(),
  name: z.string(),
  buttons: buttonCount,
  minIntervalS: z.number(),
  createdAt: z.number(),
});
export type CounterView = z.infer<typeof counterView>;

/** The answer to POST /api/admin/counters/:id/pair-code. */
export const pairingCodeView = z.object({ code: z.string(), expiresAt: z.number() });
export type PairingCodeView = z.infer<typeof pairingCodeView>;

export const updateDeviceRequest = z.strictObject({
  label: z.string().trim().min(1).max(60).optional(),
  scale: scaleSchema.optional(),
  minIntervalS: z.number().min(0).max(600).optional(),
});
export type UpdateDeviceRequest = z.infer<typeof updateDeviceRequest>;

export const adminLoginRequest = z.strictObject({ password: z.string().min(1).max(200) });

export const dayQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

// ---------- socket.io, namespace /device (agents and kiosks) ----------

export const ratingEvent = z.strictObject({
  /** UUIDv7 made where the press was born (the agent or the kiosk). */
  id: z.string().regex(UUID_V7_RE, 'id must be a UUIDv7'),
  source: z.enum(['button', 'touch']),
  /** 1..buttons, left to right. Required for source=button. */
  button: z.number().int().min(1).max(5).optional(),
  /** canonical score. Required for source=touch (the kiosk shows the scale itself). */
  score: scoreSchema.optional(),
  /** the device's clock when the citizen pressed, epoch ms */
  deviceTime: z.number().int().min(0).max(8.64e15),
  reasons: z.array(z.enum(REASON_CODES)).max(REASON_CODES.length).optional(),
  comment: z.string().max(500).optional(),
  /** the button box and its sequence number, from the agent */
  box: z.strictObject({ serial: z.string().regex(/^[A-Za-z0-9-]{1,16}$/), seq: z.number().int().min(0).max(65535) }).optional(),
}).refine((e) => (e.source === 'button' ? e.button !== undefined && e.score === undefined : e.score !== undefined && e.button === undefined), {
  message: 'a button press carries button, a touch carries score',
});
export type RatingEvent = z.infer<typeof ratingEvent>;

/** The data of `rating:submit`'s ack: the rating's id, whether it was already stored, flagged, and its score. */
export const ratingAckData = z.object({
  id: z.string(),
  /** the id was stored before: nothing new was stored, the rest is as it was stored then */
  duplicate: z.boolean(),
  /** stored, but closer than the device's minimum interval to another rating: left out of every figure */
  flagged: z.boolean(),
  /** the canonical score (1–5) the rating was stored with */
  score: scoreSchema,
});
export type RatingAckData = z.infer<typeof ratingAckData>;

/** The agent's view of its button box. */
export const boxStatus = z.strictObject({
  portPath: z.string().max(200),
  portOpen: z.boolean(),
  /** keypad: a USB keypad read as a Linux input device (`run --input`) */
  mode: z.enum(['v1', 'raw', 'simulated', 'keypad']),
  /** true when the box spoke within the last 30 s (a keypad: while its device is open) */
  online: z.boolean(),
  hello: z.strictObject({ serial: z.string().max(16), firmware: z.string().max(16), buttons: z.number().int(), at: z.number() }).nullable(),
  lastBeatAt: z.number().nullable(),
  lastHeardAt: z.number().nullable(),
  droppedLines: z.number().int().min(0),
  queued: z.number().int().min(0),
});
export type BoxStatus = z.infer<typeof boxStatus>;

export interface DeviceToHub {
  'rating:submit': (e: unknown, ack: (a: Ack<RatingAckData>) => void) => void;
  'box:status': (s: unknown, ack?: (a: Ack<null>) => void) => void;
}
export interface HubToDevice {
  'device:config': (c: DeviceConfig) => void;
  'device:revoked': () => void;
  /** the hub asks a kiosk or box to invite a rating (a returned file); later issues use it */
  'device:invite': (i: { ms: number }) => void;
  /** to a kiosk: who is on duty at its counter now, sent at connection and whenever it changes (issue 14 §3) */
  'device:duty': (d: DeviceDuty) => void;
}

/** The clerk on duty at a kiosk's counter, or null: the kiosk shows the name, title and photo to the citizen. */
export interface DeviceDuty {
  counterId: string;
  onDuty: { name: string; title: string | null; photo: StaffPhoto | null } | null;
}

/** A staff photo as the hub stores and sends it: one of STAFF_PHOTO_TYPES, base64, at most STAFF_PHOTO_MAX_BYTES. */
export interface StaffPhoto {
  type: StaffPhotoType;
  base64: string;
}
export const STAFF_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type StaffPhotoType = (typeof STAFF_PHOTO_TYPES)[number];
/** The admin page scales a photo to 360×480 before sending it; this bound keeps any upload small on the kiosk's link. */
export const STAFF_PHOTO_MAX_BYTES = 200 * 1024;

// ---------- socket.io, namespace /live (admin pages) ----------

export type ScoreCounts = Record<'1' | '2' | '3' | '4' | '5', number>;

export interface DevicePresence {
  deviceId: string;
  counterId: string;
  kind: DeviceKind;
  label: string | null;
  online: boolean;
  lastSeenAt: number | null;
  revoked: boolean;
  box: BoxStatus | null;
}

export interface LiveCounter {
  id: string;
  name: string;
  buttons: number;
  total: number;
  flagged: number;
  byScore: ScoreCounts;
  lastRatingAt: number | null;
  devices: DevicePresence[];
}

export interface LiveSnapshot {
  day: string;
  counters: LiveCounter[];
}

export interface LiveRating {
  id: string;
  counterId: string;
  deviceId: string;
  score: number;
  flagged: boolean;
  source: 'button' | 'touch';
  at: number;
}

export interface HubToLive {
  'live:snapshot': (s: LiveSnapshot) => void;
  'live:rating': (r: LiveRating) => void;
  'live:presence': (p: DevicePresence) => void;
}

/** Bound on any socket message, in bytes (socket.io's maxHttpBufferSize). */
export const MAX_SOCKET_MESSAGE_BYTES = 16 * 1024;
