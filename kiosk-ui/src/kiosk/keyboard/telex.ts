/**
 * Vietnamese typing on the kiosk's own keyboard (a touchscreen in kiosk mode has no system keyboard, hence no IME).
 * Telex, as most Vietnamese type: after a word's letters, s f r x j put the sắc, huyền, hỏi, ngã, nặng tone and z
 * removes it; aa ee oo make â ê ô, aw ow uw (or w alone) make ă ơ ư, dd makes đ. The same key again undoes it and
 * types the letter. The keyboard's tone and mark keys call the same functions, for those who do not know Telex.
 *
 * Letters are kept as Unicode: a tone or a mark is a combining character added in NFD and folded back with NFC, so
 * no table of 134 precomposed letters is needed.
 */

export type Tone = 'acute' | 'grave' | 'hook' | 'tilde' | 'dot';
export type Mark = 'circumflex' | 'breve' | 'horn';

const TONE_CHAR: Record<Tone, string> = { acute: '\u0301', grave: '\u0300', hook: '\u0309', tilde: '\u0303', dot: '\u0323' };
const MARK_CHAR: Record<Mark, string> = { circumflex: '\u0302', breve: '\u0306', horn: '\u031B' };
const TONE_RE = /[\u0300\u0301\u0303\u0309\u0323]/g;
const MARK_RE = /[\u0302\u0306\u031B]/g;

export const TELEX_TONES: Record<string, Tone> = { s: 'acute', f: 'grave', r: 'hook', x: 'tilde', j: 'dot' };

/** Which base vowels take which mark. */
const MARKABLE: Record<Mark, string> = { circumflex: 'aeo', breve: 'a', horn: 'ou' };

const VOWELS = 'aeiouy';

const parts = (ch: string) => {
  const d = ch.normalize('NFD');
  return { base: d[0]!, tone: d.match(TONE_RE)?.[0] ?? '', mark: d.match(MARK_RE)?.[0] ?? '' };
};
const join = (base: string, mark: string, tone: string) => (base + mark + tone).normalize('NFC');
const isVowel = (ch: string) => VOWELS.includes(parts(ch).base.toLowerCase());

/** The vowel nucleus of a syllable: [start, end) indexes into the word, with qu- and gi- left to the consonant. */
function nucleus(word: string): [number, number] | null {
  const chars = [...word];
  let start = chars.findIndex(isVowel);
  if (start < 0) return null;
  let end = start;
  while (end < chars.length && isVowel(chars[end]!)) end++;
  const lower = (i: number) => parts(chars[i]!).base.toLowerCase();
  // "qu" and "gi" before another vowel: the u / i belongs to the consonant (quá, giờ)
  if (start > 0 && end - start > 1 && ((lower(start - 1) === 'q' && lower(start) === 'u') || (lower(start - 1) === 'g' && lower(start) === 'i'))) start++;
  return [start, end];
}

/** Where the tone goes, by the usual (old-style) rule: on a marked vowel; else the last vowel before a final consonant; else the first of two, the middle of three. */
function toneIndex(word: string): number | null {
  const n = nucleus(word);
  if (!n) return null;
  const [start, end] = n;
  const chars = [...word];
  // ươ and the like: the last marked vowel takes it
  for (let i = end - 1; i >= start; i--) if (parts(chars[i]!).mark) return i;
  const len = end - start;
  if (len === 1) return start;
  if (end < chars.length) return end - 1;
  return len === 2 ? start : start + 1;
}

/** Puts (or, with null, removes) a tone on a word. */
export function setTone(word: string, tone: Tone | null): string {
  const chars = [...word];
  const cleared = chars.map((c) => {
    const p = parts(c);
    return p.tone ? join(p.base, p.mark, '') : c;
  });
  const i = toneIndex(cleared.join(''));
  if (i === null || tone === null) return cleared.join('');
  const p = parts(cleared[i]!);
  cleared[i] = join(p.base, p.mark, TONE_CHAR[tone]);
  return cleared.join('');
}

const toneOf = (word: string): Tone | null => {
  for (const c of word) {
    const t = parts(c).tone;
    if (t) return (Object.keys(TONE_CHAR) as Tone[]).find((k) => TONE_CHAR[k] === t) ?? null;
  }
  return null;
};

/**
 * Puts a mark on the word's vowel that takes it (the last one, or for horn "uo" both), or takes it off when it is
 * already there. Null when no vowel of the word takes that mark.
 */
export function toggleMark(word: string, mark: Mark, only?: string): string | null {
  const chars = [...word];
  const n = nucleus(word);
  if (!n) return null;
  const [start, end] = n;
  const can = (i: number) => {
    const b = parts(chars[i]!).base.toLowerCase();
    return MARKABLE[mark].includes(b) && (only === undefined || b === only);
  };
  const targets: number[] = [];
  for (let i = end - 1; i >= start; i--) if (can(i)) targets.push(i);
  if (targets.length === 0) return null;
  // ươ: both take the horn (người, được)
  const pick = mark === 'horn' && targets.length === 2 && parts(chars[targets[1]!]!).base.toLowerCase() === 'u' ? targets : [targets[0]!];
  const has = pick.every((i) => parts(chars[i]!).mark === MARK_CHAR[mark]);
  const tone = toneOf(word);
  for (const i of pick) {
    const p = parts(chars[i]!);
    chars[i] = join(p.base, has ? '' : MARK_CHAR[mark], p.tone);
  }
  // the tone may move to the vowel that now carries the mark
  return tone ? setTone(chars.join(''), tone) : chars.join('');
}

/** The word at the end of the text (after the last space), and what comes before it. */
function split(text: string): [string, string] {
  const m = /[^\s]*$/.exec(text)!;
  return [text.slice(0, m.index), m[0]];
}

/** Types one key (a single letter, digit or sign) at the end of the text, composing Telex. */
export function typeKey(text: string, key: string): string {
  const [head, word] = split(text);
  const k = key.toLowerCase();
  if (word && (k in TELEX_TONES || k === 'z') && nucleus(word)) {
    if (k === 'z') {
      const plain = setTone(word, null);
      return head + (plain === word ? word + key : plain);
    }
    const tone = TELEX_TONES[k]!;
    if (toneOf(word) === tone) return head + setTone(word, null) + key;
    return head + setTone(word, tone);
  }
  if (word && (k === 'a' || k === 'e' || k === 'o')) {
    // aa, ee, oo: the same vowel typed again, also across a vowel after it ("lau" + a → "lâu"); again undoes it
    const marked = toggleMark(word, 'circumflex', k);
    if (marked !== null) return head + marked + (marked.normalize('NFD').includes(MARK_CHAR.circumflex) ? '' : key);
  }
  if (k === 'w') {
    const horn = word ? toggleMark(word, 'horn') : null;
    const breve = word && horn === null ? toggleMark(word, 'breve') : null;
    const marked = horn ?? breve;
    if (marked !== null) return head + marked + (marked.normalize('NFD').match(MARK_RE) ? '' : key);
    return text + (key === 'W' ? 'Ư' : 'ư');
  }
  if (k === 'd' && word) {
    const chars = [...word];
    if (chars.length === 1 && chars[0]!.toLowerCase() === 'd') return head + (chars[0] === 'D' ? 'Đ' : 'đ');
    if (chars.length === 1 && chars[0]!.toLowerCase() === 'đ') return head + (chars[0] === 'Đ' ? 'D' : 'd') + key;
  }
  return text + key;
}

/** The keyboard's explicit tone key: on the last word, toggled. */
export function toneKey(text: string, tone: Tone): string {
  const [head, word] = split(text);
  if (!word) return text;
  return head + setTone(word, toneOf(word) === tone ? null : tone);
}

/** The keyboard's explicit mark key (â/ê/ô, ă, ơ/ư, đ) on the last word, toggled. */
export function markKey(text: string, mark: Mark | 'stroke'): string {
  const [head, word] = split(text);
  if (!word) return text;
  if (mark === 'stroke') {
    const first = word[0]!;
    const swap: Record<string, string> = { d: 'đ', D: 'Đ', đ: 'd', Đ: 'D' };
    return swap[first] ? head + swap[first] + word.slice(1) : text;
  }
  return head + (toggleMark(word, mark) ?? word);
}

/** Deletes the last character the citizen sees (a whole composed letter). */
export function backspace(text: string): string {
  const chars = [...text.normalize('NFC')];
  chars.pop();
  return chars.join('');
}
