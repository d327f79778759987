import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../exports/excel.js';
import { AUDIT_WORDS_VI, auditAction, auditChanges, auditTarget, auditWhen, CSV_BOM, csvRow, OFFSET_MS, plainText } from '@onestop/shared';
import type { AuditEntry } from './service.js';

/** Column headers of the exports (Vietnamese: the file goes to the commune's own records). */
export const AUDIT_HEADERS = ['Thời điểm', 'Người thực hiện', 'Loại', 'Hành động', 'Đối tượng', 'Trước', 'Sau'];

/**
 * One entry in words, as the admin page shows it, with the same catalogue (shared/src/auditText.ts): the kind and
 * action named, the target and every id by its name, a setting by its label, instants dd/mm/yyyy HH:mm in Vietnam's
 * time, one "field: value" line per changed field. Plain text: a label's typed parts lose their backticks.
 */
export function auditCells(e: AuditEntry, names: Readonly<Record<string, string>> = {}): string[] {
  const w = AUDIT_WORDS_VI;
  const changes = auditChanges(e.before, e.after, names, w);
  const side = (pick: 'before' | 'after') => changes.map((c) => (c.field ? `${plainText(c.field)}: ${c[pick]}` : c[pick])).join('\n');
  return [auditWhen(e.at), e.actor, w.kinds[e.kind] ?? e.kind, auditAction(e, w), plainText(auditTarget(e, names, w)), side('before'), side('after')];
}

/** CSV (shared/src/csv.ts: BOM, CRLF, formulas neutralised), written as it is read. */
export async function writeAuditCsv(out: Writable, entries: Iterable<AuditEntry>, names: Readonly<Record<string, string>> = {}): Promise<number> {
  let n = 0;
  let chunk = CSV_BOM + csvRow(AUDIT_HEADERS);
  for (const e of entries) {
    chunk += csvRow(auditCells(e, names));
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
export async function writeAuditXlsx(out: Writable, entries: Iterable<AuditEntry>, names: Readonly<Record<string, string>> = {}): Promise<number> {
  const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Nhật ký', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [
    { header: AUDIT_HEADERS[0], key: 'at', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
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
    const [, actor, kind, action, target, before, after] = auditCells(e, names);
    const row = ws.addRow({ at: new Date(e.at + OFFSET_MS), actor, kind, action, target, before, after });
    row.getCell('before').alignment = row.getCell('after').alignment = { wrapText: true, vertical: 'top' };
    row.commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}
