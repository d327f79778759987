import { describe, expect, it } from 'vitest';
import { decodeInputEvent, encodeInputEvent, EV_KEY, inputEventSize, keyCodeOf, keyNameOf, keyStroke, KEY_DOWN, parseKeypadConfig } from './keypad.js';

describe('keypad config', () => {
  it('maps key names and decimal codes to buttons, with a default gap', () => {
    const r = parseKeypadConfig({ keys: { KEY_KP1: 1, key_kp2: 2, '183': 3 } });
    expect(r.ok && [...r.keypad.buttons].sort((a, b) => a[0] - b[0])).toEqual([
      [79, 1],
      [80, 2],
      [183, 3],
    ]);
    expect(r.ok && r.keypad.minGapMs).toBe(1000);
  });
  it('refuses a bad section with a stable reason code', () => {
    const reason = (raw: unknown) => {
      const r = parseKeypadConfig(raw);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason(undefined)).toBe('keypad-config-missing');
    expect(reason({ keys: [] })).toBe('keypad-config-invalid');
    expect(reason({ keys: { KEY_A: 1 }, minGapMs: -5 })).toBe('keypad-config-invalid');
    expect(reason({ keys: { KEY_A: 1 }, extra: true })).toBe('keypad-config-invalid');
    expect(reason({ keys: {} })).toBe('keypad-no-keys');
    expect(reason({ keys: { KEY_NOPE: 1 } })).toBe('keypad-unknown-key');
    expect(reason({ keys: { '0': 1 } })).toBe('keypad-unknown-key');
    expect(reason({ keys: { KEY_A: 6 } })).toBe('keypad-bad-button');
    expect(reason({ keys: { KEY_A: 1.5 } })).toBe('keypad-bad-button');
    expect(reason({ keys: { KEY_A: 1, '30': 2 } })).toBe('keypad-key-mapped-twice');
  });
  it('names codes back', () => {
    expect(keyCodeOf('KEY_F13')).toBe(183);
    expect(keyNameOf(30)).toBe('KEY_A');
    expect(keyNameOf(700)).toBe('700');
  });
});

describe('struct input_event', () => {
  it('is 24 bytes for a 64-bit process and 16 for a 32-bit one', () => {
    expect(inputEventSize('x64')).toBe(24);
    expect(inputEventSize('arm64')).toBe(24);
    expect(inputEventSize('arm')).toBe(16);
  });
  it('decodes what the kernel writes, in both layouts', () => {
    const e = { timeMs: 1_764_645_000_123, type: EV_KEY, code: 79, value: KEY_DOWN };
    for (const size of [16, 24] as const) {
      const bytes = encodeInputEvent(e, size);
      expect(bytes.length).toBe(size);
      expect(decodeInputEvent(bytes, size)).toEqual(e);
    }
    // the 64-bit layout byte by byte: type at 16, code at 18, value at 20
    const b = encodeInputEvent(e, 24);
    expect([b[16], b[17], b[18], b[19], b[20]]).toEqual([1, 0, 79, 0, 1]);
  });
  it('a key stroke is scan, down, report, then the same for the release', () => {
    const s = keyStroke(30, 1000, { repeats: 2 });
    expect(s.filter((e) => e.type === EV_KEY).map((e) => e.value)).toEqual([1, 2, 2, 0]);
  });
});
