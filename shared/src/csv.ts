/**
 * The one way the project writes a CSV cell (every export: statistics, audit log, the province's tables).
 *
 * Comma-separated, RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark (without it Excel reads the file in the
 * local code page and garbles Vietnamese).
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with = + - @ tab or CR as a
 * formula, so a kiosk comment `=HYPERLINK(…)` would run on the clerk's PC. Such a text cell is written with a single
 * quote in front and inside double quotes (`"'=HYPERLINK(…)"`): Excel and LibreOffice then show it as text.
 *
 * Numbers: a cell that arrives as a JavaScript number comes from a numeric column (a count, a score, a percentage)
 * that the hub computed, never from someone's text, so it is written as the number, a negative one too (`-3`, which
 * a spreadsheet reads as minus three, not as a formula). Text that merely looks like a number (`"-3"`, a file code)
 * is text and is neutralised like any other: `"'-3"`.
 */
export type CsvValue = string | number | null | undefined;

export const CSV_BOM = '\uFEFF';

/** the cell starts a formula in Excel, LibreOffice or Google Sheets */
const FORMULA_START = /^[=+\-@\t\r]/;
/** a separator (comma, or the semicolon Excel uses in some locales), a quote, a line break, or edge spaces */
const NEEDS_QUOTES = /[",;\r\n]|^\s|\s$/;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (FORMULA_START.test(v)) return quote(`'${v}`);
  return NEEDS_QUOTES.test(v) ? quote(v) : v;
}

/** one line of cells, CRLF-terminated */
export const csvRow = (cells: readonly CsvValue[]): string => cells.map(csvCell).join(',') + '\r\n';

/** true when a written cell (as a CSV reader gives it back) would start a formula: what csvCell never writes */
export const startsFormula = (cell: string): boolean => FORMULA_START.test(cell) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell);
