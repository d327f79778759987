import { describe, expect, it } from 'vitest';
import { fold, formatDay, formatMoney, formatPhone, listPhone, parseDayVi } from './format';
import { smsErrorText } from '../staff/smsError';
import { vi } from '../i18n/vi';

describe('what the pages show', () => {
  it('writes days dd/mm/yyyy and reads them back the ways people type them', () => {
    expect(formatDay('2026-11-26')).toBe('26/11/2026');
    expect(parseDayVi('26/11/2026')).toBe('2026-11-26');
    expect(parseDayVi('6-1-2027')).toBe('2027-01-06');
    expect(parseDayVi(' 02.09.2026 ')).toBe('2026-09-02');
    expect(parseDayVi('31/02/2026')).toBeNull();
    expect(parseDayVi('2026-11-26')).toBeNull();
    expect(parseDayVi('26/11')).toBeNull();
  });

  it('writes đồng with dots between thousands, and phone numbers grouped or masked', () => {
    expect(formatMoney(0)).toBe('0');
    expect(formatMoney(2000)).toBe('2.000');
    expect(formatMoney(1250000)).toBe('1.250.000');
    expect(formatPhone('+84912345678')).toBe('0912 345 678');
    expect(listPhone('+84912345678')).toBe('09xx xxx 678');
    expect(listPhone('09xx xxx 678')).toBe('09xx xxx 678');
  });

  it('finds "Đăng ký" when "dang ky" is typed', () => {
    expect(fold('Đăng ký khai sinh')).toBe('dang ky khai sinh');
  });

  it('says why an SMS failed in Vietnamese when the hub’s code is known, in the hub’s words otherwise', () => {
    expect(smsErrorText(vi, { code: 'template-disabled', text: 'the received message is turned off' })).toBe(vi.sms.errors['template-disabled']);
    expect(smsErrorText(vi, { code: 'network-ECONNREFUSED', text: 'connect ECONNREFUSED' })).toBe(vi.sms.errors['network-error']);
    expect(smsErrorText(vi, { code: 'twilio-30003', text: 'Unreachable destination handset' })).toBe('Unreachable destination handset');
  });
});
