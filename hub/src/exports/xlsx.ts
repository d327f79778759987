import type ExcelJS from 'exceljs';
import { XLSX_PERCENT_FORMAT } from '@onestop/shared';
import { loadExcel } from './excel.js';
import { DAY_RE, excelDateTime, excelDay } from './format.js';
import type { Cell, Column, Table } from './tables.js';

const NUM_FMT: Partial<Record<Column['type'], string>> = {
  int: '#,##0',
  decimal: '0.0#',
  percent: XLSX_PERCENT_FORMAT,
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** Landscape A4, fitted to one page wide (as many pages down as needed), header row repeated on every page. */
export const PRINT_SETUP = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
} as const;

function value(type: Column['type'], v: Cell): ExcelJS.CellValue {
  if (v === null || v === '') return null;
  if (typeof v === 'object') return v.percent;
  if (type === 'date' && typeof v === 'string' && DAY_RE.test(v)) return excelDay(v);
  if (type === 'datetime' && typeof v === 'number') return excelDateTime(v);
  if (type === 'auto' && typeof v === 'string' && DAY_RE.test(v)) return excelDay(v);
  return v;
}

/**
 * Writes tables as sheets of one workbook with exceljs's streaming WorkbookWriter: each row is committed as it is
 * written and each sheet committed before the next begins, so memory holds about one chunk, not the workbook.
 * Shared strings are off (they would keep every distinct text in memory until the end).
 */
export async function writeXlsx(
  file: string,
  tables: Table[],
  opts: { onRows?: (n: number) => void; creator?: string; before?: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void> } = {},
): Promise<void> {
  const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = opts.creator ?? 'onestop hub';
  if (opts.before) await opts.before(wb);
  for (const t of tables) {
    await writeSheet(wb, t, opts.onRows);
  }
  await wb.commit();
}

/** Bytes of sheet XML allowed to wait for the compressor before the writer pauses. */
const MAX_PENDING = 4 * 1024 * 1024;

/**
 * exceljs gives no backpressure: a sheet's rows go into a PassThrough that the zip reads at deflate speed, and
 * whatever the compressor has not taken yet waits in memory. So between chunks we wait until that queue is short
 * (the PassThrough is the sheet stream's pipe; if a later exceljs hides it we only yield, and memory is what the
 * benchmark then shows). Yielding also lets the hub answer other requests during an export.
 */
async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  type Side = { length?: number };
  type Pipe = { writableLength?: number; readableLength?: number; _writableState?: Side; _readableState?: Side };
  const pipe = (ws as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes?.[0];
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (!pipe) return;
  // archiver's PassThrough comes from readable-stream 2, which has no writableLength: read its states
  const pending = () => (pipe._writableState?.length ?? pipe.writableLength ?? 0) + (pipe._readableState?.length ?? pipe.readableLength ?? 0);
  while (pending() > MAX_PENDING) await new Promise<void>((resolve) => setTimeout(resolve, 5));
}

export async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, t: Table, onRows?: (n: number) => void): Promise<void> {
  const ws = wb.addWorksheet(t.sheet, { pageSetup: { ...PRINT_SETUP }, views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c, i) => ({ key: `c${i}`, width: c.width, style: NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {} }));
  const header = ws.addRow(t.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.commit();
  const types = t.columns.map((c) => c.type);
  for await (const chunk of t.chunks()) {
    for (const row of chunk) {
      const r = ws.addRow(row.map((v, i) => value(types[i]!, v)));
      for (let i = 0; i < types.length; i++) {
        if (types[i] !== 'auto') continue;
        const v = row[i];
        if (typeof v === 'string' && DAY_RE.test(v)) r.getCell(i + 1).numFmt = 'dd/mm/yyyy';
        else if (v !== null && typeof v === 'object') r.getCell(i + 1).numFmt = XLSX_PERCENT_FORMAT;
      }
      r.commit();
    }
    onRows?.(chunk.length);
    await drained(ws);
  }
  ws.commit();
}
