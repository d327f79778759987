/**
 * Vietnamese mobile numbers. Since the 2018–2019 conversion every mobile number is 10 digits nationally
 * (0 + a 2-digit network code + 7 digits), +84 and 9 digits in E.164. Landlines are 02x (area code) and are not
 * mobiles: they cannot receive an SMS.
 *
 * Network codes in use (checked 2025; a new allocation is one line below):
 *   Viettel 032–039, 086, 096–098 · VinaPhone 081–085, 088, 091, 094 · MobiFone 070, 076–079, 089, 090, 093 ·
 *   Vietnamobile 052, 056, 058, 092 · Gmobile 059, 099 · Itelecom 087 · Wintel (Reddi) 055.
 * A number under a code that is not in use is refused: at the counter it is almost always a typo, and a typo
 * found at entry costs nothing, while one found at send time is an SMS the citizen never gets.
 */

export const VN_MOBILE_CODES: readonly string[] = [
  '32', '33', '34', '35', '36', '37', '38', '39',
  '52', '55', '56', '58', '59',
  '70', '76', '77', '78', '79',
  '81', '82', '83', '84', '85', '86', '87', '88', '89',
  '90', '91', '92', '93', '94', '96', '97', '98', '99',
];

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: 'phone-invalid' | 'phone-not-mobile' };

/**
 * Accepts 0912345678, +84912345678, 84912345678, 0084912345678, with spaces, dots, dashes or brackets anywhere
 * (as people write them: "091.234.5678", "(+84) 91 234 56 78"). Returns E.164 (+84…).
 */
export function normalizeVnMobile(input: string): PhoneResult {
  if (typeof input !== 'string') return { ok: false, reason: 'phone-invalid' };
  const trimmed = input.trim();
  if (!/^\(?\+?[0-9 .\-()]+$/.test(trimmed)) return { ok: false, reason: 'phone-invalid' };
  const plus = trimmed.startsWith('+') || trimmed.startsWith('(+');
  let digits = trimmed.replace(/[^0-9]/g, '');
  // service numbers (1800 free, 1900 premium) are numbers, but not mobiles
  if (!plus && /^(1800|1900)\d{4,6}$/.test(digits)) return { ok: false, reason: 'phone-not-mobile' };
  let national: string;
  if (plus) {
    if (!digits.startsWith('84')) return { ok: false, reason: 'phone-not-mobile' }; // a foreign number
    national = digits.slice(2);
  } else if (digits.startsWith('0084')) {
    national = digits.slice(4);
  } else if (digits.startsWith('84') && digits.length === 11) {
    national = digits.slice(2);
  } else if (digits.startsWith('0')) {
    national = digits.slice(1);
  } else {
    return { ok: false, reason: 'phone-invalid' };
  }
  // "+84 0912…": a trunk 0 kept after the country code is a common slip; one is forgiven
  if (national.length === 10 && national.startsWith('0')) national = national.slice(1);
  digits = national;
  if (!/^[0-9]+$/.test(digits)) return { ok: false, reason: 'phone-invalid' };
  // landlines 02x are numbers, but not mobiles
  if (digits.startsWith('2') && (digits.length === 10 || digits.length === 9)) return { ok: false, reason: 'phone-not-mobile' };
  if (digits.length !== 9) return { ok: false, reason: 'phone-invalid' };
  if (!VN_MOBILE_CODES.includes(digits.slice(0, 2))) return { ok: false, reason: 'phone-invalid' };
  return { ok: true, e164: `+84${digits}` };
}

/** True for an E.164 Vietnamese mobile as normalizeVnMobile returns it. */
export function isVnMobileE164(s: string): boolean {
  const r = normalizeVnMobile(s);
  return r.ok && r.e164 === s;
}

/** 0912345678 from +84912345678 (for screens and the gateway that wants national numbers). */
export function nationalVn(e164: string): string {
  return e164.startsWith('+84') ? `0${e164.slice(3)}` : e164;
}

/**
 * A number as lists, exports and logs show it: "09xx xxx 678" — enough to tell two citizens apart on a
 * counter's list, not enough to call them.
 */
export function maskPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const digits = e164.replace(/[^0-9]/g, '');
  if (e164.startsWith('+84') && digits.length === 11) {
    const national = `0${digits.slice(2)}`;
    return `${national.slice(0, 2)}xx xxx ${national.slice(7)}`;
  }
  if (digits.length <= 3) return 'x'.repeat(digits.length);
  return `${'x'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}

/** Masks anything in free text that reads as a Vietnamese phone number (0912 345 678, +84 912…, 091.234.5678). */
export function maskPhonesInText(text: string): string {
  return text.replace(/(?:\+?84|0)(?:[\s.-]?\d){8,9}(?!\d)/g, (m) => {
    const digits = m.replace(/\D/g, '');
    const national = digits.startsWith('84') ? `0${digits.slice(2)}` : digits;
    return national.length === 10 ? maskPhone(`+84${national.slice(1)}`) : 'x'.repeat(Math.max(0, national.length - 3)) + national.slice(-3);
  });
}
