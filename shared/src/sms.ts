/**
 * SMS text helpers, browser-safe: the admin's template editor shows the same preview, encoding and segment count
 * that the hub computes when it queues a message.
 *
 * Vietnamese customer-care SMS are sent without diacritics (GSM-7, 160 characters in one segment); with diacritics
 * the whole message becomes UCS-2 (70 characters in one segment). A long message is split into parts that each
 * lose room to the concatenation header: 153 GSM-7 characters or 67 UCS-2 characters per part.
 */
import { z } from 'zod';

// ---------- kinds, statuses ----------

/** Message kinds. `alert` is for the commune's own staff (hub problems); the others are about a citizen's file. */
export const SMS_KINDS = ['received', 'supplement', 'ready', 'apology', 'reminder', 'test', 'alert'] as const;
export type SmsKindName = (typeof SMS_KINDS)[number];

export const SMS_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export type SmsEncoding = 'gsm7' | 'ucs2';

// ---------- removing diacritics ----------

/**
 * Vietnamese without diacritics: every tone and vowel mark removed (NFD, then combining marks U+0300–U+036F
 * dropped), đ → d and Đ → D (đ is a letter of its own, not a d with a combining mark, so NFD leaves it alone; the
 * look-alike Ð/ð that text converted from old Vietnamese encodings sometimes carries goes the same way).
 */
export function unaccentVi(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    // escaped (đ ð, Đ Ð): a bundle keeps its source in memory, and one non-ASCII character makes it two bytes a character
    .replace(/[\u0111\u00f0]/g, 'd')
    .replace(/[\u0110\u00d0]/g, 'D')
    .normalize('NFC');
}

/** Typographic characters that are not GSM-7 but have an obvious GSM-7 stand-in. */
const GSM_FRIENDLY: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2033': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2010': '-', '\u2011': '-',
  '\u2026': '...', '\u00a0': ' ', '\u2007': ' ', '\u202f': ' ', '\u2009': ' ', '\t': ' ',
  '\u2022': '-', '\u00b7': '.',
};

/**
 * The text as it is sent when a template does not keep accents: no diacritics, typographic quotes and dashes
 * replaced by plain ones. Anything else that is still not GSM-7 (an emoji, a Chinese name) stays, and the message
 * honestly becomes UCS-2: the preview shows it.
 */
export function toSmsPlain(text: string): string {
  let out = '';
  for (const ch of unaccentVi(text)) out += GSM_FRIENDLY[ch] ?? ch;
  return out;
}

// ---------- GSM-7 ----------

/** GSM 03.38 default alphabet (the escape character itself excluded). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (escape + character). */
const GSM7_EXTENSION = '^{}\\[~]|€\f';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export const isGsm7Basic = (ch: string) => BASIC.has(ch);
export const isGsm7Extension = (ch: string) => EXTENSION.has(ch);

/** True when every character can be sent in GSM-7 (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

/** Characters of the text that GSM-7 cannot carry, each once, in order of appearance. */
export function nonGsm7Chars(text: string): string[] {
  const seen = new Set<string>();
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) seen.add(ch);
  return [...seen];
}

// ---------- encoding and segments ----------

export const GSM7_SINGLE = 160;
export const GSM7_MULTI = 153;
export const UCS2_SINGLE = 70;
export const UCS2_MULTI = 67;

export interface SmsSize {
  encoding: SmsEncoding;
  /** septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2) */
  units: number;
  segments: number;
  /** room in one part for this encoding and segment count (160/153 or 70/67) */
  perSegment: number;
  /** units still free in the last part */
  remaining: number;
}

/**
 * Encoding and number of parts, counted the way handsets and SMSCs split: a GSM-7 escape pair or a UTF-16
 * surrogate pair is never cut between two parts, so a part may hold one unit less than its room.
 */
export function smsSize(text: string): SmsSize {
  const gsm = isGsm7(text);
  const single = gsm ? GSM7_SINGLE : UCS2_SINGLE;
  const multi = gsm ? GSM7_MULTI : UCS2_MULTI;
  const widths: number[] = [];
  for (const ch of text) widths.push(gsm ? (EXTENSION.has(ch) ? 2 : 1) : ch.length);
  const units = widths.reduce((a, b) => a + b, 0);
  const encoding: SmsEncoding = gsm ? 'gsm7' : 'ucs2';
  if (units === 0) return { encoding, units, segments: 0, perSegment: single, remaining: single };
  if (units <= single) return { encoding, units, segments: 1, perSegment: single, remaining: single - units };
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > multi) {
      segments++;
      used = 0;
    }
    used += w;
  }
  return { encoding, units, segments, perSegment: multi, remaining: multi - used };
}

// ---------- templates ----------

/**
 * The placeholders a template may use. Dates are written dd/mm/yyyy by the caller; `appointmentTime` is the file's
 * time of day of the return, HH:MM.
 */
export const SMS_PLACEHOLDERS = ['fileCode', 'procedure', 'appointmentDate', 'appointmentTime', 'newDate', 'reason', 'communeName', 'contactPhone'] as const;
export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];

/**
 * Placeholders a message may lack without anything being wrong: a file received with no time of return has no
 * `appointmentTime`, and "Hẹn trả kết quả {appointmentTime} ngày …" then reads "Hẹn trả kết quả ngày …".
 */
export const OPTIONAL_SMS_PLACEHOLDERS: readonly SmsPlaceholder[] = ['appointmentTime'];

const PLACEHOLDER_RE = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Placeholder names used in a template, each once, in order. */
export function templatePlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!))];
}

/** Placeholders that are not one of SMS_PLACEHOLDERS (a typo such as {filecode}). */
export function unknownPlaceholders(body: string): string[] {
  return templatePlaceholders(body).filter((p) => !(SMS_PLACEHOLDERS as readonly string[]).includes(p));
}

/** Longest value one placeholder may put into a message; a pasted paragraph must not make ten parts. */
export const MAX_PLACEHOLDER_VALUE = 200;

/** One line, trimmed, bounded: values come from staff input and other systems. */
export function cleanPlaceholderValue(v: string): string {
  const one = v.replace(/\s+/g, ' ').trim();
  return one.length > MAX_PLACEHOLDER_VALUE ? one.slice(0, MAX_PLACEHOLDER_VALUE - 1).trimEnd() + '…' : one;
}

/**
 * Fills {placeholders}. A known placeholder without a value becomes empty and is reported in `missing`;
 * an unknown one is left as written (templates with unknown placeholders are refused when saved).
 */
export function renderTemplate(body: string, vars: Readonly<Record<string, string | undefined>>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER_RE, (whole, name: string) => {
    if (!(SMS_PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const v = vars[name];
    if (v === undefined || v.trim() === '') {
      if (!(OPTIONAL_SMS_PLACEHOLDERS as readonly string[]).includes(name)) missing.add(name);
      return '';
    }
    return cleanPlaceholderValue(v);
  });
  // an empty placeholder can leave "  " or " ." behind
  const tidy = text.replace(/[ ]{2,}/g, ' ').replace(/ ([.,;:)])/g, '$1').trim();
  return { text: tidy, missing: [...missing] };
}

export interface PreparedSms extends SmsSize {
  text: string;
  missing: string[];
  unknown: string[];
  /** characters that forced UCS-2 although accents were not kept (empty otherwise) */
  nonGsm: string[];
}

/** What a message of `segments` parts costs at `pricePerSegment` (VND); null when no price is given. */
export function smsCost(segments: number, pricePerSegment: number): number | null {
  return pricePerSegment > 0 ? segments * pricePerSegment : null;
}

/** The message exactly as it would be sent: rendered, unaccented unless accents are kept, measured. */
export function prepareSms(body: string, vars: Readonly<Record<string, string | undefined>>, opts: { keepAccents: boolean }): PreparedSms {
  const { text: rendered, missing } = renderTemplate(body, vars);
  const text = opts.keepAccents ? rendered.normalize('NFC') : toSmsPlain(rendered);
  const size = smsSize(text);
  return { text, missing, unknown: unknownPlaceholders(body), nonGsm: opts.keepAccents ? [] : nonGsm7Chars(text), ...size };
}

/** Example values for the editor's preview. */
export const SAMPLE_SMS_VARS: Record<SmsPlaceholder, string> = {
  fileCode: 'HS-2026-000123',
  procedure: 'Đăng ký khai sinh',
  appointmentDate: '25/11/2026',
  appointmentTime: '08:00',
  newDate: '28/11/2026',
  reason: 'cần xác minh thêm thông tin',
  communeName: 'UBND xã Ví Dụ',
  contactPhone: '0912345678',
};

/**
 * Default templates, written with diacritics (they are read by the admin); sent without them unless the
 * template keeps accents. `received` and `reminder` are off by default: each SMS costs the commune money.
 */
export const DEFAULT_SMS_TEMPLATES: Record<SmsKindName, { body: string; enabled: boolean; keepAccents: boolean }> = {
  received: {
    body: '{communeName}: đã tiếp nhận hồ sơ {fileCode} ({procedure}). Hẹn trả kết quả {appointmentTime} ngày {appointmentDate}. ĐT {contactPhone}',
    enabled: false,
    keepAccents: false,
  },
  supplement: {
    body: '{communeName}: hồ sơ {fileCode} ({procedure}) cần bổ sung: {reason}. ĐT {contactPhone}',
    enabled: true,
    keepAccents: false,
  },
  ready: {
    body: '{communeName}: hồ sơ {fileCode} ({procedure}) đã có kết quả. Mời ông/bà đến bộ phận một cửa nhận. ĐT {contactPhone}',
    enabled: true,
    keepAccents: false,
  },
  apology: {
    body: '{communeName} xin lỗi ông/bà: hồ sơ {fileCode} trễ hẹn do {reason}. Hẹn lại ngày {newDate}. ĐT {contactPhone}',
    enabled: true,
    keepAccents: false,
  },
  reminder: {
    body: '{communeName}: kết quả hồ sơ {fileCode} ({procedure}) đang chờ ông/bà đến nhận tại bộ phận một cửa. ĐT {contactPhone}',
    enabled: false,
    keepAccents: false,
  },
  test: {
    body: '{communeName}: tin nhắn thử của hệ thống một cửa. Không cần trả lời.',
    enabled: true,
    keepAccents: false,
  },
  alert: {
    body: '{communeName}: {reason}',
    enabled: true,
    keepAccents: false,
  },
};

// ---------- REST bodies and views (admin API) ----------

export const smsTemplateUpdate = z.strictObject({
  body: z.string().trim().min(1).max(1000),
  keepAccents: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type SmsTemplateUpdate = z.infer<typeof smsTemplateUpdate>;

export const smsPreviewRequest = z.strictObject({
  body: z.string().max(1000),
  keepAccents: z.boolean().default(false),
  /** values to fill in; SAMPLE_SMS_VARS for the rest */
  vars: z.record(z.string(), z.string().max(1000)).optional(),
});
export type SmsPreviewRequest = z.input<typeof smsPreviewRequest>;

export const smsTestRequest = z.strictObject({ to: z.string().min(1).max(40) });

export const smsListQuery = z.object({
  status: z.enum(SMS_STATUSES).optional(),
  kind: z.enum(SMS_KINDS).optional(),
  fileId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** id of the last message of the previous page (ids sort by creation) */
  before: z.string().max(40).optional(),
});

export interface SmsTemplateView {
  kind: SmsKindName;
  body: string;
  enabled: boolean;
  keepAccents: boolean;
  updatedAt: number | null;
  /** the default text, for "reset" in the editor */
  defaultBody: string;
  /** the template filled with SAMPLE_SMS_VARS, as it would be sent */
  preview: { text: string; encoding: SmsEncoding; segments: number; units: number };
  /**
   * The worst case (issue 14 §2): the commune's real name and phone, the active procedure with the longest short
   * name, a counter file code; shortened by the rule of smsFit.ts as the hub would send it.
   */
  worst: SmsWorstCase;
  /** the values the worst case is made of, for the editor's live preview */
  worstVars: Record<string, string>;
}

export interface SmsWorstCase {
  text: string;
  encoding: SmsEncoding;
  segments: number;
  units: number;
  perSegment: number;
  remaining: number;
  /** the parts the rule shortened, in order ('text': the end was cut) */
  shortened: string[];
  /** false when shortening was not enough and the end of the message was cut */
  fits: boolean;
  /** units left for {reason} with nothing shortened; null when the template has none */
  reasonRoom: number | null;
  /** the procedure the worst case uses (its short name), null when there is no active procedure */
  procedure: string | null;
}

/** GET /api/staff/files/:code/sms-room?kind=supplement|apology: how long the clerk's reason may be. */
export interface SmsReasonRoom {
  kind: SmsKindName;
  /** false: that message is switched off, nothing is sent */
  enabled: boolean;
  keepAccents: boolean;
  /** units the reason may take and the message stay one part with nothing shortened */
  room: number;
}

export interface SmsPreview {
  text: string;
  encoding: SmsEncoding;
  segments: number;
  units: number;
  perSegment: number;
  remaining: number;
  missing: string[];
  unknown: string[];
  nonGsm: string[];
}

/** A message as admins and the file API see it: the number masked. */
export interface SmsMessageView {
  id: string;
  kind: SmsKindName;
  fileId: string | null;
  to: string;
  body: string;
  encoding: SmsEncoding;
  segments: number;
  status: SmsStatus;
  attempts: number;
  lastError: { code: string; text: string } | null;
  gateway: string | null;
  /** the channel of the latest attempt ('zns' or 'sms'); for a sent or delivered message, the one that delivered it */
  channel?: 'sms' | 'zns' | null;
  createdAt: number;
  validUntil: number;
  nextAttemptAt: number | null;
  sentAt: number | null;
  deliveredAt: number | null;
  failedAt: number | null;
  resendOf: string | null;
  resentAs: string | null;
}

/** GET /api/admin/sms/status: which gateway, how delivery is confirmed, quiet hours, and messages in each state. */
export interface SmsHubStatus {
  gateway: string;
  /** whether the gateway sends accented (UCS-2) text; when false, templates that keep accents go unaccented */
  unicode: boolean;
  /** what one SMS part costs (VND, the commune's own figure); 0 when not given */
  pricePerSegment: number;
  deliveryReports: 'callbacks' | 'polling';
  quietHours: string | null;
  validityHours: number;
  counts: Partial<Record<SmsStatus, number>>;
}
