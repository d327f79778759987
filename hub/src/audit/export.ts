import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../exports/excel.js';
import { CSV_BOM, csvRow, formatDateVi, OFFSET_MS } from '@onestop/shared';
import type { AuditEntry } from './service.js';

/** Column headers of the exports (Vietnamese: the file goes to the commune's own records). */
export const AUDIT_HEADERS = ['Thời điểm', 'Người thực hiện', 'Loại', 'Hành động', 'Đối tượng', 'Trước', 'Sau'];

const pad = (n: number) => String(n).padStart(2, '0');
function stamp(ms: number): string {
  const d = new Date(ms + OFFSET_MS);
  return `${formatDateVi(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

export function auditCells(e: AuditEntry): string[] {
  return [stamp(e.at), e.actor, e.kind, e.action, e.target ?? '', json(e.before), json(e.after)];
}

/** CSV (shared/src/csv.ts: BOM, CRLF, formulas neutralised), written as it is read. */
export async function writeAuditCsv(out: Writable, entries: Iterable<AuditEntry>): Promise<number> {
  let n = 0;
  let chunk = CSV_BOM + csvRow(AUDIT_HEADERS);
  for (const e of entries) {
    chunk += csvRow(auditCells(e));
    n++;
    if (chunk.length > 64 * 1024) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  return n;
}

/** XLSX, streamed row by row (exceljs' WorkbookWriter): the time as a real date, headers bold, ready to print. */
export async function writeAuditXlsx(out: Writable, entries: Iterable<AuditEntry>): Promise<number> {
  const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Nhật ký', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [
    { header: AUDIT_HEADERS[0], key: 'at', width: 20, style: { numFmt: 'dd/mm/yyyy hh:mm:ss' } },
    { header: AUDIT_HEADERS[1], key: 'actor', width: 18 },
    { header: AUDIT_HEADERS[2], key: 'kind', width: 14 },
    { header: AUDIT_HEADERS[3], key: 'action', width: 14 },
    { header: AUDIT_HEADERS[4], key: 'target', width: 18 },
    { header: AUDIT_HEADERS[5], key: 'before', width: 50 },
    { header: AUDIT_HEADERS[6], key: 'after', width: 50 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  for (const e of entries) {
    // a spreadsheet date is wall-clock time: shift to Vietnam's local time
    ws.addRow({ at: new Date(e.at + OFFSET_MS), actor: e.actor, kind: e.kind, action: e.action, target: e.target ?? '', before: json(e.before), after: json(e.after) }).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}
