import { describe, expect, it } from 'vitest';
import { DEFAULT_SMS_TEMPLATES, GSM7_SINGLE, SMS_KINDS, UCS2_SINGLE, smsSize } from './sms.js';
import { SMS_PROCEDURE_NAME_MAX, SMS_SHORTEN_MIN, deriveSmsName, fitSms, reasonRoom, reasonUnits, shortenWords } from './smsFit.js';

/** The longest values the rule promises to fit with nothing shortened (docs/sms.md "Every message in one part"). */
const WORST = {
  communeName: 'UBND xã Tân Phước Khánh Tây Bắ', // 30 characters
  fileCode: '20261231-9999',
  procedure: 'Đăng ký khai sinh có yếu tố nư', // SMS_PROCEDURE_NAME_MAX characters
  appointmentDate: '31/12/2026',
  appointmentTime: '23:59',
  newDate: '31/12/2026',
  contactPhone: '0276 3822 123',
  reason: 'x',
};

const LONG_REASON = 'thiếu bản sao giấy chứng nhận quyền sử dụng đất có chứng thực, cần bổ sung thêm xác nhận của trưởng thôn về nơi cư trú hiện tại và giấy tờ tùy thân của người được ủy quyền';
const LONG_PROCEDURE = 'Cấp bản sao trích lục hộ tịch, bản sao giấy khai sinh và xác nhận thông tin hộ tịch có yếu tố nước ngoài';

describe('a procedure’s short name for messages', () => {
  it('drops what is in brackets and cuts at a word boundary within the maximum', () => {
    expect(deriveSmsName('Cấp bản sao trích lục hộ tịch (bản sao giấy khai sinh)')).toBe('Cấp bản sao trích lục hộ tịch');
    expect(deriveSmsName('Đăng ký khai sinh')).toBe('Đăng ký khai sinh');
    const long = deriveSmsName(LONG_PROCEDURE);
    expect(long.length).toBeLessThanOrEqual(SMS_PROCEDURE_NAME_MAX);
    expect(LONG_PROCEDURE.startsWith(long)).toBe(true);
    expect(LONG_PROCEDURE[long.length]).toMatch(/[ ,]/); // ends at a word's end
    expect(deriveSmsName('(Thủ tục liên thông)')).toBe('(Thủ tục liên thông)'); // nothing outside the brackets: the name
  });

  it('shortenWords never returns more than asked and appends the mark only when it cut', () => {
    expect(shortenWords('ngắn', 10, '...')).toBe('ngắn');
    for (let max = 5; max < 60; max++) expect(shortenWords(LONG_REASON, max, '...').length).toBeLessThanOrEqual(max);
    expect(shortenWords(LONG_REASON, 40, '...')).toMatch(/\.\.\.$/);
  });
});

describe('every default template in one part, by rule', () => {
  it('with the worst values and the longest short name, every kind fits unaccented with nothing shortened', () => {
    for (const kind of SMS_KINDS) {
      const f = fitSms(DEFAULT_SMS_TEMPLATES[kind].body, WORST, { keepAccents: false });
      expect({ kind, segments: f.segments, shortened: f.shortened }).toEqual({ kind, segments: 1, shortened: [] });
    }
  });

  it('leaves a supplement or apology reason at least 35 characters in the worst case', () => {
    for (const kind of ['supplement', 'apology'] as const) expect(reasonRoom(DEFAULT_SMS_TEMPLATES[kind].body, WORST, { keepAccents: false })).toBeGreaterThanOrEqual(35);
  });

  it('a long reason and a long procedure: the procedure gives way first, then the commune, then the reason, and the file code, date and phone stay whole', () => {
    for (const kind of SMS_KINDS) {
      const vars = { ...WORST, procedure: LONG_PROCEDURE, reason: LONG_REASON, communeName: 'Ủy ban nhân dân xã Tân Phước Khánh, huyện Tân Uyên, tỉnh Bình Dương' };
      const f = fitSms(DEFAULT_SMS_TEMPLATES[kind].body, vars, { keepAccents: false });
      expect(f.segments).toBe(1);
      expect(f.units).toBeLessThanOrEqual(GSM7_SINGLE);
      expect(f.fits).toBe(true);
      const body = DEFAULT_SMS_TEMPLATES[kind].body;
      if (body.includes('{fileCode}')) expect(f.text).toContain(WORST.fileCode);
      if (body.includes('{contactPhone}')) expect(f.text).toContain(WORST.contactPhone);
      if (body.includes('{newDate}')) expect(f.text).toContain(WORST.newDate);
      // the order: whatever was shortened is a prefix of the order
      const order = ['procedure', 'communeName', 'reason'].filter((p) => body.includes(`{${p}}`));
      expect(order.slice(0, f.shortened.length)).toEqual(f.shortened);
    }
  });

  it('the apology with a 180-character reason: procedure-free template, so the commune then the reason are shortened, the reason ending in "..."', () => {
    const f = fitSms(DEFAULT_SMS_TEMPLATES.apology.body, { ...WORST, reason: LONG_REASON }, { keepAccents: false });
    expect(f.segments).toBe(1);
    expect(f.shortened).toEqual(['communeName', 'reason']);
    expect(f.text).toMatch(/\.\.\.\. Hen lai ngay 31\/12\/2026\. DT 0276 3822 123$/);
  });

  it('no part is shortened below its minimum; what still does not fit is cut at the end, in one part', () => {
    const body = '{communeName}: {procedure} {reason} ' + 'x'.repeat(150);
    const f = fitSms(body, { communeName: 'UBND xã Tân Phước Khánh', procedure: LONG_PROCEDURE, reason: LONG_REASON }, { keepAccents: false });
    expect(f.fits).toBe(false);
    expect(f.shortened).toEqual(['procedure', 'communeName', 'reason', 'text']);
    expect(f.segments).toBe(1);
    expect(f.text.endsWith('...')).toBe(true);
  });

  it('with accents kept (UCS-2) the limit is 70', () => {
    const f = fitSms(DEFAULT_SMS_TEMPLATES.ready.body, WORST, { keepAccents: true });
    expect(f.encoding).toBe('ucs2');
    expect(f.segments).toBe(1);
    expect(f.units).toBeLessThanOrEqual(UCS2_SINGLE);
    expect(smsSize(f.text).segments).toBe(1);
  });

  it('a message that fits is left exactly as it was', () => {
    const f = fitSms(DEFAULT_SMS_TEMPLATES.ready.body, { ...WORST, procedure: 'Đăng ký khai sinh' }, { keepAccents: false });
    expect(f.shortened).toEqual([]);
    expect(f.text).toContain('(Dang ky khai sinh)');
  });

  it('the reason room matches what a reason of that length does: one more character shortens it', () => {
    const body = DEFAULT_SMS_TEMPLATES.supplement.body;
    const room = reasonRoom(body, WORST, { keepAccents: false })!;
    const exact = 'đ'.repeat(room);
    expect(reasonUnits(exact, { keepAccents: false })).toBe(room);
    expect(fitSms(body, { ...WORST, reason: exact }, { keepAccents: false }).shortened).toEqual([]);
    expect(fitSms(body, { ...WORST, reason: exact + 'đ' }, { keepAccents: false }).shortened.length).toBeGreaterThan(0);
    expect(SMS_SHORTEN_MIN.reason).toBeLessThan(room);
  });
});
