import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../hub/src/exports/service.js';
import type { PeriodStats } from '../../hub/src/stats/queries.js';
import { adminClient, Client, staffClient, testHub, type TestHub } from '../files/testHub.js';
import { generate } from './generate.js';
import { percentProblems } from './percentages.js';
import { writeCsv } from '../../hub/src/exports/csv.js';
import { filesTable, overviewTable, ratingsTable, type Table } from '../../hub/src/exports/tables.js';
import { resolveRange } from '../../hub/src/stats/range.js';

let h: TestHub;
let admin: Client;
const MONTH = { kind: 'month', date: '2026-02-01' } as const;
const RAW_PHONE = /(\+?84|0)\d{9}\b|\b\d{3}[ .]?\d{3}[ .]?\d{3,4}\b/;

beforeAll(async () => {
  h = await testHub();
  generate(h.db, { from: '2026-01-01', days: 90, ratings: 9000, files: 2500, seed: 3 });
  admin = await adminClient(h);
}, 60_000);
afterAll(async () => {
  await h.close();
  fs.rmSync(h.dataDir, { recursive: true, force: true });
});

async function exportFile(body: unknown): Promise<{ job: ExportJob; res: Response; bytes: Buffer }> {
  const start = await admin.post<ExportJob>('/api/admin/exports', body);
  expect(start.status, JSON.stringify(start.body)).toBe(202);
  let job = start.body.data!;
  expect(job.status).toBe('running');
  // the job ends in the hub's export queue: wait for it there, then read its state as the page would
  await h.hub.services.exports.idle();
  job = (await admin.get<ExportJob>(`/api/admin/exports/${job.id}`)).body.data!;
  expect(job.status).toBe('done');
  expect(job.done).toBe(job.total);
  const res = await fetch(`${h.url}/api/admin/exports/${job.id}/file`, { headers: { cookie: admin.cookie! } });
  expect(res.status).toBe(200);
  return { job, res, bytes: Buffer.from(await res.arrayBuffer()) };
}

const count = (sql: string, ...p: unknown[]) => (h.db.prepare(sql).get(...p) as { n: number }).n;

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Every text in a workbook, to look for unmasked phone numbers. */
function texts(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && out.push(c.value))));
  return out;
}

describe('CSV exports', () => {
  it('the month\'s ratings: UTF-8 with a BOM, Vietnamese headers, one line per rating, dates dd/mm/yyyy', async () => {
    const { res, bytes, job } = await exportFile({ format: 'csv', kind: 'ratings', range: MONTH });
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('thong-ke-ratings_2026-02-01_2026-02-28.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const expected = count("SELECT COUNT(*) AS n FROM ratings WHERE day BETWEEN '2026-02-01' AND '2026-02-28'");
    expect(rows.length).toBe(expected);
    expect(job.total).toBe(expected);
    expect(Object.keys(rows[0]!)).toEqual(['Ngày', 'Thời điểm', 'Quầy', 'Cán bộ', 'Thủ tục', 'Lĩnh vực', 'Nguồn', 'Điểm', 'Mức (3 mức)', 'Nghi vấn', 'Lý do chưa hài lòng', 'Góp ý']);
    for (const r of rows) {
      expect(r['Ngày']).toMatch(/^\d{2}\/02\/2026$/);
      expect(['Nút bấm', 'Màn hình cảm ứng']).toContain(r['Nguồn']);
      expect(['1', '2', '3', '4', '5']).toContain(r['Điểm']);
      expect(r['Góp ý']).not.toMatch(RAW_PHONE);
    }
    expect(rows.some((r) => r['Góp ý'] === 'Gọi lại cho tôi số 09xx xxx 678 nhé')).toBe(true);
    expect(rows.some((r) => r['Lý do chưa hài lòng']!.includes('Thời gian chờ'))).toBe(true);
  });

  it('names each rating\'s counter, staff member, procedure and field as the database joins them, a renamed counter included', async () => {
    // the export reads those names from maps, not per-row joins (issue 15's fourth pass): same answer as the join
    const renamed = h.db.prepare('SELECT id FROM counters ORDER BY id LIMIT 1').get() as { id: string };
    h.db.prepare("UPDATE counters SET name = 'Quầy Đổi tên' WHERE id = ?").run(renamed.id);
    const { bytes } = await exportFile({ format: 'csv', kind: 'ratings', range: MONTH });
    const rows = parse(bytes, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const joined = h.db
      .prepare(
        `SELECT c.name AS counter, COALESCE(u.display_name, '') AS staff, COALESCE(pr.name, '') AS procedure, COALESCE(pr.field, '') AS field
         FROM ratings r JOIN counters c ON c.id = r.counter_id LEFT JOIN users u ON u.id = r.staff_id
           LEFT JOIN files f ON f.id = r.file_id LEFT JOIN procedures pr ON pr.code = f.procedure_code
         WHERE r.day BETWEEN '2026-02-01' AND '2026-02-28' ORDER BY r.day, r.rated_at, r.id`,
      )
      .all() as { counter: string; staff: string; procedure: string; field: string }[];
    expect(rows.map((r) => ({ counter: r['Quầy'], staff: r['Cán bộ'], procedure: r['Thủ tục'], field: r['Lĩnh vực'] }))).toEqual(joined);
    // the data has each kind of name, so the comparison is not of empty columns
    expect(rows.some((r) => r['Quầy'] === 'Quầy Đổi tên')).toBe(true);
    expect(rows.some((r) => r['Cán bộ'] !== '')).toBe(true);
    expect(rows.some((r) => r['Thủ tục'] !== '' && r['Lĩnh vực'] !== '')).toBe(true);
  });

  it('the files list masks every phone number and leaves out the citizens\' names', async () => {
    const { bytes } = await exportFile({ format: 'csv', kind: 'files', range: MONTH });
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(count('SELECT COUNT(*) AS n FROM files WHERE received_at >= ? AND received_at < ?', Date.UTC(2026, 0, 31, 17), Date.UTC(2026, 1, 28, 17)));
    for (const r of rows) expect(r['Số điện thoại']).toMatch(/^0\dxx xxx \d{3}$/);
    const text = bytes.toString('utf8');
    expect(text).not.toMatch(RAW_PHONE);
    expect(text).not.toContain('Công Dân');
  });

  it('a breakdown by counter: numbers as plain numbers, satisfaction as a percentage', async () => {
    const { bytes } = await exportFile({ format: 'csv', kind: 'counter', range: MONTH });
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    const stats = (await admin.get<PeriodStats>('/api/admin/stats?kind=month&date=2026-02-01')).body.data!;
    expect(rows.map((r) => r['Quầy'])).toEqual(stats.breakdown.counter.map((c) => c.label));
    expect(rows.map((r) => Number(r['Số lượt']))).toEqual(stats.breakdown.counter.map((c) => c.ratings.total));
    expect(Number(rows[0]!['Tỉ lệ hài lòng (%)'])).toBeCloseTo(stats.breakdown.counter[0]!.ratings.satisfactionRate! * 100, 1);
  });

  it('every CSV writes a percentage as 87.5 under a header that says "(%)"; the summary\'s mixed column as "87.5%"', async () => {
    const stats = (await admin.get<PeriodStats>('/api/admin/stats?kind=month&date=2026-02-01')).body.data!;
    const perCent = (x: number | null) => (x === null ? '' : String(Math.round(x * 1000) / 10));
    for (const kind of ['counter', 'staff', 'procedure', 'field', 'source', 'trend'] as const) {
      const rows = parse((await exportFile({ format: 'csv', kind, range: MONTH })).bytes, { bom: true, columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!).filter((h) => /lệ/.test(h)), kind).toEqual(['Tỉ lệ hài lòng (%)']);
      const want = kind === 'trend' ? stats.trend.map((d) => d.ratings.satisfactionRate) : stats.breakdown[kind].map((b) => b.ratings.satisfactionRate);
      expect(rows.map((r) => r['Tỉ lệ hài lòng (%)']), kind).toEqual(want.map(perCent));
      for (const r of rows) if (r['Tỉ lệ hài lòng (%)']) expect(Number(r['Tỉ lệ hài lòng (%)'])).toBeGreaterThan(1);
    }
    // the summary is a sheet of the workbook; written as CSV, its rate reads as a percentage too, with no "%" cell
    const file = path.join(h.dataDir, 'overview.csv');
    await writeCsv(file, overviewTable(stats, 'Xã Thử'));
    const lines = parse(fs.readFileSync(file), { bom: true }) as string[][];
    expect(lines.find((l) => l[0]!.startsWith('Tỉ lệ hài lòng'))).toEqual(['Tỉ lệ hài lòng ((5+4)/tổng)', `${perCent(stats.ratings.satisfactionRate)}%`, '']);
    expect(lines.flat()).not.toContain('%');
  });
});

describe('XLSX exports', () => {
  it('the statistics workbook: a sheet per breakdown, real dates, real numbers, set up to print, phones masked', async () => {
    const { bytes, res } = await exportFile({ format: 'xlsx', kind: 'stats', range: MONTH });
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await workbook(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Theo quầy',
      'Theo cán bộ',
      'Theo thủ tục',
      'Theo lĩnh vực',
      'Theo nguồn',
      'Theo ngày',
      'Theo giờ và thứ',
      'Lý do chưa hài lòng',
      'Góp ý',
      'Lượt đánh giá',
      'Hồ sơ',
    ]);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
      expect(ws.getRow(1).font?.bold).toBe(true);
    }
    const stats = (await admin.get<PeriodStats>('/api/admin/stats?kind=month&date=2026-02-01')).body.data!;
    const days = wb.getWorksheet('Theo ngày')!;
    expect(days.rowCount).toBe(29);
    const d1 = days.getRow(2).getCell(1);
    expect(d1.value).toBeInstanceOf(Date);
    expect((d1.value as Date).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(d1.numFmt).toBe('dd/mm/yyyy');
    expect(days.getRow(2).getCell(2).value).toBe(stats.trend[0]!.ratings.total);
    const counters = wb.getWorksheet('Theo quầy')!;
    expect(typeof counters.getRow(2).getCell(2).value).toBe('number');
    expect(counters.getRow(2).getCell(11).numFmt).toBe('0.0%');
    expect(counters.getRow(2).getCell(11).value).toBe(stats.breakdown.counter[0]!.ratings.satisfactionRate);
    const list = wb.getWorksheet('Lượt đánh giá')!;
    expect(list.rowCount - 1).toBe(count("SELECT COUNT(*) AS n FROM ratings WHERE day BETWEEN '2026-02-01' AND '2026-02-28'"));
    expect(list.getRow(2).getCell(2).value).toBeInstanceOf(Date);
    expect(typeof list.getRow(2).getCell(8).value).toBe('number');
    const overview = wb.getWorksheet('Tổng hợp')!;
    expect(overview.getRow(5).values).toEqual([undefined, 'Tổng lượt đánh giá', stats.ratings.total, 'lượt']);
    expect(overview.getRow(3).getCell(2).value).toBeInstanceOf(Date);
    const files = wb.getWorksheet('Hồ sơ')!;
    expect(files.getRow(2).getCell(6).value).toMatch(/^0\dxx xxx \d{3}$/);
    expect(files.getRow(2).getCell(7).value).toBeInstanceOf(Date);
    for (const t of texts(wb)) expect(t).not.toMatch(RAW_PHONE);
  });

  it('stores every percentage of every workbook the same way: a fraction 0..1 shown as 0.0%, never beside a "%" cell', async () => {
    const stats = (await admin.get<PeriodStats>('/api/admin/stats?kind=month&date=2026-02-01')).body.data!;
    const books = {
      stats: await workbook((await exportFile({ format: 'xlsx', kind: 'stats', range: MONTH })).bytes),
      report: await workbook((await exportFile({ format: 'xlsx', kind: 'report', range: MONTH })).bytes),
      quarter: await workbook((await exportFile({ format: 'xlsx', kind: 'report', range: { kind: 'quarter', date: '2026-02-01' } })).bytes),
      day: await workbook((await exportFile({ format: 'xlsx', kind: 'stats', range: { kind: 'day', date: '2026-02-02' } })).bytes),
    };
    for (const [name, wb] of Object.entries(books)) {
      const { checked, problems } = percentProblems(wb);
      expect(problems, name).toEqual([]);
      expect(checked, name).toBeGreaterThan(name === 'stats' ? 100 : 3);
    }
    const overview = books.stats.getWorksheet('Tổng hợp')!;
    const rate = overview.getRow(9);
    expect(rate.getCell(1).value).toBe('Tỉ lệ hài lòng ((5+4)/tổng)');
    expect(rate.getCell(2).value).toBe(stats.ratings.satisfactionRate);
    expect(rate.getCell(2).numFmt).toBe('0.0%');
    expect(rate.getCell(3).value ?? null).toBeNull();
  });

  it('the monthly report is shaped like the province\'s data appendix, with the month\'s figures', async () => {
    const { bytes, job } = await exportFile({ format: 'xlsx', kind: 'report', range: MONTH });
    expect(job.fileName).toBe('bao-cao_2026-02-01_2026-02-28.xlsx');
    const wb = await workbook(bytes);
    const ws = wb.getWorksheet('Phụ lục số liệu')!;
    const stats = (await admin.get<PeriodStats>('/api/admin/stats?kind=month&date=2026-02-01')).body.data!;
    const lines = new Map<string, ExcelJS.CellValue>();
    ws.eachRow((row) => {
      const content = row.getCell(2).value;
      if (typeof content === 'string') lines.set(content, row.getCell(4).value);
    });
    const all = texts(wb).join('\n');
    expect(all).toContain('PHỤ LỤC SỐ LIỆU');
    expect(all).toContain('Tháng 02/2026');
    expect(all).toContain('Số liệu từ ngày 01/02/2026 đến ngày 28/02/2026');
    expect(lines.get('Tổng số lượt đánh giá')).toBe(stats.ratings.total);
    expect(lines.get('Rất hài lòng')).toBe(stats.ratings.level3.verySatisfied);
    expect(lines.get('Số tin nhắn đã gửi')).toBe(stats.sms.sent);
    expect(lines.get('Số hồ sơ tiếp nhận')).toBe(stats.files.received);
    expect(lines.get('Số Phiếu xin lỗi và hẹn lại ngày trả kết quả')).toBe(stats.files.apologies);
    expect(lines.get('Tỉ lệ hài lòng')).toBe(stats.ratings.satisfactionRate);
    const quarter = await workbook((await exportFile({ format: 'xlsx', kind: 'report', range: { kind: 'quarter', date: '2026-02-01' } })).bytes);
    expect(texts(quarter).join('\n')).toContain('Quý I/2026');
  });

  it('a long export never holds a read transaction: checkpoints complete while it runs', async () => {
    const other = new Database(path.join(h.dataDir, 'hub.sqlite'));
    other.pragma('busy_timeout = 5000');
    const results: { log: number; checkpointed: number }[] = [];
    const start = await admin.post<ExportJob>('/api/admin/exports', { format: 'xlsx', kind: 'stats', range: { kind: 'quarter', date: '2026-01-01' } });
    const id = start.body.data!.id;
    let job = start.body.data!;
    let n = 0;
    while (job.status === 'running') {
      other.prepare("UPDATE settings SET value = value WHERE key = 'nothing'").run();
      other.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench-tick', ?)").run(String(n++));
      results.push((other.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[])[0]!);
      job = (await admin.get<ExportJob>(`/api/admin/exports/${id}`)).body.data!;
    }
    other.close();
    expect(job.status).toBe('done');
    expect(results.length).toBeGreaterThan(3);
    for (const r of results) expect(r.checkpointed).toBe(r.log);
  });
});

describe('paged tables', () => {
  const read = async (t: Table) => {
    const chunks: unknown[][][] = [];
    for await (const c of t.chunks()) chunks.push(c);
    return chunks;
  };
  it('give the same rows in the same order whatever the chunk size, each row once, across every chunk boundary', async () => {
    const quarter = resolveRange({ kind: 'quarter', date: '2026-01-01' });
    const tables = {
      ratings: (chunkRows?: number) => ratingsTable(h.db, quarter, { chunkRows }),
      comments: (chunkRows?: number) => ratingsTable(h.db, quarter, { onlyComments: true, chunkRows }),
      files: (chunkRows?: number) => filesTable(h.db, quarter, { chunkRows }),
    };
    for (const [name, make] of Object.entries(tables)) {
      const whole = await read(make(1_000_000));
      const small = await read(make(97));
      const rows = whole.flat();
      expect(whole.length, name).toBe(1);
      expect(small.length, name).toBe(Math.ceil(rows.length / 97));
      expect(small.flat(), name).toEqual(rows);
      expect(rows.length, name).toBe(make().count);
      expect(rows.length, name).toBeGreaterThan(97);
    }
  });
});

describe('export files', () => {
  it('are removed when the hub starts again: their jobs are gone, nobody could download them', async () => {
    const { job } = await exportFile({ format: 'csv', kind: 'trend', range: MONTH });
    const dir = path.join(h.dataDir, 'exports');
    expect(fs.readdirSync(dir)).toContain(`${job.id}.csv`);
    fs.writeFileSync(path.join(dir, 'left-over.xlsx.part'), 'half');
    const { ExportService } = await import('../../hub/src/exports/service.js');
    const { silentLogger } = await import('../../hub/src/log.js');
    new ExportService({ db: h.db, clock: h.clock, log: silentLogger(), dataDir: h.dataDir, commune: () => ({ code: '1', name: 'X' }) }).removeLeftovers();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('who may see statistics', () => {
  const paths = ['/api/admin/stats?kind=month&date=2026-02-01', '/api/admin/stats/comments?kind=month&date=2026-02-01', '/api/admin/exports/x', '/api/admin/exports/x/file'];
  it('signed out reaches nothing (401); staff are refused (403); neither starts an export', async () => {
    const anon = new Client(h.url);
    const counter = h.db.prepare('SELECT id FROM counters LIMIT 1').get() as { id: string };
    const { client: staff } = await staffClient(h, counter.id, 'canbo-thongke', 'Lê Thị Hoa');
    const before = fs.existsSync(path.join(h.dataDir, 'exports')) ? fs.readdirSync(path.join(h.dataDir, 'exports')).length : 0;
    for (const p of paths) {
      expect((await anon.get(p)).status).toBe(401);
      expect(await staff.get(p)).toMatchObject({ status: 403, body: { ok: false, reason: 'forbidden' } });
    }
    const body = { format: 'csv', kind: 'ratings', range: MONTH };
    expect(await anon.post('/api/admin/exports', body)).toMatchObject({ status: 401, body: { reason: 'unauthorized' } });
    expect(await staff.post('/api/admin/exports', body)).toMatchObject({ status: 403, body: { reason: 'forbidden' } });
    const after = fs.existsSync(path.join(h.dataDir, 'exports')) ? fs.readdirSync(path.join(h.dataDir, 'exports')).length : 0;
    expect(after).toBe(before);
  });

  it('a bad period or body gets a reason code and starts nothing', async () => {
    for (const q of ['kind=month&date=2026-02-30', 'kind=decade&date=2026-01-01', 'kind=custom&from=2026-03-01&to=2026-02-01', 'kind=custom&from=2000-01-01&to=2026-01-01', '']) {
      expect(await admin.get(`/api/admin/stats?${q}`)).toMatchObject({ status: 400, body: { ok: false, reason: expect.stringMatching(/^(bad-range|bad-date)$/) } });
    }
    expect(await admin.get('/api/admin/stats/comments?kind=month&date=2026-02-01&limit=0')).toMatchObject({ status: 400, body: { reason: 'invalid-payload' } });
    expect(await admin.get('/api/admin/stats/comments?kind=month&date=2026-02-01&beforeAt=5')).toMatchObject({ status: 400, body: { reason: 'invalid-payload' } });
    const dir = path.join(h.dataDir, 'exports');
    const before = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    expect(await admin.post('/api/admin/exports', { format: 'pdf', kind: 'stats', range: MONTH })).toMatchObject({ status: 400, body: { reason: 'invalid-payload' } });
    expect(await admin.post('/api/admin/exports', { format: 'csv', kind: 'stats', range: MONTH })).toMatchObject({ status: 400, body: { reason: 'invalid-payload' } });
    expect(await admin.post('/api/admin/exports', { format: 'xlsx', kind: 'stats', range: { kind: 'month', date: '2026-13-01' } })).toMatchObject({ status: 400, body: { reason: 'bad-date' } });
    expect(await admin.get('/api/admin/exports/no-such-job')).toMatchObject({ status: 404, body: { reason: 'export-not-found' } });
    expect(await admin.get('/api/admin/exports/no-such-job/file')).toMatchObject({ status: 404, body: { reason: 'export-not-found' } });
    expect(fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []).toEqual(before);
  });
});
