import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../helpers/procs.js';
import { RECEIVER_ADMIN_PASSWORD, addCommune, postSummary, startReceiver, summary } from './receiver-procs.js';
import { percentProblems } from '../stats/percentages.js';

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const DAYS = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'];
type Day = ReturnType<typeof summary>;
interface Gen {
  code: string;
  name: string;
  secret: string;
  days: Day[];
}

let rx: RunningHub;
let cookie: string;
const communes: Gen[] = [];

/** Generated communes: each day is sent or not, with files ready or not, SMS or not, devices all seen, some or none. */
function generate(code: string, name: string, rand: () => number): Day[] {
  const style = Math.floor(rand() * 6); // 0: sends nothing
  if (style === 0) return [];
  const out: Day[] = [];
  for (const date of DAYS) {
    if (rand() < 0.2) continue; // a day not reported
    const closed = rand() < 0.15;
    const configured = style === 5 ? 0 : 1 + Math.floor(rand() * 3);
    const seen = style === 1 ? 0 : style === 2 ? configured : Math.floor(rand() * (configured + 1));
    const ready = closed ? 0 : rand() < 0.7 ? 1 + Math.floor(rand() * 10) : 0;
    const smsSent = style === 3 ? 0 : style === 2 ? (ready > 0 ? ready : 0) : rand() < 0.6 ? Math.floor(rand() * 5) : 0;
    const k = () => (closed ? 0 : Math.floor(rand() * 8));
    out.push(summary(code, name, date, 1, { s5: k(), s4: k(), s3: k(), s2: k(), s1: k(), ready, smsSent, configured, seen: closed ? 0 : seen, received: closed ? 0 : Math.floor(rand() * 9) }));
  }
  return out;
}

/** The appendix recomputed the obvious way, day by day, from the definitions in docs/province-guide.md. */
function recompute(gens: Gen[]) {
  const table = { sms: { full: [] as string[], partial: [] as string[], none: [] as string[], noData: [] as string[] }, devices: { full: [] as string[], partial: [] as string[], none: [] as string[], noData: [] as string[] } };
  for (const g of gens) {
    if (g.days.length === 0) {
      table.sms.noData.push(g.name);
      table.devices.noData.push(g.name);
      continue;
    }
    const readyDays = g.days.filter((d) => d.files.ready > 0);
    const smsFull = readyDays.length > 0 && readyDays.every((d) => d.sms.sent > 0);
    const smsAny = g.days.some((d) => d.sms.sent > 0);
    table.sms[smsFull ? 'full' : smsAny ? 'partial' : 'none'].push(g.name);
    const open = g.days.filter((d) => d.ratings.total + d.ratings.flagged + d.files.received + d.files.returned > 0);
    const devFull = open.length > 0 && open.every((d) => d.devices.configured > 0 && d.devices.seenToday >= d.devices.configured);
    const devAny = g.days.some((d) => d.devices.seenToday > 0);
    table.devices[devFull ? 'full' : devAny ? 'partial' : 'none'].push(g.name);
  }
  return table;
}

async function get(p: string) {
  return fetch(rx.url + p, { headers: { cookie } });
}

beforeAll(async () => {
  rx = await startReceiver();
  const login = await fetch(`${rx.url}/api/province/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: RECEIVER_ADMIN_PASSWORD }) });
  expect(login.status).toBe(200);
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const rand = rng(20261124);
  // one through the CLI, the rest through the province page's API (as its form does)
  communes.push({ code: '30000', name: 'Xã Thử 00', secret: await addCommune(rx.dataDir, '30000', 'Xã Thử 00'), days: generate('30000', 'Xã Thử 00', rand) });
  for (let i = 1; i < 24; i++) {
    const code = String(30000 + i);
    const name = `Xã Thử ${String(i).padStart(2, '0')}`;
    const res = await fetch(`${rx.url}/api/province/communes`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) });
    expect(res.status).toBe(201);
    const secret = ((await res.json()) as { data: { secret: string } }).data.secret;
    communes.push({ code, name, secret, days: generate(code, name, rand) });
  }
  for (const g of communes) {
    for (const d of g.days) {
      const res = await postSummary(rx.url, g.code, g.secret, JSON.stringify(d));
      if (res.status !== 200) throw new Error(JSON.stringify(res));
    }
  }
}, 120_000);
afterAll(async () => {
  await rx?.stop();
});

describe("the province's report on a generated set of communes", () => {
  it('the appendix table (SMS result notification, rating devices: full / partial / none) equals a day-by-day recomputation', async () => {
    const report = (await (await get(`/api/province/report?from=${DAYS[0]}&to=${DAYS.at(-1)}`)).json()).data;
    const want = recompute(communes);
    for (const row of report.appendix as { criterion: 'sms' | 'devices'; [k: string]: any }[]) {
      for (const level of ['full', 'partial', 'none', 'noData'] as const) {
        expect(row[level].communes.sort(), `${row.criterion} ${level}`).toEqual(want[row.criterion][level].sort());
        expect(row[level].count).toBe(want[row.criterion][level].length);
      }
    }
    // the generator made every level appear at least once, so the comparison is not vacuous
    for (const c of ['sms', 'devices'] as const) for (const l of ['full', 'partial', 'none', 'noData'] as const) expect(want[c][l].length, `${c} ${l}`).toBeGreaterThan(0);
  });

  it('totals, satisfaction ((5+4)/total), ranking, who reported which day and who is silent since when', async () => {
    const report = (await (await get(`/api/province/report?from=${DAYS[0]}&to=${DAYS.at(-1)}`)).json()).data;
    let total = 0;
    let good = 0;
    for (const g of communes) {
      const t = g.days.reduce((a, d) => a + d.ratings.total, 0);
      const gd = g.days.reduce((a, d) => a + d.ratings.byScore['5'] + d.ratings.byScore['4'], 0);
      total += t;
      good += gd;
      const c = report.communes.find((x: { code: string }) => x.code === g.code);
      expect(c.total).toBe(t);
      expect(c.daysReported).toBe(g.days.length);
      expect(c.satisfaction).toBe(t > 0 ? gd / t : null);
      expect(report.matrix[g.code]).toBe(DAYS.map((d) => (g.days.some((x) => x.date === d) ? '1' : '0')).join(''));
    }
    expect(report.province.total).toBe(total);
    expect(report.province.satisfaction).toBeCloseTo(good / total, 12);
    const sats = report.ranking.map((r: { satisfaction: number }) => r.satisfaction);
    expect(sats).toEqual([...sats].sort((a, b) => b - a));
    expect(report.ranking).toHaveLength(communes.filter((g) => g.days.some((d) => d.ratings.total > 0)).length);
    const last = DAYS.at(-1)!;
    const silent = communes.filter((g) => !g.days.some((d) => d.date === last));
    expect(report.missing.map((m: { code: string }) => m.code).sort()).toEqual(silent.map((g) => g.code).sort());
    for (const m of report.missing) {
      const g = communes.find((x) => x.code === m.code)!;
      expect(m.lastReported).toBe(g.days.at(-1)?.date ?? null);
    }
  });

  it('exports CSV (UTF-8 with BOM, one row per commune and a province total) and XLSX with the appendix sheet', async () => {
    const report = (await (await get(`/api/province/report?from=${DAYS[0]}&to=${DAYS.at(-1)}`)).json()).data;
    const csv = await get(`/api/province/export.csv?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toContain('Tỷ lệ hài lòng (%)');
    // a percentage in a CSV is 87.5 under a "(%)" header (docs/statistics.md, "Percentages")
    const at = lines[0]!.split(',').indexOf('Tỷ lệ hài lòng (%)');
    const total = lines.at(-1)!.split(',');
    expect(total[at]).toBe(String(Math.round(report.province.satisfaction * 1000) / 10));
    expect(lines).toHaveLength(1 + communes.length + 1);
    expect(lines.at(-1)).toContain('Toàn tỉnh');
    const days = await get(`/api/province/export.csv?kind=days&from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    expect((await days.text()).trim().split('\r\n')).toHaveLength(1 + communes.reduce((a, g) => a + g.days.length, 0));

    const xlsx = await get(`/api/province/export.xlsx?from=${DAYS[0]}&to=${DAYS.at(-1)}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Theo xã', 'Phụ lục', 'Xếp hạng', 'Theo ngày']);
    const ap = wb.getWorksheet('Phụ lục')!;
    const want = recompute(communes);
    expect(ap.getRow(3).getCell(3).value).toBe(want.sms.full.length);
    // every percentage a fraction 0..1 shown as 0.0%, as in the commune's workbooks
    const { checked, problems } = percentProblems(wb);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(2 * report.ranking.length);
    const province = wb.getWorksheet('Theo xã')!.getRow(2 + communes.length + 1);
    expect(province.getCell(2).value).toBe('Toàn tỉnh');
    expect(province.getCell(10).value).toBeCloseTo(report.province.satisfaction, 12);
  });

  it('refuses a bad range with a stable reason', async () => {
    const res = await get('/api/province/report?from=2026-10-09&to=2026-10-01');
    expect(res.status).toBe(400);
    expect((await res.json()).reason).toBe('bad-date');
  });
});
