import { describe, expect, it } from 'vitest';
import { maskPhone, nationalVn, normalizeVnMobile } from '@onestop/shared';

describe('Vietnamese mobile numbers', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['091 234 5678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['091-234-5678', '+84912345678'],
    ['  0912 345 678 ', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['+84 91 234 56 78', '+84912345678'],
    ['(+84) 912 345 678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['0084912345678', '+84912345678'],
    ['+84 0912 345 678', '+84912345678'],
    ['0321234567', '+84321234567'], // Viettel, ex-0162
    ['0391234567', '+84391234567'],
    ['0521234567', '+84521234567'], // Vietnamobile
    ['0551234567', '+84551234567'], // Wintel
    ['0561234567', '+84561234567'],
    ['0591234567', '+84591234567'], // Gmobile
    ['0701234567', '+84701234567'], // MobiFone, ex-0120
    ['0791234567', '+84791234567'],
    ['0811234567', '+84811234567'], // VinaPhone, ex-0127
    ['0861234567', '+84861234567'],
    ['0871234567', '+84871234567'], // Itelecom
    ['0891234567', '+84891234567'],
    ['0961234567', '+84961234567'],
    ['0991234567', '+84991234567'],
  ])('accepts %s as %s', (input, e164) => {
    expect(normalizeVnMobile(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'phone-invalid'],
    ['abc', 'phone-invalid'],
    ['0912 345 67x', 'phone-invalid'],
    ['091234567', 'phone-invalid'], // 9 digits
    ['09123456789', 'phone-invalid'], // 11 digits
    ['01623456789', 'phone-invalid'], // an old 11-digit number, converted to 032… in 2018
    ['0301234567', 'phone-invalid'], // 030 is not a mobile network code
    ['0951234567', 'phone-invalid'], // 095 (S-Fone) is not in use
    ['0501234567', 'phone-invalid'],
    ['912345678', 'phone-invalid'], // no trunk 0
    ['+84 91234567', 'phone-invalid'],
    ['02438251234', 'phone-not-mobile'], // a Hà Nội landline
    ['+84 28 3822 1234', 'phone-not-mobile'], // a TP.HCM landline
    ['1900 1234', 'phone-not-mobile'],
    ['1800 599 920', 'phone-not-mobile'],
    ['+1 415 555 2671', 'phone-not-mobile'], // not Vietnamese
  ])('refuses %s (%s)', (input, reason) => {
    expect(normalizeVnMobile(input)).toEqual({ ok: false, reason });
  });

  it('masks a number for lists and logs as 09xx xxx 123', () => {
    expect(maskPhone('+84912345123')).toBe('09xx xxx 123');
    expect(maskPhone('+84321234567')).toBe('03xx xxx 567');
    expect(maskPhone('+14155552671')).toBe('xxxxxxxx671');
    expect(maskPhone('12')).toBe('xx');
    expect(maskPhone('')).toBe('');
    expect(nationalVn('+84912345678')).toBe('0912345678');
  });
});
