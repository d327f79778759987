import type ExcelJS from 'exceljs';
import { loadExcel } from '../exports/excel.js';
import { CSV_BOM, csvPercent, csvPercentHeader, csvRow, XLSX_PERCENT_FORMAT } from '@onestop/shared';
import type { ProvinceReport, ProvinceReports } from './report.js';

const LEVEL_VI = { full: 'Triển khai đầy đủ', partial: 'Triển khai nhưng chưa đầy đủ', none: 'Chưa triển khai', noData: 'Chưa gửi số liệu' } as const;
const CRITERION_VI = { sms: 'Hệ thống tin nhắn trả kết quả cho tổ chức và công dân', devices: 'Thiết bị điện tử để người dân đánh giá trực tiếp tại bộ phận một cửa' } as const;

const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
/**
 * A satisfaction rate as the fraction 0..1 ('' without ratings): the XLSX sheets show it with a percent format, the CSV
 * writes it as 87.5 under a "(%)" header (docs/statistics.md, "Percentages").
 */
const RATE = 'Tỷ lệ hài lòng';
const rate = (x: number | null): number | '' => (x === null ? '' : x);
const csvCells = (row: (string | number)[], rateAt: number) => row.map((v, i) => (i === rateAt && typeof v === 'number' ? csvPercent(v) : v));
const csvHeader = (header: string[]) => header.map((h) => (h === RATE ? csvPercentHeader(h) : h));
/** exceljs rows with the rate's cell shown as a percentage */
const addRateRow = (ws: ExcelJS.Worksheet, row: (string | number)[], rateAt: number) => (ws.addRow(row).getCell(rateAt + 1).numFmt = XLSX_PERCENT_FORMAT);

export const COMMUNE_HEADER = [
  'Mã xã', 'Tên xã', 'Số ngày đã gửi', 'Tổng lượt đánh giá', 'Rất hài lòng (5)', 'Hài lòng (4)', 'Bình thường (3)', 'Không hài lòng (2)',
  'Rất không hài lòng (1)', RATE, 'Lượt bị loại (nghi bấm phá)', 'Hồ sơ tiếp nhận', 'Hồ sơ có kết quả', 'Hồ sơ đã trả',
  'Hồ sơ trễ hạn', 'Phiếu xin lỗi', 'SMS đã gửi', 'SMS đã đến', 'SMS lỗi', 'Tin nhắn trả kết quả', 'Thiết bị đánh giá',
];

const COMMUNE_RATE = COMMUNE_HEADER.indexOf(RATE);

const levelVi = (l: 'full' | 'partial' | 'none' | null) => LEVEL_VI[l ?? 'noData'];

/** The per-commune table (and a province total), the same rows in CSV and XLSX. */
export function communeRows(r: ProvinceReport): (string | number)[][] {
  const rows: (string | number)[][] = r.communes.map((c) => [
    c.code, c.name, c.daysReported, c.total, c.byScore['5'], c.byScore['4'], c.byScore['3'], c.byScore['2'], c.byScore['1'], rate(c.satisfaction),
    c.flagged, c.files.received, c.files.ready, c.files.returned, c.files.late, c.files.apologies, c.sms.sent, c.sms.delivered, c.sms.failed,
    levelVi(c.smsLevel), levelVi(c.devicesLevel),
  ]);
  const p = r.province;
  rows.push([
    '', 'Toàn tỉnh', p.summaries, p.total, p.byScore['5'], p.byScore['4'], p.byScore['3'], p.byScore['2'], p.byScore['1'], rate(p.satisfaction),
    p.flagged, p.files.received, p.files.ready, p.files.returned, p.files.late, p.files.apologies, p.sms.sent, p.sms.delivered, p.sms.failed, '', '',
  ]);
  return rows;
}

export function appendixRows(r: ProvinceReport): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const a of r.appendix) {
    for (const k of ['full', 'partial', 'none', 'noData'] as const) rows.push([CRITERION_VI[a.criterion], LEVEL_VI[k], a[k].count, a[k].communes.join('; ')]);
  }
  return rows;
}

const DAY_HEADER = [
  'Ngày', 'Mã xã', 'Tên xã', 'Lần sửa', 'Tổng lượt đánh giá', 'Rất hài lòng (5)', 'Hài lòng (4)', 'Bình thường (3)', 'Không hài lòng (2)', 'Rất không hài lòng (1)',
  'Lượt bị loại', 'Hồ sơ tiếp nhận', 'Hồ sơ có kết quả', 'Hồ sơ đã trả', 'Hồ sơ trễ hạn', 'Phiếu xin lỗi', 'Hồ sơ đang giải quyết cuối ngày',
  'SMS đã gửi', 'SMS đã đến', 'SMS lỗi', 'Thiết bị cấu hình', 'Thiết bị hoạt động',
];
const dayRow = (x: Record<string, number | string>) => [
  dmy(String(x.day)), x.code!, x.name!, x.revision!, x.total!, x.s5!, x.s4!, x.s3!, x.s2!, x.s1!, x.flagged!, x.files_received!, x.files_ready!,
  x.files_returned!, x.files_late!, x.files_apologies!, x.files_open!, x.sms_sent!, x.sms_delivered!, x.sms_failed!, x.devices_configured!, x.devices_seen!,
];

/** CSV (shared/src/csv.ts: BOM, CRLF, formulas neutralised). kind "communes": one row per commune; "days": per commune and day. */
export function toCsv(reports: ProvinceReports, r: ProvinceReport, kind: 'communes' | 'days'): string {
  let out = CSV_BOM;
  if (kind === 'communes') {
    out += csvRow(csvHeader(COMMUNE_HEADER));
    for (const row of communeRows(r)) out += csvRow(csvCells(row, COMMUNE_RATE));
  } else {
    out += csvRow(DAY_HEADER);
    for (const x of reports.dayRows(r.from, r.to)) out += csvRow(dayRow(x));
  }
  return out;
}

/** Rows per sheet above which the per-day sheet is left out of the XLSX (the CSV "days" export has them all). */
export const XLSX_MAX_DAY_ROWS = 200_000;

export async function toXlsx(reports: ProvinceReports, r: ProvinceReport): Promise<Buffer> {
  // exceljs on demand: a static import put it in every hub's memory at start, receiver or not (docs/decisions/0102)
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'onestop hub (upstream)';
  const title = `Từ ${dmy(r.from)} đến ${dmy(r.to)}`;
  const ws = wb.addWorksheet('Theo xã');
  ws.addRow([`Tổng hợp đánh giá một cửa theo xã, ${title}`]).font = { bold: true };
  ws.addRow(COMMUNE_HEADER).font = { bold: true };
  for (const row of communeRows(r)) addRateRow(ws, row, COMMUNE_RATE);
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 28 : 14));

  const ap = wb.addWorksheet('Phụ lục');
  ap.addRow([`Phụ lục số liệu, ${title}`]).font = { bold: true };
  ap.addRow(['Tiêu chí', 'Mức', 'Số lượng cấp xã', 'Tên các xã']).font = { bold: true };
  for (const row of appendixRows(r)) ap.addRow(row);
  ap.columns.forEach((c, i) => (c.width = i === 3 ? 80 : i === 0 ? 50 : 24));

  const rk = wb.addWorksheet('Xếp hạng');
  rk.addRow(['Hạng', 'Mã xã', 'Tên xã', RATE, 'Tổng lượt đánh giá']).font = { bold: true };
  for (const x of r.ranking) addRateRow(rk, [x.rank, x.code, x.name, rate(x.satisfaction), x.total], 3);

  if (r.province.summaries <= XLSX_MAX_DAY_ROWS) {
    const d = wb.addWorksheet('Theo ngày');
    d.addRow(DAY_HEADER).font = { bold: true };
    for (const x of reports.dayRows(r.from, r.to)) d.addRow(dayRow(x));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
