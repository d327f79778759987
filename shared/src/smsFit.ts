/**
 * One message, one SMS part (issue 14 §2, docs/sms.md "Every message in one part"). Browser-safe: the template
 * editor's worst-case preview and the counter page's reason counter use the same rule the hub applies when it queues.
 *
 * A message that would take more than one part (GSM-7 160 / UCS-2 70 units) has its variable parts shortened, in
 * SMS_SHORTEN_ORDER, each down to no less than its SMS_SHORTEN_MIN; what still does not fit is cut at the end.
 * File codes, dates and the contact phone are never shortened: they are what the citizen acts on.
 */
import { GSM7_SINGLE, UCS2_SINGLE, cleanPlaceholderValue, prepareSms, smsSize, type PreparedSms } from './sms.js';

/** Least needed first: the procedure (the file code identifies the file), the sender's name, then the clerk's words. */
export const SMS_SHORTEN_ORDER = ['procedure', 'communeName', 'reason'] as const;
export type ShortenedPart = (typeof SMS_SHORTEN_ORDER)[number];

/** The fewest characters each keeps before the next one in the order gives way. */
export const SMS_SHORTEN_MIN: Record<ShortenedPart, number> = { procedure: 12, communeName: 12, reason: 20 };

/** A reason that was shortened ends with this, so the citizen knows there was more (GSM-7, unlike "…"). */
export const SMS_CUT_MARK = '...';

/**
 * The longest short name of a procedure for messages (`smsName`). With the longest default template, a 13-character
 * file code, a 10-digit phone and a commune name up to 30 characters, a 30-character procedure still fits in one
 * GSM-7 part (tests/sms/fit.test.ts measures it).
 */
export const SMS_PROCEDURE_NAME_MAX = 30;

/**
 * At most `max` characters, cut at a word boundary when one is in the second half, trailing punctuation removed,
 * `mark` appended when something was cut.
 */
export function shortenWords(text: string, max: number, mark = ''): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const room = Math.max(1, max - mark.length);
  let cut = one.slice(0, room);
  const space = cut.lastIndexOf(' ');
  if (one[room] !== ' ' && space >= room / 2) cut = cut.slice(0, space);
  return cut.replace(/[\s,;:.\-\u2013(]+$/u, '') + mark;
}

/**
 * The short name a procedure gets for messages when the admin has not written one: the name without what is in
 * brackets, then at most SMS_PROCEDURE_NAME_MAX characters, cut at a word boundary.
 * "Cấp bản sao trích lục hộ tịch (bản sao giấy khai sinh)" → "Cấp bản sao trích lục hộ tịch".
 */
export function deriveSmsName(name: string): string {
  const bare = name.replace(/\([^)]*\)?/g, ' ').replace(/\s+/g, ' ').trim();
  return shortenWords(bare || name, SMS_PROCEDURE_NAME_MAX);
}

export interface FittedSms extends PreparedSms {
  /** the parts that were shortened, in order; 'text' when the end had to be cut */
  shortened: Array<ShortenedPart | 'text'>;
  /** false when shortening the variable parts was not enough and the end was cut */
  fits: boolean;
}

const oneSegment = (p: PreparedSms) => (p.encoding === 'gsm7' ? GSM7_SINGLE : UCS2_SINGLE);

/** The template rendered as it will be sent, in one part (see the file's comment for the rule). */
export function fitSms(body: string, vars: Readonly<Record<string, string | undefined>>, opts: { keepAccents: boolean }): FittedSms {
  const v: Record<string, string | undefined> = { ...vars };
  let p = prepareSms(body, v, opts);
  const shortened: FittedSms['shortened'] = [];
  for (const name of SMS_SHORTEN_ORDER) {
    if (p.segments <= 1) break;
    const raw = v[name];
    if (!raw || !body.includes(`{${name}}`)) continue;
    let cur = cleanPlaceholderValue(raw);
    while (p.segments > 1 && cur.length > SMS_SHORTEN_MIN[name]) {
      const over = Math.max(1, p.units - oneSegment(p));
      const next = shortenWords(cur, Math.max(SMS_SHORTEN_MIN[name], cur.length - over), name === 'reason' ? SMS_CUT_MARK : '');
      if (next.length >= cur.length) break;
      cur = next;
      v[name] = cur;
      p = prepareSms(body, v, opts);
      if (!shortened.includes(name)) shortened.push(name);
    }
  }
  if (p.segments <= 1) return { ...p, shortened, fits: true };
  const text = cutToOnePart(p.text);
  return { ...p, ...smsSize(text), text, shortened: [...shortened, 'text'], fits: false };
}

/** The text cut at the end (SMS_CUT_MARK appended) so that it takes one part in its encoding. */
function cutToOnePart(text: string): string {
  const chars = Array.from(text);
  let n = chars.length;
  let out = text;
  while (n > 0 && smsSize(out).segments > 1) out = chars.slice(0, --n).join('').trimEnd() + SMS_CUT_MARK;
  return out;
}

/**
 * How many units the {reason} may take and the message still fit in one part with nothing shortened; null when the
 * template has no {reason}. The counter page counts this down as the clerk types.
 */
export function reasonRoom(body: string, vars: Readonly<Record<string, string | undefined>>, opts: { keepAccents: boolean }): number | null {
  if (!body.includes('{reason}')) return null;
  // one character stands for the reason, so the spacing around it is what a real reason gets
  const p = prepareSms(body, { ...vars, reason: 'x' }, opts);
  return Math.max(0, oneSegment(p) - p.units + 1);
}

/** What a reason costs in the message: its units once unaccented (unless accents are kept). */
export function reasonUnits(reason: string, opts: { keepAccents: boolean }): number {
  return prepareSms('{reason}', { reason }, opts).units;
}
