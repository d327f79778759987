import type { Page } from 'playwright-core';

/**
 * Issue 14 §5: a page a clerk or an admin reads shows names, dates and Vietnamese words, never what the machine
 * stores. `findUnreadable` lists what a person should not have to read; `assertReadableVietnamese` fails on it.
 *
 * What counts as unreadable:
 *  - a raw id: our ids are a short prefix and hex (`q-fbc7abbe` counter, `d-…` device, `u-…` user, `t-…` token,
 *    `s-…` session: hub/src/counters, devices, auth) and UUIDs (exports);
 *  - an epoch number: 10 to 13 digits not starting with 0 (a phone starts with 0 and is shown grouped);
 *  - on a Vietnamese page, an English word. Without a word list, a word is taken for Vietnamese when it has
 *    diacritics or is one Vietnamese syllable (onset, vowels, coda); "status", "counterId", "expiresAt", "admin",
 *    "pending" are not. Short English words that happen to be syllables ("to", "on") pass: the check catches the
 *    field names and states that leak, not every English word. Brand names and acronyms are allowed by a list.
 *
 * The one exception, deliberate: text inside an element marked `translate="no"` is not checked. It marks what a
 * person reads or types exactly as it is, which no translation may touch (a browser's translator skips it too):
 *  - data shown as it was typed: a username, a URL, an SMS text or template, a secret shown once;
 *  - what the reader must type or copy character for character: a command (`npx hub restore --from <tệp>`), a file
 *    path, an environment variable's name (`UPSTREAM_URL`), a template's placeholder (`{contactPhone}`), a CSV
 *    header, a field's name on a provider's site (`App ID`).
 * The UI marks these with kiosk-ui/src/ui/Typed.tsx: `<Code>` for a value, `<Typed text=…>` for a catalogue text
 * whose typed parts are written between backticks. Never a label, a sentence or a word that has a Vietnamese
 * name: those come from the catalogue in Vietnamese (docs/decisions/0135-typed-text-is-marked-not-translated.md).
 */

/** Words fine on a Vietnamese page: brands, file formats and acronyms a commune office uses as they are. */
export const ALLOWED_WORDS = new Set(
  ['SMS', 'Zalo', 'ZNS', 'OA', 'Excel', 'CSV', 'XLSX', 'PDF', 'QR', 'OTP', 'API', 'URL', 'HTTP', 'HTTPS', 'IP', 'ID', 'Wi', 'Fi', 'USB', 'PIN', 'Twilio', 'Kannel', 'eSMS', 'SpeedSMS', 'Viettel', 'VNPT', 'Mobifone', 'Vinaphone', 'Vietnamobile', 'Gmobile', 'Reddi', 'Itelecom', 'UBND', 'CCCD', 'CMND', 'VNeID', 'KB', 'MB', 'GB', 'Android', 'Windows', 'Linux', 'Chromium', 'Chrome', 'English', 'A4', 'A5', 'TB', 'Brandname', 'Email', 'email', 'Token', 'token', 'Mbps',
    // the keys of a keyboard, by the names printed on them
    'Enter', 'Tab', 'Esc', 'Ctrl', 'Shift'].map((w) => w.toLowerCase()),
);

/** Words that betray a bug whatever the language. */
const BROKEN = /\b(NaN|undefined|null|Invalid Date|\[object Object\])\b/;
const RAW_ID = /(?<![\p{L}\d-])(?:[a-z]{1,2}-[0-9a-f]{8,16}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\p{L}\d])/giu;
const EPOCH = /(?<![\d.,])[1-9]\d{9,12}(?![\d.,])/g;
const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?';
const SYLLABLE = new RegExp(`^${ONSET}[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$`, 'i');
const WORD = /[\p{L}]+/gu;

export interface Unreadable {
  kind: 'raw-id' | 'epoch' | 'english' | 'broken';
  found: string;
  context: string;
}

/** A Vietnamese word, or one that is fine as it is on a Vietnamese page. */
export function isVietnameseWord(word: string, allow: ReadonlySet<string> = ALLOWED_WORDS): boolean {
  if (allow.has(word.toLowerCase())) return true;
  if (/[^\x00-\x7f]/.test(word)) return true; // diacritics, đ
  if (word.length === 1) return true;
  if (/^x+$/.test(word)) return true; // a masked phone: 09xx xxx 678
  if (/^[A-Z]{2,5}$/.test(word)) return true; // an acronym or a code's letters: UBND, HS-2026-…
  return SYLLABLE.test(word);
}

/** What in this text a reader should not see (pure, so it is unit tested without a browser). */
export function unreadableIn(text: string, opts: { vietnamese?: boolean; allow?: readonly string[] } = {}): Unreadable[] {
  const out: Unreadable[] = [];
  const ctx = (i: number, len: number) => text.slice(Math.max(0, i - 30), i + len + 30).replace(/\s+/g, ' ');
  const broken = BROKEN.exec(text);
  if (broken) out.push({ kind: 'broken', found: broken[0], context: ctx(broken.index, broken[0].length) });
  // each finding is blanked out before the next check, so an id's hex is not also taken for a number or a word
  let rest = text;
  const take = (re: RegExp, kind: Unreadable['kind']) => {
    for (const m of rest.matchAll(re)) out.push({ kind, found: m[0], context: ctx(m.index, m[0].length) });
    rest = rest.replace(re, (s) => ' '.repeat(s.length));
  };
  take(RAW_ID, 'raw-id');
  take(EPOCH, 'epoch');
  if (opts.vietnamese !== false) {
    const allow = new Set([...ALLOWED_WORDS, ...(opts.allow ?? []).map((w) => w.toLowerCase())]);
    for (const m of rest.matchAll(WORD)) {
      if (!isVietnameseWord(m[0], allow)) out.push({ kind: 'english', found: m[0], context: ctx(m.index, m[0].length) });
    }
  }
  return out;
}

/** The text a person sees on the page: visible text nodes, input values and placeholders, outside translate="no". */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const skipped = (el: Element | null) => !el || el.closest('[translate="no"], script, style, noscript, template') !== null || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el?.tagName === 'OPTION') continue; // options are read through their select below
      if (!n.textContent?.trim() || skipped(el)) continue;
      parts.push(n.textContent);
    }
    for (const el of Array.from(document.querySelectorAll('input, textarea, select'))) {
      if (skipped(el)) continue;
      if (el instanceof HTMLSelectElement) {
        parts.push(Array.from(el.selectedOptions, (o) => o.text).join(' '));
        continue;
      }
      const input = el as HTMLInputElement;
      if (['password', 'hidden', 'file', 'checkbox', 'radio'].includes(input.type)) continue;
      parts.push(input.placeholder ?? '', input.value ?? '');
      const title = el.getAttribute('title');
      if (title) parts.push(title);
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title]'))) {
      if (el.closest('input, textarea, select') || skipped(el)) continue;
      parts.push(el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '');
    }
    return parts.filter(Boolean).join('\n');
  });
}

/**
 * Fails, listing each finding with its context, when the page shows a raw id, an epoch number or (on a Vietnamese
 * page, the default) an English word. `allow` adds words that are this page's data, e.g. a test's username;
 * `english` checks a page shown in English: ids, epochs and broken values only.
 */
export async function assertReadableVietnamese(page: Page, opts: { allow?: readonly string[]; where?: string; english?: boolean } = {}): Promise<void> {
  const found = unreadableIn(await visibleText(page), { allow: opts.allow, vietnamese: !opts.english });
  if (found.length === 0) return;
  const where = opts.where ?? page.url();
  const lines = found.slice(0, 30).map((f) => `  ${f.kind} "${f.found}" in "…${f.context}…"`);
  throw new Error(`${where} is not readable${opts.english ? '' : ' Vietnamese'} (${found.length} finding(s)):\n${lines.join('\n')}`);
}
