import { formatIssues, PROCEDURE_CSV_DOCUMENTS_SEPARATOR, PROCEDURE_CSV_HEADER, procedureInput, type ProcedureInput } from '@onestop/shared';

export interface CsvRow {
  /** the line the row starts on, as a spreadsheet numbers it (the header is line 1) */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields may be quoted with "…" (a quote inside doubled), quoted fields may hold
 * commas and line breaks; CRLF or LF; a UTF-8 byte-order mark (Excel writes one) is ignored. Blank lines are skipped.
 */
export function parseCsv(text: string): { rows: CsvRow[]; error?: string } {
  const src = text.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const startLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (src[i] === '"') {
        i++;
        for (;;) {
          if (i >= src.length) return { rows, error: `line ${startLine}: a quoted field is not closed` };
          const ch = src[i]!;
          if (ch === '"') {
            if (src[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') return { rows, error: `line ${line}: text after a closing quote` };
      } else {
        while (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') cell += src[i++];
      }
      cells.push(cell);
      if (src[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (src[i] === '\r') i++;
    if (src[i] === '\n') i++;
    line++;
    if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: startLine, cells });
  }
  return { rows };
}

/** "2000", "2.000", "2 000" → 2000 (Vietnamese writes thousands with dots); empty → null. */
function parseFee(s: string): number | null | undefined {
  const t = s.trim();
  if (t === '') return null;
  if (/^\d+$/.test(t)) return Number(t);
  if (/^\d{1,3}([. ]\d{3})+$/.test(t)) return Number(t.replace(/[. ]/g, ''));
  return undefined;
}

/**
 * The procedure catalogue CSV: header `code,name,field,processingDays,fee[,documents]`, then one procedure a row. Every
 * row is checked; any error gives the list of bad rows and nothing is imported. Without the documents column, the
 * papers already listed for a procedure stay as they are.
 */
export function parseProcedureCsv(text: string): { ok: true; procedures: ProcedureInput[] } | { ok: false; errors: string[] } {
  const { rows, error } = parseCsv(text);
  if (error) return { ok: false, errors: [error] };
  const [head, ...data] = rows;
  const expected = PROCEDURE_CSV_HEADER.join(',');
  const older = PROCEDURE_CSV_HEADER.slice(0, -1).join(',');
  const got = head?.cells.map((c) => c.trim().toLowerCase()).join(',');
  if (got !== expected.toLowerCase() && got !== older.toLowerCase()) {
    return { ok: false, errors: [`line 1: the header must be ${expected} (documents may be left out)`] };
  }
  const columns = head!.cells.length;
  if (data.length === 0) return { ok: false, errors: ['no procedures after the header'] };
  const errors: string[] = [];
  const procedures: ProcedureInput[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of data) {
    if (cells.length !== columns) {
      errors.push(`row ${line}: ${cells.length} fields, expected ${columns}`);
      continue;
    }
    const [code, name, field, days, fee, docs] = cells as [string, string, string, string, string, string | undefined];
    const feeValue = parseFee(fee);
    if (feeValue === undefined) {
      errors.push(`row ${line}: fee: "${fee}" is not a whole number of đồng`);
      continue;
    }
    const daysText = days.trim();
    const parsed = procedureInput.safeParse({
      code,
      name,
      field,
      processingDays: /^\d+$/.test(daysText) ? Number(daysText) : NaN,
      fee: feeValue,
      ...(docs !== undefined ? { documents: docs.split(PROCEDURE_CSV_DOCUMENTS_SEPARATOR).filter((d) => d.trim() !== '') } : {}),
    });
    if (!parsed.success) {
      errors.push(`row ${line}: ${formatIssues(parsed.error)}`);
      continue;
    }
    const key = parsed.data.code.toLowerCase();
    if (seen.has(key)) errors.push(`row ${line}: code ${parsed.data.code} is already on row ${seen.get(key)}`);
    else seen.set(key, line);
    procedures.push(parsed.data);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, procedures };
}
