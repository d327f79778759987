/**
 * Serial button-box protocol v1 (docs/protocols/serial-v1.md): NMEA-style ASCII sentences
 * `$TYPE,field,...*CS` ended by CR LF (a bare LF is accepted), at most 82 bytes including `$` and CR LF.
 * Pure and browser-safe: no Node streams, so the agent, the simulators and the tests share it.
 */

export const MAX_LINE_BYTES = 82;
/** `$` … `*CS` may use the line's bytes less the CR LF. */
export const MAX_SENTENCE_BYTES = MAX_LINE_BYTES - 2;

export type DeviceSentence =
  | { type: 'HELLO'; serial: string; firmware: string; buttons: number }
  | { type: 'PRESS'; seq: number; button: number }
  | { type: 'BEAT'; uptimeS: number };

export type AgentSentence =
  | { type: 'ACK'; seq: number }
  | { type: 'WHO' }
  | { type: 'LED'; button: number; ms: number };

export type Sentence = DeviceSentence | AgentSentence;

export type SerialReason =
  | 'no-start'
  | 'line-too-long'
  | 'bad-framing'
  | 'bad-checksum'
  | 'unknown-type'
  | 'bad-fields';

export type ParseResult = { ok: true; sentence: Sentence } | { ok: false; reason: SerialReason };

/** XOR of every byte of `body` (the text strictly between `$` and `*`), as two upper-case hex digits. */
export function checksum(body: string): string {
  let cs = 0;
  for (let i = 0; i < body.length; i++) cs ^= body.charCodeAt(i) & 0xff;
  return cs.toString(16).toUpperCase().padStart(2, '0');
}

const SERIAL_RE = /^[A-Za-z0-9-]{1,16}$/;
/** The contract does not constrain firmware versions; we take 1–16 printable characters that cannot break framing. */
const FIRMWARE_RE = /^[\x21-\x7e]{1,16}$/;
const UINT_RE = /^(0|[1-9][0-9]{0,9})$/;

function uint(s: string | undefined, max: number): number | null {
  if (s === undefined || !UINT_RE.test(s)) return null;
  const n = Number(s);
  return n <= max ? n : null;
}

/** Parses one line (with or without its CR LF). Never throws. */
export function parseSentence(line: string): ParseResult {
  let s = line;
  if (s.endsWith('\n')) s = s.slice(0, -1);
  if (s.endsWith('\r')) s = s.slice(0, -1);
  const start = s.lastIndexOf('$');
  if (start < 0) return { ok: false, reason: 'no-start' };
  s = s.slice(start);
  if (s.length > MAX_SENTENCE_BYTES) return { ok: false, reason: 'line-too-long' };
  // eslint-disable-next-line no-control-regex
  const m = /^\$([\x20-\x7e]*)\*([0-9A-Fa-f]{2})$/.exec(s);
  if (!m || m[1]!.includes('$') || m[1]!.includes('*')) return { ok: false, reason: 'bad-framing' };
  const body = m[1]!;
  if (checksum(body) !== m[2]!.toUpperCase()) return { ok: false, reason: 'bad-checksum' };
  const [type, ...f] = body.split(',');
  const bad = { ok: false, reason: 'bad-fields' } as const;
  switch (type) {
    case 'HELLO': {
      if (f.length !== 3) return bad;
      const buttons = uint(f[2], 5);
      if (!SERIAL_RE.test(f[0]!) || !FIRMWARE_RE.test(f[1]!) || buttons === null || buttons < 2) return bad;
      return { ok: true, sentence: { type, serial: f[0]!, firmware: f[1]!, buttons } };
    }
    case 'PRESS': {
      if (f.length !== 2) return bad;
      const seq = uint(f[0], 65535);
      const button = uint(f[1], 5);
      if (seq === null || button === null || button < 1) return bad;
      return { ok: true, sentence: { type, seq, button } };
    }
    case 'BEAT': {
      if (f.length !== 1) return bad;
      const uptimeS = uint(f[0], 4_294_967_295);
      if (uptimeS === null) return bad;
      return { ok: true, sentence: { type, uptimeS } };
    }
    case 'ACK': {
      if (f.length !== 1) return bad;
      const seq = uint(f[0], 65535);
      if (seq === null) return bad;
      return { ok: true, sentence: { type, seq } };
    }
    case 'WHO':
      if (f.length !== 0) return bad;
      return { ok: true, sentence: { type } };
    case 'LED': {
      if (f.length !== 2) return bad;
      const button = uint(f[0], 5);
      const ms = uint(f[1], 10000);
      if (button === null || button < 1 || ms === null) return bad;
      return { ok: true, sentence: { type, button, ms } };
    }
    default:
      return { ok: false, reason: 'unknown-type' };
  }
}

function fieldsOf(s: Sentence): (string | number)[] {
  switch (s.type) {
    case 'HELLO':
      return [s.serial, s.firmware, s.buttons];
    case 'PRESS':
      return [s.seq, s.button];
    case 'BEAT':
      return [s.uptimeS];
    case 'ACK':
      return [s.seq];
    case 'WHO':
      return [];
    case 'LED':
      return [s.button, s.ms];
  }
}

/** Formats a sentence with its checksum (upper case) and CR LF. Throws on a value the contract forbids. */
export function formatSentence(s: Sentence): string {
  const body = [s.type, ...fieldsOf(s)].join(',');
  const line = `$${body}*${checksum(body)}\r\n`;
  const check = parseSentence(line);
  if (!check.ok) throw new Error(`cannot format ${s.type}: ${check.reason}`);
  return line;
}

export type FrameEvent = { kind: 'line'; line: string } | { kind: 'dropped'; reason: 'line-too-long' };

/**
 * Splits a byte stream into candidate sentences. Bytes before a `$` are ignored; a `$` restarts the sentence
 * (a truncated sentence followed by a new one); a sentence longer than the bound is dropped up to the next
 * line end. Lines are handed out without CR LF, starting at `$`.
 */
export class LineFramer {
  private buf = '';
  private inSentence = false;
  private discarding = false;

  push(chunk: Uint8Array | string): FrameEvent[] {
    const out: FrameEvent[] = [];
    const text = typeof chunk === 'string' ? chunk : latin1(chunk);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '\n') {
        if (this.inSentence && !this.discarding) {
          const line = this.buf.endsWith('\r') ? this.buf.slice(0, -1) : this.buf;
          out.push({ kind: 'line', line });
        }
        this.reset();
        continue;
      }
      if (this.discarding) continue;
      if (ch === '$') {
        this.buf = '$';
        this.inSentence = true;
        continue;
      }
      if (!this.inSentence) continue;
      this.buf += ch;
      // room for `$ … *CS` plus a CR before the LF
      if (this.buf.length > MAX_SENTENCE_BYTES + (ch === '\r' ? 1 : 0)) {
        out.push({ kind: 'dropped', reason: 'line-too-long' });
        this.discarding = true;
        this.buf = '';
      }
    }
    return out;
  }

  private reset(): void {
    this.buf = '';
    this.inSentence = false;
    this.discarding = false;
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Raw mode: each ASCII digit 1..buttons is a press; every other byte is ignored. */
export function rawPresses(chunk: Uint8Array | string, buttons = 5): number[] {
  const text = typeof chunk === 'string' ? chunk : latin1(chunk);
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 1 && c <= buttons) out.push(c);
  }
  return out;
}
