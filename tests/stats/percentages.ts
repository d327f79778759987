import type ExcelJS from 'exceljs';

/** A rate's name in a header or a label ("Tỉ lệ hài lòng", "Tỷ lệ hài lòng…"). */
const RATE = /t[ỉỷ] lệ/i;
const isText = (v: ExcelJS.CellValue) => typeof v === 'string' && v.trim() !== '';
const empty = (v: ExcelJS.CellValue) => v === null || v === undefined || v === '';

/**
 * Every percentage of a workbook, checked against the rule of docs/statistics.md ("Percentages"): a number 0..1 with
 * a percent number format, and no separate "%" unit cell anywhere. A percentage is found by its name: under a
 * header naming a rate (down to the next text in that column), or right of a label naming one (the first filled
 * cell of its row). And every figure with a percent format must be such a number. Answers the problems and how many
 * percentages were checked (so a workbook without any cannot pass unnoticed).
 */
export function percentProblems(wb: ExcelJS.Workbook): { checked: number; problems: string[] } {
  const problems: string[] = [];
  let checked = 0;
  const check = (ws: ExcelJS.Worksheet, c: ExcelJS.Cell, why: string) => {
    checked++;
    const ok = typeof c.value === 'number' && c.value >= 0 && c.value <= 1 && /%/.test(c.numFmt ?? '');
    if (!ok) problems.push(`${ws.name}!${c.address} (${why}): ${JSON.stringify(c.value)} with format ${JSON.stringify(c.numFmt)}`);
  };
  for (const ws of wb.worksheets) {
    ws.eachRow((row, r) => {
      row.eachCell((c, col) => {
        if (typeof c.value === 'string' && c.value.trim() === '%') problems.push(`${ws.name}!${c.address}: a separate "%" unit cell`);
        // (a header's text takes its column's format too: only figures count)
        if (/%/.test(c.numFmt ?? '') && !empty(c.value) && !isText(c.value) && !(typeof c.value === 'number' && c.value >= 0 && c.value <= 1)) problems.push(`${ws.name}!${c.address}: ${JSON.stringify(c.value)} formatted as a percentage`);
        if (!(typeof c.value === 'string' && RATE.test(c.value))) return;
        // a label: a filled cell follows on its row, and the first one is the rate
        for (let k = col + 1; k <= row.cellCount; k++) {
          const next = row.getCell(k);
          if (empty(next.value)) continue;
          if (!isText(next.value)) return check(ws, next, `right of "${c.value}"`);
          break;
        }
        // a header: the cells below, down to the next text (another table's header)
        for (let k = r + 1; k <= ws.rowCount; k++) {
          const below = ws.getRow(k).getCell(col);
          if (empty(below.value)) continue;
          if (isText(below.value)) break;
          check(ws, below, `under "${c.value}"`);
        }
      });
    });
  }
  return { checked, problems };
}
