import type ExcelJS from 'exceljs';
import { loadExcel } from './excel.js';
import { dayBounds, XLSX_PERCENT_FORMAT } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { PeriodStats } from '../stats/queries.js';
import { viDay } from './format.js';
import { LEVEL3_VI, UNKNOWN_VI } from './labels.js';
import { PRINT_SETUP } from './xlsx.js';
import { percentCell, type Percent } from './tables.js';

const ROMAN = ['I', 'II', 'III', 'IV'];
const QUARTER = ['I', 'II', 'III', 'IV'];

/** "Tháng 11/2026", "Quý IV/2026", "Năm 2026" or "Từ ngày … đến ngày …". */
export function periodLabel(s: PeriodStats): string {
  const { kind, from, to } = s.range;
  const y = from.slice(0, 4);
  if (kind === 'month') return `Tháng ${from.slice(5, 7)}/${y}`;
  if (kind === 'quarter') return `Quý ${QUARTER[Math.floor((Number(from.slice(5, 7)) - 1) / 3)]}/${y}`;
  if (kind === 'year') return `Năm ${y}`;
  return `Từ ngày ${viDay(from)} đến ngày ${viDay(to)}`;
}

/** A line of the appendix; a rate is `{ percent }`, written as a fraction shown as a percentage (no "%" unit cell). */
type Line = [stt: string, content: string, unit: string, value: number | Percent | null, note?: string];

/**
 * The monthly / quarterly report shaped like the province's "phụ lục số liệu" (seed 004): numbered sections with
 * STT, content, unit and figure, in the order of the programme's items this system gives evidence for (the
 * electronic rating device at the one-stop counter, the result SMS, files handled on time, apology letters), then
 * the ratings per counter and the files per field. Ready to attach to the commune's report.
 */
export async function writeReport(file: string, db: Db, s: PeriodStats, commune: { name: string; code: string }, issuedDay: string): Promise<void> {
  const end = dayBounds(s.range.to).end;
  const devices = (db.prepare('SELECT COUNT(*) AS n FROM devices WHERE created_at < ? AND (revoked_at IS NULL OR revoked_at >= ?)').get(end, end) as { n: number }).n;
  const r = s.ratings;
  const f = s.files;
  const sections: { title: string; lines: Line[] }[] = [
    {
      title: 'Thiết bị điện tử tại bộ phận một cửa để người dân đánh giá trực tiếp',
      lines: [
        ['1', 'Số thiết bị đánh giá đang hoạt động (cuối kỳ)', 'thiết bị', devices],
        ['2', 'Tổng số lượt đánh giá', 'lượt', r.total, 'Không tính lượt bị đánh dấu nghi vấn'],
        ['2.1', LEVEL3_VI.verySatisfied, 'lượt', r.level3.verySatisfied],
        ['2.2', LEVEL3_VI.satisfied, 'lượt', r.level3.satisfied],
        ['2.3', LEVEL3_VI.notSatisfied, 'lượt', r.level3.notSatisfied, 'Gồm Bình thường, Không hài lòng, Rất không hài lòng'],
        ['3', 'Tỉ lệ hài lòng', '', percentCell(r.satisfactionRate), '(Rất hài lòng + Hài lòng) / Tổng số lượt'],
        ['4', 'Điểm đánh giá trung bình (thang 5)', 'điểm', r.meanScore],
        ['5', 'Số ý kiến góp ý của người dân', 'ý kiến', r.comments],
      ],
    },
    {
      title: 'Hệ thống tin nhắn trả kết quả cho tổ chức và công dân',
      lines: [
        ['1', 'Số tin nhắn đã gửi', 'tin nhắn', s.sms.sent],
        ['2', 'Số tin nhắn đã đến máy người nhận', 'tin nhắn', s.sms.delivered],
        ['3', 'Số tin nhắn gửi lỗi', 'tin nhắn', s.sms.failed],
      ],
    },
    {
      title: 'Tiếp nhận và trả kết quả giải quyết thủ tục hành chính',
      lines: [
        ['1', 'Số hồ sơ tiếp nhận', 'hồ sơ', f.received],
        ['2', 'Số hồ sơ đã trả kết quả', 'hồ sơ', f.returned],
        ['2.1', 'Trả đúng hẹn', 'hồ sơ', f.returnedOnTime],
        ['2.2', 'Trả trễ hẹn', 'hồ sơ', f.returnedLate],
        ['3', 'Số hồ sơ trễ hẹn phát sinh trong kỳ', 'hồ sơ', f.late],
        ['4', 'Số hồ sơ đang giải quyết (cuối kỳ)', 'hồ sơ', f.inProgress],
        ['5', 'Số ngày giải quyết trung bình', 'ngày', f.avgProcessingDays],
      ],
    },
    {
      title: 'Gửi thư xin lỗi về giải quyết công việc còn chậm, không đúng hẹn',
      lines: [['1', 'Số Phiếu xin lỗi và hẹn lại ngày trả kết quả', 'phiếu', f.apologies]],
    },
  ];

  const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'onestop hub';
  const HEADER_ROW = 8;
  const ws = wb.addWorksheet('Phụ lục số liệu', { pageSetup: { ...PRINT_SETUP, orientation: 'portrait', printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` } });
  ws.columns = [{ width: 7 }, { width: 52 }, { width: 12 }, { width: 12, style: { numFmt: '#,##0.##' } }, { width: 34 }];
  const bold = { bold: true };
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  const add = (values: ExcelJS.CellValue[], style?: (row: ExcelJS.Row) => void) => {
    const row = ws.addRow(values);
    style?.(row);
    row.commit();
  };
  add(['ỦY BAN NHÂN DÂN', null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'], (row) => (row.font = bold));
  add([commune.name.toLocaleUpperCase('vi'), null, null, 'Độc lập - Tự do - Hạnh phúc'], (row) => (row.font = bold));
  add([]);
  add(['PHỤ LỤC SỐ LIỆU'], (row) => {
    row.font = { bold: true, size: 14 };
    row.alignment = center;
  });
  add([`Kết quả thực hiện mô hình “Chính quyền thân thiện” tại bộ phận một cửa — ${periodLabel(s)}`], (row) => {
    row.font = bold;
    row.alignment = center;
  });
  add([`(Số liệu từ ngày ${viDay(s.range.from)} đến ngày ${viDay(s.range.to)}; mã đơn vị ${commune.code})`], (row) => (row.alignment = center));
  add([]);
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  const boxed = (row: ExcelJS.Row, n = 5) => {
    for (let i = 1; i <= n; i++) row.getCell(i).border = border;
  };
  add(['STT', 'Nội dung', 'Đơn vị tính', 'Số liệu', 'Ghi chú'], (row) => {
    row.font = bold;
    row.alignment = center;
    boxed(row);
  });
  sections.forEach((sec, i) => {
    add([ROMAN[i]!, sec.title], (row) => {
      row.font = bold;
      boxed(row);
    });
    for (const [stt, content, unit, value, note] of sec.lines) {
      const rate = value !== null && typeof value === 'object';
      add([stt, content, unit || null, rate ? value.percent : value, note ?? null], (row) => {
        boxed(row);
        if (rate) row.getCell(4).numFmt = XLSX_PERCENT_FORMAT;
      });
    }
  });

  add([]);
  add(['', 'Kết quả đánh giá theo quầy'], (row) => (row.font = bold));
  add(['STT', 'Quầy', 'Tổng số lượt', LEVEL3_VI.verySatisfied, LEVEL3_VI.satisfied, LEVEL3_VI.notSatisfied, 'Tỉ lệ hài lòng'], (row) => {
    row.font = bold;
    row.alignment = center;
    boxed(row, 7);
  });
  s.breakdown.counter.forEach((c, i) =>
    add([i + 1, c.label || UNKNOWN_VI.counter, c.ratings.total, c.ratings.level3.verySatisfied, c.ratings.level3.satisfied, c.ratings.level3.notSatisfied, c.ratings.satisfactionRate], (row) => {
      boxed(row, 7);
      row.getCell(7).numFmt = XLSX_PERCENT_FORMAT;
    }),
  );

  add([]);
  add(['', 'Hồ sơ theo lĩnh vực'], (row) => (row.font = bold));
  add(['STT', 'Lĩnh vực', 'Tiếp nhận', 'Đã trả', 'Trả đúng hẹn', 'Trả trễ hẹn', 'Phiếu xin lỗi'], (row) => {
    row.font = bold;
    row.alignment = center;
    boxed(row, 7);
  });
  s.breakdown.field
    .filter((b) => b.files && (b.files.received || b.files.returned || b.files.apologies))
    .forEach((b, i) => add([i + 1, b.key || UNKNOWN_VI.field, b.files!.received, b.files!.returned, b.files!.returnedOnTime, b.files!.returnedLate, b.files!.apologies], (row) => boxed(row, 7)));

  add([]);
  const [yy, mm, dd] = issuedDay.split('-');
  add([null, null, null, `${commune.name}, ngày ${dd} tháng ${mm} năm ${yy}`], (row) => (row.font = { italic: true }));
  add([null, 'NGƯỜI LẬP BIỂU', null, 'TM. ỦY BAN NHÂN DÂN'], (row) => {
    row.font = bold;
  });
  ws.commit();
  await wb.commit();
}
