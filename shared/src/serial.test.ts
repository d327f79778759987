import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checksum, formatSentence, LineFramer, MAX_LINE_BYTES, parseSentence, rawPresses, type Sentence } from './serial.js';

const frame = (text: string) => new LineFramer().push(text);
const parseAll = (text: string) =>
  frame(text)
    .filter((e): e is { kind: 'line'; line: string } => e.kind === 'line')
    .map((e) => parseSentence(e.line));

describe('serial v1: the contract example', () => {
  it.each([
    ['$HELLO,BX-0042,1.0.3,4*59', { type: 'HELLO', serial: 'BX-0042', firmware: '1.0.3', buttons: 4 }],
    ['$BEAT,120*0D', { type: 'BEAT', uptimeS: 120 }],
    ['$PRESS,17,1*70', { type: 'PRESS', seq: 17, button: 1 }],
    ['$ACK,17*63', { type: 'ACK', seq: 17 }],
    ['$WHO*50', { type: 'WHO' }],
  ])('parses %s', (line, sentence) => {
    expect(parseSentence(line)).toEqual({ ok: true, sentence });
  });

  it('formats the agent sentences exactly as the example, with CR LF', () => {
    expect(formatSentence({ type: 'ACK', seq: 17 })).toBe('$ACK,17*63\r\n');
    expect(formatSentence({ type: 'WHO' })).toBe('$WHO*50\r\n');
    expect(formatSentence({ type: 'LED', button: 2, ms: 500 })).toMatch(/^\$LED,2,500\*[0-9A-F]{2}\r\n$/);
  });
});

describe('serial v1: checksum', () => {
  it('is the XOR of the bytes between $ and *, two hex digits, upper case on output', () => {
    expect(checksum('WHO')).toBe('50');
    expect(checksum('')).toBe('00');
    expect(formatSentence({ type: 'PRESS', seq: 0, button: 3 })).toBe(`$PRESS,0,3*${checksum('PRESS,0,3')}\r\n`);
  });
  it('accepts lower-case hex on input', () => {
    expect(parseSentence('$BEAT,120*0d')).toMatchObject({ ok: true });
  });
  it('drops a line with a bad checksum', () => {
    expect(parseSentence('$PRESS,17,1*71')).toEqual({ ok: false, reason: 'bad-checksum' });
  });
  it('drops a line without a checksum', () => {
    expect(parseSentence('$PRESS,17,1')).toEqual({ ok: false, reason: 'bad-framing' });
  });
});

describe('serial v1: line endings and framing', () => {
  it('accepts CR LF and a bare LF', () => {
    expect(parseAll('$PRESS,17,1*70\r\n$PRESS,18,2*')).toHaveLength(1);
    const both = parseAll(`$PRESS,17,1*70\r\n${formatSentence({ type: 'PRESS', seq: 18, button: 2 }).trimEnd()}\n`);
    expect(both.map((r) => r.ok && r.sentence)).toEqual([
      { type: 'PRESS', seq: 17, button: 1 },
      { type: 'PRESS', seq: 18, button: 2 },
    ]);
  });
  it('ignores bytes before a $ (noise, a boot banner)', () => {
    const r = parseAll('Booting v1.0.3...\r\nxx\x00\xff$PRESS,17,1*70\r\n');
    expect(r).toEqual([{ ok: true, sentence: { type: 'PRESS', seq: 17, button: 1 } }]);
  });
  it('a $ restarts the sentence: a truncated one followed by a whole one yields the whole one', () => {
    expect(parseAll('$PRES$PRESS,17,1*70\r\n')).toEqual([{ ok: true, sentence: { type: 'PRESS', seq: 17, button: 1 } }]);
  });
  it('keeps a sentence split over many chunks', () => {
    const f = new LineFramer();
    const out = [...'$PRESS,17,1*70\r\n'].flatMap((ch) => f.push(ch));
    expect(out).toEqual([{ kind: 'line', line: '$PRESS,17,1*70' }]);
  });
  it('takes a line of exactly 82 bytes, and discards a longer one up to the next line end', () => {
    const firmware = 'x'.repeat(16);
    // build a sentence of exactly 80 bytes before CR LF using an unknown type padded to length
    const body80 = 'ZZ,' + 'a'.repeat(80 - 1 - 3 - 3); // $ + body + *CS = 80
    const line82 = `$${body80}*${checksum(body80)}\r\n`;
    expect(line82.length).toBe(MAX_LINE_BYTES);
    expect(frame(line82)).toEqual([{ kind: 'line', line: line82.trimEnd() }]);
    const body81 = body80 + 'a';
    const line83 = `$${body81}*${checksum(body81)}\r\n`;
    const ok = formatSentence({ type: 'HELLO', serial: 'BX-1', firmware, buttons: 3 });
    expect(frame(line83 + ok)).toEqual([{ kind: 'dropped', reason: 'line-too-long' }, { kind: 'line', line: ok.trimEnd() }]);
  });
  it('a too-long line is never a press even if it ends like one', () => {
    const junk = '$' + 'A'.repeat(100) + 'PRESS,17,1*70\r\n';
    expect(parseAll(junk)).toEqual([]);
  });
});

describe('serial v1: fields', () => {
  const good = (s: string) => parseSentence(`$${s}*${checksum(s)}`);
  it.each([
    ['HELLO,BX-0042,1.0.3'],
    ['HELLO,BX 0042,1.0.3,4'],
    ['HELLO,ABCDEFGHIJKLMNOPQ,1.0,4'],
    ['HELLO,BX-1,1.0,1'],
    ['HELLO,BX-1,1.0,6'],
    ['HELLO,,1.0,4'],
    ['PRESS,17'],
    ['PRESS,65536,1'],
    ['PRESS,-1,1'],
    ['PRESS,+1,1'],
    ['PRESS,01,1'],
    ['PRESS,1,0'],
    ['PRESS,1,6'],
    ['PRESS,1,1,1'],
    ['PRESS,1.5,1'],
    ['BEAT,'],
    ['BEAT,abc'],
    ['WHO,1'],
    ['LED,1,10001'],
  ])('drops %s as bad fields', (s) => {
    expect(good(s)).toEqual({ ok: false, reason: 'bad-fields' });
  });
  it('drops an unknown TYPE', () => {
    expect(good('HI,1')).toEqual({ ok: false, reason: 'unknown-type' });
  });
  it('accepts the bounds: seq 0 and 65535, buttons 2..5, serial of 16', () => {
    expect(good('PRESS,0,1')).toMatchObject({ ok: true });
    expect(good('PRESS,65535,5')).toMatchObject({ ok: true });
    expect(good('HELLO,ABCDEFGHIJKLMNOP,1.0,2')).toMatchObject({ ok: true });
    expect(good('HELLO,A,1.0,5')).toMatchObject({ ok: true });
  });
  it('formatting refuses a value the contract forbids', () => {
    expect(() => formatSentence({ type: 'ACK', seq: 70000 })).toThrow();
    expect(() => formatSentence({ type: 'HELLO', serial: 'bad serial', firmware: '1', buttons: 4 })).toThrow();
  });
  it('round-trips every sentence it formats', () => {
    const arb: fc.Arbitrary<Sentence> = fc.oneof(
      fc.record({ type: fc.constant('PRESS' as const), seq: fc.integer({ min: 0, max: 65535 }), button: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ type: fc.constant('ACK' as const), seq: fc.integer({ min: 0, max: 65535 }) }),
      fc.record({ type: fc.constant('BEAT' as const), uptimeS: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }),
      fc.record({ type: fc.constant('LED' as const), button: fc.integer({ min: 1, max: 5 }), ms: fc.integer({ min: 0, max: 10000 }) }),
      fc.record({
        type: fc.constant('HELLO' as const),
        serial: fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/),
        firmware: fc.stringMatching(/^[0-9a-z.]{1,16}$/),
        buttons: fc.integer({ min: 2, max: 5 }),
      }),
    );
    fc.assert(fc.property(arb, (s) => {
      const line = formatSentence(s);
      expect(line.length).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(parseAll(line)).toEqual([{ ok: true, sentence: s }]);
    }));
  });
});

describe('serial v1: fuzz', () => {
  const PRESS_RE = /\$PRESS,(0|[1-9][0-9]{0,4}),([1-5])\*([0-9A-Fa-f]{2})/g;

  it('random bytes never throw and never yield a press unless they contain a valid sentence', () => {
    const alphabet = fc.constantFrom(...'$*,\r\nPRESHLOBATWKCD0123456789abcdefABCDEF-. \x00\xff'.split(''));
    const noisy = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')),
      fc.tuple(fc.array(alphabet, { maxLength: 60 }), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 1, max: 5 }), fc.array(alphabet, { maxLength: 60 })).map(
        ([a, seq, b, c]) => a.join('') + formatSentence({ type: 'PRESS', seq, button: b }) + c.join(''),
      ),
    );
    fc.assert(
      fc.property(noisy, fc.integer({ min: 1, max: 7 }), (text, chunk) => {
        const f = new LineFramer();
        const presses: { seq: number; button: number }[] = [];
        for (let i = 0; i < text.length; i += chunk) {
          for (const ev of f.push(Buffer.from(text.slice(i, i + chunk), 'latin1'))) {
            if (ev.kind !== 'line') continue;
            const r = parseSentence(ev.line);
            if (r.ok && r.sentence.type === 'PRESS') presses.push(r.sentence);
          }
        }
        const valid = [...text.matchAll(PRESS_RE)].filter((m) => checksum(`PRESS,${m[1]},${m[2]}`) === m[3]!.toUpperCase() && Number(m[1]) <= 65535);
        for (const p of presses) {
          expect(valid.some((m) => Number(m[1]) === p.seq && Number(m[2]) === p.button)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('raw mode', () => {
  it('each digit 1..buttons is a press; everything else is ignored', () => {
    expect(rawPresses('1x2\r\n9 0 5', 5)).toEqual([1, 2, 5]);
    expect(rawPresses('12345', 3)).toEqual([1, 2, 3]);
    expect(rawPresses(new Uint8Array([0x31, 0xff, 0x34]), 4)).toEqual([1, 4]);
  });
});
