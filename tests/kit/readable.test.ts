import { describe, expect, it } from 'vitest';
import { isVietnameseWord, unreadableIn } from './readable.ts';

const kinds = (text: string, allow?: string[]) => unreadableIn(text, { allow }).map((f) => `${f.kind}:${f.found}`);

describe('the readable-Vietnamese check', () => {
  it('passes a Vietnamese audit line with names, a dd/mm/yyyy date, a masked phone, a file code and an allowed acronym', () => {
    expect(kinds('Quầy: — → Quầy Tư pháp – Hộ tịch · Hết hạn: 02/12/2026 14:05 · 09xx xxx 678 · HS-2026-000123 · gửi SMS qua Zalo, tải Excel')).toEqual([]);
    expect(kinds('Nguyen Van Anh nhan tin hoa don')).toEqual([]); // unaccented Vietnamese is still Vietnamese
  });

  it('finds the audit log of issue 14: a raw counter id, an epoch and English field names', () => {
    expect(kinds('counterId: — → q-fbc7abbe, expiresAt: — → 1796175246943')).toEqual(['raw-id:q-fbc7abbe', 'epoch:1796175246943', 'english:counterId', 'english:expiresAt']);
  });

  it('finds device, user and session ids, UUIDs, and epoch seconds, but not a phone number', () => {
    expect(kinds('d-1477fc34f330 u-0a1b2c3d4e 3f2b8c1e-9d4a-4b7e-8f00-1234567890ab 1796175246')).toEqual(['raw-id:d-1477fc34f330', 'raw-id:u-0a1b2c3d4e', 'raw-id:3f2b8c1e-9d4a-4b7e-8f00-1234567890ab', 'epoch:1796175246']);
    expect(kinds('0912345678 · 1.000.000.000 đ')).toEqual([]);
  });

  it('finds English words and broken values; an allowed word is data of the page', () => {
    expect(kinds('Status: pending · Settings')).toEqual(['english:Status', 'english:pending', 'english:Settings']);
    expect(kinds('Tổng: NaN')).toEqual(['broken:NaN']);
    expect(kinds('Tài khoản admin', ['admin'])).toEqual([]);
    expect(isVietnameseWord('nguyen')).toBe(true);
    expect(isVietnameseWord('kiosk')).toBe(false);
  });
});
