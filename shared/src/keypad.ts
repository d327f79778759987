/**
 * A USB keypad read as a Linux input device (docs/firmware/, decision 0065): the key → button map an agent's config
 * holds, and the kernel's `struct input_event` records it reads. Pure and browser-safe (DataView, no Buffer).
 */
import { z } from 'zod';

/** Event types and key values from linux/input-event-codes.h. */
export const EV_SYN = 0;
export const EV_KEY = 1;
export const EV_MSC = 4;
export const KEY_UP = 0;
export const KEY_DOWN = 1;
export const KEY_REPEAT = 2;

/**
 * Key names as linux/input-event-codes.h spells them, for the keys a cheap keypad or macro pad sends. Any other key
 * can be mapped by its decimal code ("183").
 */
export const KEY_CODES: Readonly<Record<string, number>> = (() => {
  const t: Record<string, number> = { KEY_ESC: 1, KEY_MINUS: 12, KEY_EQUAL: 13, KEY_BACKSPACE: 14, KEY_TAB: 15, KEY_ENTER: 28, KEY_LEFTCTRL: 29, KEY_LEFTSHIFT: 42, KEY_RIGHTSHIFT: 54, KEY_LEFTALT: 56, KEY_SPACE: 57, KEY_CAPSLOCK: 58, KEY_NUMLOCK: 69, KEY_SCROLLLOCK: 70 };
  '1234567890'.split('').forEach((d, i) => (t[`KEY_${d}`] = 2 + i));
  'QWERTYUIOP'.split('').forEach((c, i) => (t[`KEY_${c}`] = 16 + i));
  'ASDFGHJKL'.split('').forEach((c, i) => (t[`KEY_${c}`] = 30 + i));
  'ZXCVBNM'.split('').forEach((c, i) => (t[`KEY_${c}`] = 44 + i));
  for (let i = 1; i <= 10; i++) t[`KEY_F${i}`] = 58 + i;
  t.KEY_F11 = 87;
  t.KEY_F12 = 88;
  for (let i = 13; i <= 24; i++) t[`KEY_F${i}`] = 170 + i;
  Object.assign(t, { KEY_KP7: 71, KEY_KP8: 72, KEY_KP9: 73, KEY_KPMINUS: 74, KEY_KP4: 75, KEY_KP5: 76, KEY_KP6: 77, KEY_KPPLUS: 78, KEY_KP1: 79, KEY_KP2: 80, KEY_KP3: 81, KEY_KP0: 82, KEY_KPDOT: 83, KEY_KPENTER: 96, KEY_RIGHTCTRL: 97, KEY_KPSLASH: 98, KEY_KPASTERISK: 55, KEY_RIGHTALT: 100, KEY_HOME: 102, KEY_UP: 103, KEY_PAGEUP: 104, KEY_LEFT: 105, KEY_RIGHT: 106, KEY_END: 107, KEY_DOWN: 108, KEY_PAGEDOWN: 109, KEY_INSERT: 110, KEY_DELETE: 111, KEY_MUTE: 113, KEY_VOLUMEDOWN: 114, KEY_VOLUMEUP: 115, KEY_PLAYPAUSE: 164, KEY_NEXTSONG: 163, KEY_PREVIOUSSONG: 165 });
  return t;
})();

/** The highest key code the kernel defines (KEY_MAX). */
export const KEY_MAX = 0x2ff;

/** A key's code from its name (`KEY_A`, `key_kp1`) or its decimal code (`30`); null when neither. */
export function keyCodeOf(name: string): number | null {
  if (/^[0-9]{1,3}$/.test(name)) {
    const n = Number(name);
    return n >= 1 && n <= KEY_MAX ? n : null;
  }
  return KEY_CODES[name.toUpperCase()] ?? null;
}

/** The name of a key code for logs and the installer's output, or its number. */
export function keyNameOf(code: number): string {
  for (const [name, c] of Object.entries(KEY_CODES)) if (c === code) return name;
  return String(code);
}

export const DEFAULT_KEYPAD_GAP_MS = 1000;

/** The `keypad` section of the agent's config file, as written by hand. Semantic checks are in parseKeypadConfig. */
export const keypadConfigSchema = z.strictObject({
  /** key name or decimal code → button (1 = leftmost, most satisfied) */
  keys: z.record(z.string().min(1).max(32), z.number()),
  /** presses closer than this to the last one taken are ignored (a citizen pressing twice, a bouncing key) */
  minGapMs: z.number().int().min(0).max(60_000).optional(),
});
export type KeypadConfigInput = z.infer<typeof keypadConfigSchema>;

export interface KeypadMap {
  /** key code → button */
  buttons: Map<number, number>;
  minGapMs: number;
}

export type KeypadConfigReason = 'keypad-config-missing' | 'keypad-config-invalid' | 'keypad-no-keys' | 'keypad-unknown-key' | 'keypad-bad-button' | 'keypad-key-mapped-twice';

export type KeypadConfigResult = { ok: true; keypad: KeypadMap } | { ok: false; reason: KeypadConfigReason; detail: string };

/** Checks a config's `keypad` section and builds the code → button map. Never throws. */
export function parseKeypadConfig(raw: unknown): KeypadConfigResult {
  if (raw === undefined || raw === null) return { ok: false, reason: 'keypad-config-missing', detail: 'the config has no "keypad" section with a key → button map' };
  const r = keypadConfigSchema.safeParse(raw);
  if (!r.success) {
    return { ok: false, reason: 'keypad-config-invalid', detail: r.error.issues.map((i) => `keypad.${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  const entries = Object.entries(r.data.keys);
  if (entries.length === 0) return { ok: false, reason: 'keypad-no-keys', detail: 'keypad.keys maps no key' };
  const buttons = new Map<number, number>();
  for (const [name, button] of entries) {
    const code = keyCodeOf(name);
    if (code === null) return { ok: false, reason: 'keypad-unknown-key', detail: `keypad.keys.${name}: not a key name (KEY_A, KEY_KP1, KEY_F13 …) nor a key code 1–${KEY_MAX}` };
    if (!Number.isInteger(button) || button < 1 || button > 5) return { ok: false, reason: 'keypad-bad-button', detail: `keypad.keys.${name}: button must be 1–5, not ${button}` };
    if (buttons.has(code)) return { ok: false, reason: 'keypad-key-mapped-twice', detail: `keypad.keys.${name}: key ${code} is already mapped` };
    buttons.set(code, button);
  }
  return { ok: true, keypad: { buttons, minGapMs: r.data.minGapMs ?? DEFAULT_KEYPAD_GAP_MS } };
}

export interface InputEvent {
  /** the kernel's timestamp (CLOCK_REALTIME unless a client changed it), in ms */
  timeMs: number;
  type: number;
  code: number;
  value: number;
}

/**
 * Size of `struct input_event` for a process of this architecture: a timeval of two longs, then type u16, code u16,
 * value s32. 24 bytes for a 64-bit process; 16 for a 32-bit one (armhf Raspberry Pi OS, even on a 64-bit kernel,
 * which answers 32-bit readers in the compat layout).
 */
export function inputEventSize(arch: string): 16 | 24 {
  return arch === 'arm' || arch === 'ia32' || arch === 'mips' || arch === 'mipsel' || arch === 'ppc' ? 16 : 24;
}

/** Decodes one little-endian record of `size` bytes at `offset`. */
export function decodeInputEvent(bytes: Uint8Array, size: 16 | 24, offset = 0): InputEvent {
  const v = new DataView(bytes.buffer, bytes.byteOffset + offset, size);
  const half = size === 24 ? 8 : 4;
  const sec = half === 8 ? Number(v.getBigInt64(0, true)) : v.getInt32(0, true);
  const usec = half === 8 ? Number(v.getBigInt64(8, true)) : v.getInt32(4, true);
  return { timeMs: sec * 1000 + Math.floor(usec / 1000), type: v.getUint16(2 * half, true), code: v.getUint16(2 * half + 2, true), value: v.getInt32(2 * half + 4, true) };
}

/** Encodes one record: what the kernel writes, used by tests and the recorded-event fixtures. */
export function encodeInputEvent(e: InputEvent, size: 16 | 24 = 24): Uint8Array {
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  const half = size === 24 ? 8 : 4;
  const sec = Math.floor(e.timeMs / 1000);
  const usec = (e.timeMs - sec * 1000) * 1000;
  if (half === 8) {
    v.setBigInt64(0, BigInt(sec), true);
    v.setBigInt64(8, BigInt(usec), true);
  } else {
    v.setInt32(0, sec, true);
    v.setInt32(4, usec, true);
  }
  v.setUint16(2 * half, e.type, true);
  v.setUint16(2 * half + 2, e.code, true);
  v.setInt32(2 * half + 4, e.value, true);
  return out;
}

/** What a keyboard sends for one key stroke: MSC_SCAN, EV_KEY down, SYN_REPORT (and the same for the release). */
export function keyStroke(code: number, timeMs: number, opts: { scan?: number; repeats?: number; releaseAfterMs?: number } = {}): InputEvent[] {
  const out: InputEvent[] = [];
  const report = (t: number) => out.push({ timeMs: t, type: EV_SYN, code: 0, value: 0 });
  out.push({ timeMs, type: EV_MSC, code: 4, value: opts.scan ?? 0x70000 + code });
  out.push({ timeMs, type: EV_KEY, code, value: KEY_DOWN });
  report(timeMs);
  for (let i = 1; i <= (opts.repeats ?? 0); i++) {
    out.push({ timeMs: timeMs + 250 + 33 * i, type: EV_KEY, code, value: KEY_REPEAT });
    report(timeMs + 250 + 33 * i);
  }
  const up = timeMs + (opts.releaseAfterMs ?? 80) + (opts.repeats ? 250 + 33 * opts.repeats : 0);
  out.push({ timeMs: up, type: EV_MSC, code: 4, value: opts.scan ?? 0x70000 + code });
  out.push({ timeMs: up, type: EV_KEY, code, value: KEY_UP });
  report(up);
  return out;
}
