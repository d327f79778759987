import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SMS_TEMPLATES,
  SAMPLE_SMS_VARS,
  SMS_KINDS,
  isGsm7,
  prepareSms,
  renderTemplate,
  smsSize,
  toSmsPlain,
  unaccentVi,
  unknownPlaceholders,
} from '@onestop/shared';

/** Every Vietnamese vowel with every tone (none, huyền, sắc, hỏi, ngã, nặng), and đ. */
const LOWER = 'a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ';
const LOWER_PLAIN = 'a a a a a a a a a a a a a a a a a a e e e e e e e e e e e e i i i i i i o o o o o o o o o o o o o o o o o o u u u u u u u u u u u u y y y y y y d';

describe('removing Vietnamese diacritics', () => {
  it('strips every tone and vowel mark from every vowel, lower and upper case, and turns đ/Đ into d/D', () => {
    expect(unaccentVi(LOWER)).toBe(LOWER_PLAIN);
    expect(unaccentVi(LOWER.toUpperCase())).toBe(LOWER_PLAIN.toUpperCase());
    expect(LOWER.toUpperCase()).toContain('Đ');
  });

  it('gives the same result for text typed decomposed (NFD), as some keyboards produce', () => {
    expect(unaccentVi(LOWER.normalize('NFD'))).toBe(LOWER_PLAIN);
  });

  it('turns a real sentence into plain GSM-7 text', () => {
    const s = 'Ủy ban nhân dân xã Đông Hưng: hồ sơ đã có kết quả, mời ông/bà đến nhận.';
    const plain = toSmsPlain(s);
    expect(plain).toBe('Uy ban nhan dan xa Dong Hung: ho so da co ket qua, moi ong/ba den nhan.');
    expect(isGsm7(plain)).toBe(true);
  });

  it('replaces typographic quotes, dashes and ellipses by GSM-7 ones, and leaves an emoji to force UCS-2', () => {
    expect(toSmsPlain('“Hồ sơ” – ‘A’…')).toBe('"Ho so" - \'A\'...');
    expect(isGsm7(toSmsPlain('Xin chào 😀'))).toBe(false);
  });
});

describe('encoding and segments', () => {
  const a = (n: number) => 'a'.repeat(n);
  const ă = (n: number) => 'ă'.repeat(n);

  it('GSM-7: 160 in one part, then 153 per part', () => {
    expect(smsSize(a(160))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1, remaining: 0 });
    expect(smsSize(a(161))).toMatchObject({ encoding: 'gsm7', segments: 2, perSegment: 153 });
    expect(smsSize(a(306)).segments).toBe(2);
    expect(smsSize(a(307)).segments).toBe(3);
    expect(smsSize('').segments).toBe(0);
  });

  it('GSM-7 extension characters count two', () => {
    expect(smsSize('{'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsSize(a(159) + '€')).toMatchObject({ units: 161, segments: 2 });
    expect(smsSize('[]~^|\\')).toMatchObject({ units: 12 });
  });

  it('an escape pair is never split between two parts', () => {
    // 152 + (2) + 152 = 306 units would fit 2 parts of 153, but "€" cannot start at the last place of part 1
    expect(smsSize(a(152) + '€' + a(152))).toMatchObject({ units: 306, segments: 3 });
  });

  it('UCS-2: 70 in one part, then 67 per part; any non-GSM character makes the whole text UCS-2', () => {
    expect(smsSize(ă(70))).toMatchObject({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(smsSize(ă(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(smsSize(ă(134)).segments).toBe(2);
    expect(smsSize(ă(135)).segments).toBe(3);
    expect(smsSize(a(100) + 'ơ').encoding).toBe('ucs2');
    expect(smsSize(a(100) + 'ơ').segments).toBe(2);
  });

  it('a surrogate pair (emoji) counts two and is never split', () => {
    expect(smsSize(ă(66) + '😀')).toMatchObject({ units: 68, segments: 1 });
    expect(smsSize(ă(66) + '😀' + ă(66))).toMatchObject({ units: 134, segments: 3 });
  });

  it('é, à and other GSM-7 letters stay GSM-7 when accents are kept, Vietnamese ones do not', () => {
    expect(isGsm7('Café à la')).toBe(true);
    expect(isGsm7('Cà phê')).toBe(false);
  });
});

describe('templates', () => {
  it('fills placeholders and reports the missing ones', () => {
    const r = renderTemplate('Hồ sơ {fileCode} ({procedure}) hẹn {appointmentDate}.', { fileCode: 'HS-9', procedure: 'Khai sinh' });
    expect(r.text).toBe('Hồ sơ HS-9 (Khai sinh) hẹn.');
    expect(r.missing).toEqual(['appointmentDate']);
  });

  it('finds unknown placeholders (typos) and leaves them as written', () => {
    expect(unknownPlaceholders('{fileCode} {filecode} {ngay} {contactPhone}')).toEqual(['filecode', 'ngay']);
    expect(renderTemplate('{filecode}', { fileCode: 'X' }).text).toBe('{filecode}');
  });

  it('a value from staff input is one line and bounded', () => {
    const r = renderTemplate('{reason}', { reason: 'dòng 1\n\ndòng 2   ' + 'x'.repeat(500) });
    expect(r.text.startsWith('dòng 1 dòng 2 x')).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(200);
  });

  it('every default template uses known placeholders and, unaccented, is one GSM-7 SMS with sample values', () => {
    for (const kind of SMS_KINDS) {
      const t = DEFAULT_SMS_TEMPLATES[kind];
      expect(unknownPlaceholders(t.body), kind).toEqual([]);
      const p = prepareSms(t.body, SAMPLE_SMS_VARS, { keepAccents: false });
      expect(p.encoding, kind).toBe('gsm7');
      expect(p.segments, `${kind}: ${p.text}`).toBe(1);
      expect(p.text).not.toMatch(/[{}]/);
    }
  });

  it('the ready message goes out without diacritics by default, and in UCS-2 when the template keeps accents', () => {
    const plain = prepareSms(DEFAULT_SMS_TEMPLATES.ready.body, SAMPLE_SMS_VARS, { keepAccents: false });
    expect(plain.text).toBe('UBND xa Vi Du: ho so HS-2026-000123 (Dang ky khai sinh) da co ket qua. Moi ong/ba den bo phan mot cua nhan. DT 0912345678');
    expect(plain).toMatchObject({ encoding: 'gsm7', segments: 1 });
    const accented = prepareSms(DEFAULT_SMS_TEMPLATES.ready.body, SAMPLE_SMS_VARS, { keepAccents: true });
    expect(accented.text).toContain('Đăng ký khai sinh');
    expect(accented).toMatchObject({ encoding: 'ucs2', segments: 2 });
  });
});
