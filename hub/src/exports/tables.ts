import { maskPhone } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { StatsRange } from '../stats/range.js';
import { dayBounds, type CsvTable } from '@onestop/shared';
import { maskPhonesInText } from '@onestop/shared';
import { DIMENSIONS, type Dimension, type PeriodStats } from '../stats/queries.js';
import { DIMENSION_VI, LEVEL3_VI, SHEET_VI, SOURCE_VI, STATUS_VI, UNKNOWN_VI, WEEKDAY_VI, level3Of, reasonVi } from './labels.js';

/**
 * A table as both writers (CSV, XLSX) take it: typed columns and rows arriving in chunks. Values: text as string,
 * numbers as number, `date` as 'YYYY-MM-DD' (a local day), `datetime` as epoch ms, `percent` as a fraction 0..1.
 */
/** `auto`: a number stays a number, a YYYY-MM-DD string becomes a date, a `Percent` a percentage, anything else is text. */
export type ColumnType = 'text' | 'int' | 'decimal' | 'percent' | 'date' | 'datetime' | 'auto';
export interface Column {
  header: string;
  type: ColumnType;
  width: number;
}
/** A percentage in an `auto` column (a column of type `percent` takes the bare fraction): the fraction 0..1. */
export interface Percent {
  percent: number;
}
export type Cell = string | number | null | Percent;
export const percentCell = (fraction: number | null): Percent | null => (fraction === null ? null : { percent: fraction });
export interface Table {
  sheet: string;
  columns: Column[];
  /** rows, a chunk at a time; each chunk is read by its own short statement */
  chunks(): AsyncIterable<Cell[][]> | Iterable<Cell[][]>;
  /** how many rows there will be (for progress) */
  count: number;
}

/**
 * Rows per chunk: each chunk is one statement, so no read transaction lives longer than one chunk (~ms). Larger chunks
 * are not reliably faster: the year's ratings read at 136,000 rows/s in chunks of 10,000 against 102,000 in chunks of
 * 2,000 once, and at 94,000–103,000 against 101,000–117,000 on another machine (docs/performance.md, issue 15's
 * third and fourth passes); the CSV written from them did not get faster either.
 * The paged tables take another size for tests that cross a chunk's boundary (tests/stats/exports.test.ts).
 */
export const CHUNK_ROWS = 2000;

const col = (header: string, type: ColumnType = 'text', width = 14): Column => ({ header, type, width });

const RATING_COLUMNS: Column[] = [
  col('Số lượt', 'int', 10),
  col('Rất hài lòng', 'int', 12),
  col('Hài lòng', 'int', 10),
  col('Không hài lòng', 'int', 14),
  col('5 điểm', 'int', 8),
  col('4 điểm', 'int', 8),
  col('3 điểm', 'int', 8),
  col('2 điểm', 'int', 8),
  col('1 điểm', 'int', 8),
  col('Tỉ lệ hài lòng', 'percent', 13),
  col('Điểm trung bình', 'decimal', 14),
  col('Lượt bị đánh dấu nghi vấn', 'int', 14),
];
const FILE_COLUMNS: Column[] = [
  col('Hồ sơ tiếp nhận', 'int', 12),
  col('Hồ sơ có kết quả', 'int', 12),
  col('Hồ sơ đã trả', 'int', 12),
  col('Trả đúng hẹn', 'int', 12),
  col('Trả trễ hẹn', 'int', 12),
  col('Hồ sơ trễ hẹn (phát sinh)', 'int', 14),
  col('Đang giải quyết (cuối kỳ)', 'int', 14),
  col('Số ngày xử lý trung bình', 'decimal', 14),
  col('Phiếu xin lỗi', 'int', 12),
];

type R = PeriodStats['ratings'];
const ratingCells = (r: Omit<R, 'reasons' | 'comments'>): Cell[] => [
  r.total,
  r.level3.verySatisfied,
  r.level3.satisfied,
  r.level3.notSatisfied,
  r.byScore['5'],
  r.byScore['4'],
  r.byScore['3'],
  r.byScore['2'],
  r.byScore['1'],
  r.satisfactionRate,
  r.meanScore,
  r.flagged,
];
const fileCells = (f: PeriodStats['files']): Cell[] => [f.received, f.ready, f.returned, f.returnedOnTime, f.returnedLate, f.late, f.inProgress, f.avgProcessingDays, f.apologies];

const once = (rows: Cell[][]) => ({ chunks: () => [rows], count: rows.length });

/** The period's overview: one line per figure. */
export function overviewTable(s: PeriodStats, commune: string): Table {
  const r = s.ratings;
  const rows: Cell[][] = [
    ['Đơn vị', commune, ''],
    ['Từ ngày', s.range.from, ''],
    ['Đến ngày', s.range.to, ''],
    ['Tổng lượt đánh giá', r.total, 'lượt'],
    [LEVEL3_VI.verySatisfied, r.level3.verySatisfied, 'lượt'],
    [LEVEL3_VI.satisfied, r.level3.satisfied, 'lượt'],
    [LEVEL3_VI.notSatisfied, r.level3.notSatisfied, 'lượt'],
    // a fraction shown as a percentage, as in every sheet (docs/statistics.md, "Percentages"); no "%" unit cell
    ['Tỉ lệ hài lòng ((5+4)/tổng)', percentCell(r.satisfactionRate), ''],
    ['Điểm trung bình (1–5)', r.meanScore, 'điểm'],
    ['Lượt bị đánh dấu nghi vấn (không tính)', r.flagged, 'lượt'],
    ['Góp ý bằng lời', r.comments, 'ý kiến'],
    ['Hồ sơ tiếp nhận', s.files.received, 'hồ sơ'],
    ['Hồ sơ có kết quả', s.files.ready, 'hồ sơ'],
    ['Hồ sơ đã trả kết quả', s.files.returned, 'hồ sơ'],
    ['Trả đúng hẹn', s.files.returnedOnTime, 'hồ sơ'],
    ['Trả trễ hẹn', s.files.returnedLate, 'hồ sơ'],
    ['Hồ sơ trễ hẹn phát sinh trong kỳ', s.files.late, 'hồ sơ'],
    ['Đang giải quyết cuối kỳ', s.files.inProgress, 'hồ sơ'],
    ['Số ngày xử lý trung bình', s.files.avgProcessingDays, 'ngày'],
    ['Phiếu xin lỗi, hẹn lại đã gửi', s.files.apologies, 'phiếu'],
    ['Tin nhắn đã gửi', s.sms.sent, 'tin'],
    ['Tin nhắn đã đến máy', s.sms.delivered, 'tin'],
    ['Tin nhắn lỗi', s.sms.failed, 'tin'],
    ['  trong đó qua SMS: đã gửi', s.smsByChannel.sms.sent, 'tin'],
    ['  qua SMS: đã đến máy', s.smsByChannel.sms.delivered, 'tin'],
    ['  qua SMS: lỗi', s.smsByChannel.sms.failed, 'tin'],
    ['  qua Zalo ZNS: đã gửi', s.smsByChannel.zns.sent, 'tin'],
    ['  qua Zalo ZNS: đã đến máy', s.smsByChannel.zns.delivered, 'tin'],
    ['  qua Zalo ZNS: lỗi (kể cả tin chuyển sang SMS)', s.smsByChannel.zns.failed, 'tin'],
  ];
  return {
    sheet: 'Tổng hợp',
    columns: [col('Chỉ tiêu', 'text', 44), col('Số liệu', 'auto', 18), col('Đơn vị tính', 'text', 12)],
    ...once(rows),
  };
}

export function breakdownTable(s: PeriodStats, dim: Dimension): Table {
  const withFiles = dim !== 'source';
  const rows = s.breakdown[dim].map((b) => {
    const label = dim === 'source' ? (SOURCE_VI[b.key] ?? b.key) : b.key === '' ? UNKNOWN_VI[dim] : b.label;
    return [label, ...ratingCells(b.ratings), ...(withFiles && b.files ? fileCells(b.files) : [])];
  });
  return { sheet: SHEET_VI[dim], columns: [col(DIMENSION_VI[dim], 'text', 30), ...RATING_COLUMNS, ...(withFiles ? FILE_COLUMNS : [])], ...once(rows) };
}

export function trendTable(s: PeriodStats): Table {
  const rows = s.trend.map((t) => [t.day, ...ratingCells(t.ratings), t.filesReceived, t.filesReturned]);
  return { sheet: 'Theo ngày', columns: [col('Ngày', 'date', 12), ...RATING_COLUMNS, col('Hồ sơ tiếp nhận', 'int', 12), col('Hồ sơ đã trả', 'int', 12)], ...once(rows) };
}

export function heatTable(s: PeriodStats): Table {
  const rows = s.heat.map((h) => [WEEKDAY_VI[h.weekday]!, h.hour, h.total, h.satisfied, h.satisfactionRate, h.meanScore]);
  return {
    sheet: 'Theo giờ và thứ',
    columns: [col('Thứ', 'text', 12), col('Giờ', 'int', 6), col('Số lượt', 'int', 10), col('Hài lòng (4–5)', 'int', 12), col('Tỉ lệ hài lòng', 'percent', 13), col('Điểm trung bình', 'decimal', 14)],
    ...once(rows),
  };
}

export function reasonsTable(s: PeriodStats): Table {
  const rows = Object.entries(s.ratings.reasons).map(([k, n]) => [reasonVi(k), n]);
  return { sheet: 'Lý do chưa hài lòng', columns: [col('Lý do', 'text', 30), col('Số lượt', 'int', 10)], ...once(rows) };
}

/**
 * Every rating of the period, one line each, keyset-paged on (day, rated_at, id) (index ratings_export). The page reads
 * the ratings table (and a file's procedure) only, as arrays: counters', staff members' and procedures' names come
 * from maps read once per export, since those tables are small and a join per row cost a third of the CSV's time
 * (docs/performance.md, issue 15's fourth pass).
 */
export function ratingsTable(db: Db, range: StatsRange, opts: { onlyComments?: boolean; chunkRows?: number } = {}): Table {
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const where = opts.onlyComments ? 'AND r.comment IS NOT NULL' : '';
  const count = (db.prepare(`SELECT COUNT(*) AS n FROM ratings r WHERE r.day BETWEEN ? AND ? ${where}`).get(range.from, range.to) as { n: number }).n;
  const page = db
    .prepare(
      `SELECT r.id, r.day, r.rated_at, r.counter_id, r.staff_id, f.procedure_code, r.source, r.score, r.flagged, r.reasons, r.comment
       FROM ratings r LEFT JOIN files f ON f.id = r.file_id
       WHERE r.day <= @to AND (r.day, r.rated_at, r.id) > (@day, @at, @id) ${where}
       ORDER BY r.day, r.rated_at, r.id LIMIT @n`,
    )
    .raw(true);
  type Row = [id: string, day: string, ratedAt: number, counterId: string, staffId: string | null, procedureCode: string | null, source: string, score: number, flagged: number, reasons: string | null, comment: string | null];
  return {
    sheet: opts.onlyComments ? 'Góp ý' : 'Lượt đánh giá',
    count,
    columns: [
      col('Ngày', 'date', 12),
      col('Thời điểm', 'datetime', 17),
      col('Quầy', 'text', 22),
      col('Cán bộ', 'text', 22),
      col('Thủ tục', 'text', 30),
      col('Lĩnh vực', 'text', 16),
      col('Nguồn', 'text', 16),
      col('Điểm', 'int', 6),
      col('Mức (3 mức)', 'text', 14),
      col('Nghi vấn', 'text', 9),
      col('Lý do chưa hài lòng', 'text', 28),
      col('Góp ý', 'text', 40),
    ],
    async *chunks() {
      // read when the export starts, as the joins did: a renamed counter shows its name of that moment
      const counters = new Map((db.prepare('SELECT id, name FROM counters').raw(true).all() as [string, string][]));
      const staff = new Map((db.prepare('SELECT id, display_name FROM users').raw(true).all() as [string, string][]));
      const procedures = new Map(
        (db.prepare('SELECT code, name, field FROM procedures').raw(true).all() as [string, string, string | null][]).map(([code, name, field]) => [code, { name, field }]),
      );
      let key = { day: range.from, at: -1, id: '' };
      for (;;) {
        const rows = page.all({ to: range.to, n: chunkRows, ...key }) as Row[];
        if (!rows.length) return;
        const out: Cell[][] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const [, day, ratedAt, counterId, staffId, procedureCode, source, score, flagged, reasons, comment] = rows[i]!;
          const procedure = procedureCode === null ? undefined : procedures.get(procedureCode);
          out[i] = [
            day,
            ratedAt,
            counters.get(counterId) ?? '',
            (staffId !== null && staff.get(staffId)) || '',
            procedure?.name ?? '',
            procedure?.field ?? '',
            SOURCE_VI[source] ?? source,
            score,
            level3Of(score),
            flagged ? 'Có' : '',
            reasons ? (JSON.parse(reasons) as string[]).map(reasonVi).join('; ') : '',
            comment ? maskPhonesInText(comment) : '',
          ];
        }
        yield out;
        const last = rows[rows.length - 1]!;
        key = { day: last[1], at: last[2], id: last[0] };
        if (rows.length < chunkRows) return;
      }
    },
  };
}

/**
 * The files received in the period, one line each, keyset-paged on (received_at, id). The phone number is masked;
 * the citizen's name is left out (the administrator's figures do not need it); the staff member's name is kept.
 */
export function filesTable(db: Db, range: StatsRange, opts: { chunkRows?: number } = {}): Table {
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const start = dayBounds(range.from).start;
  const end = dayBounds(range.to).end;
  const count = (db.prepare('SELECT COUNT(*) AS n FROM files WHERE received_at >= ? AND received_at < ?').get(start, end) as { n: number }).n;
  const page = db.prepare(
    `SELECT f.id, f.code, f.procedure_name, pr.field, c.name AS counter, u.display_name AS staff, f.phone, f.received_at, f.due_date, f.status,
            f.ready_at, f.closed_at, f.late_since, f.apologies
     FROM files f LEFT JOIN procedures pr ON pr.code = f.procedure_code LEFT JOIN counters c ON c.id = f.counter_id LEFT JOIN users u ON u.id = f.received_by
     WHERE f.received_at < @end AND (f.received_at > @at OR (f.received_at = @at AND f.id > @id))
     ORDER BY f.received_at, f.id LIMIT @n`,
  );
  type Row = { id: string; code: string; procedure_name: string; field: string | null; counter: string | null; staff: string | null; phone: string; received_at: number; due_date: string; status: keyof typeof STATUS_VI; ready_at: number | null; closed_at: number | null; late_since: string | null; apologies: number };
  return {
    sheet: 'Hồ sơ',
    count,
    columns: [
      col('Mã hồ sơ', 'text', 18),
      col('Thủ tục', 'text', 30),
      col('Lĩnh vực', 'text', 16),
      col('Quầy', 'text', 20),
      col('Cán bộ tiếp nhận', 'text', 22),
      col('Số điện thoại', 'text', 15),
      col('Ngày tiếp nhận', 'datetime', 17),
      col('Ngày hẹn trả', 'date', 12),
      col('Trạng thái', 'text', 18),
      col('Có kết quả lúc', 'datetime', 17),
      col('Kết thúc lúc', 'datetime', 17),
      col('Trễ hẹn', 'text', 8),
      col('Số lần xin lỗi', 'int', 10),
    ],
    async *chunks() {
      let key = { at: start - 1, id: '' };
      for (;;) {
        const rows = page.all({ end, n: chunkRows, ...key }) as Row[];
        if (!rows.length) return;
        yield rows.map((f) => [
          f.code,
          f.procedure_name,
          f.field ?? '',
          f.counter ?? '',
          f.staff ?? '',
          maskPhone(f.phone),
          f.received_at,
          f.due_date,
          STATUS_VI[f.status] ?? f.status,
          f.ready_at,
          f.closed_at,
          f.late_since ? 'Có' : '',
          f.apologies,
        ]);
        const last = rows[rows.length - 1]!;
        key = { at: last.received_at, id: last.id };
        if (rows.length < chunkRows) return;
      }
    },
  };
}

/** Every sheet of the statistics workbook, in order. */
export function statsTables(db: Db, s: PeriodStats, commune: string): Table[] {
  return [
    overviewTable(s, commune),
    ...DIMENSIONS.map((d) => breakdownTable(s, d)),
    trendTable(s),
    heatTable(s),
    reasonsTable(s),
    ratingsTable(db, s.range, { onlyComments: true }),
    ratingsTable(db, s.range),
    filesTable(db, s.range),
  ];
}

/** The tables a CSV export may hold (one table per file). */
export { CSV_TABLES, type CsvTable } from '@onestop/shared';

export function csvTable(db: Db, s: PeriodStats, which: CsvTable): Table {
  switch (which) {
    case 'ratings':
      return ratingsTable(db, s.range);
    case 'comments':
      return ratingsTable(db, s.range, { onlyComments: true });
    case 'files':
      return filesTable(db, s.range);
    case 'trend':
      return trendTable(s);
    default:
      return breakdownTable(s, which);
  }
}
