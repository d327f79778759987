import { describe, expect, it } from 'vitest';
import { dayBounds, formatDateVi, isoLocal, isValidDay, localDay } from './time.js';
import { uuidv7, uuidv7Time, UUID_V7_RE } from './uuid.js';

describe('local time in Asia/Ho_Chi_Minh', () => {
  it('puts 17:00 UTC on the next local day', () => {
    expect(localDay(Date.UTC(2026, 10, 21, 16, 59, 59))).toBe('2026-11-21');
    expect(localDay(Date.UTC(2026, 10, 21, 17, 0, 0))).toBe('2026-11-22');
  });
  it('bounds a local day from 00:00 +07:00', () => {
    const { start, end } = dayBounds('2026-11-22');
    expect(new Date(start).toISOString()).toBe('2026-11-21T17:00:00.000Z');
    expect(end - start).toBe(86_400_000);
  });
  it('writes dates dd/mm/yyyy and ISO with +07:00', () => {
    expect(formatDateVi(Date.UTC(2026, 0, 5, 3))).toBe('05/01/2026');
    expect(isoLocal(Date.UTC(2026, 10, 21, 16, 55, 3))).toBe('2026-11-21T23:55:03+07:00');
  });
  it('knows real calendar days', () => {
    expect(isValidDay('2026-02-28')).toBe(true);
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2026-13-01')).toBe(false);
  });
});

describe('uuidv7', () => {
  it('is a version 7 UUID carrying its time, ordered by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(UUID_V7_RE);
    expect(uuidv7Time(a)).toBe(1_700_000_000_000);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(1)))).toHaveProperty('size', 1000);
  });
});
