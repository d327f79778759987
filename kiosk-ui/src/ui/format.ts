import { isValidDay, maskPhone, nationalVn, unaccentVi } from '@onestop/shared';

/** 2026-11-26 → 26/11/2026 (dates are written dd/mm/yyyy in Vietnam). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** What people type for a date (26/11/2026, 26-11-2026, 26.11.2026, 6/1/2027) → YYYY-MM-DD, or null. */
export function parseDayVi(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const day = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isValidDay(day) ? day : null;
}

/** Whole đồng with dots between thousands: 100000 → "100.000". */
export function formatMoney(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** +84912345678 → "0912 345 678", the way a number is read aloud; a masked one stays as it is. */
export function formatPhone(e164: string): string {
  if (!e164.startsWith('+84')) return e164;
  const n = nationalVn(e164);
  return n.length === 10 ? `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}` : n;
}

/** A number for a list: masked unless the hub already masked it. */
export function listPhone(phone: string): string {
  return phone.startsWith('+') ? maskPhone(phone) : phone;
}

/** Lower case, no diacritics: "Đăng ký" and "dang ky" find the same procedure. */
export function fold(s: string): string {
  return unaccentVi(s).toLowerCase();
}
