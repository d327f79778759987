import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { periodStats, type PeriodStats } from '@onestop/shared';
import { useBrowser } from '../kit/browser.ts';
import { openDb } from '../../hub/src/db/open.ts';
import { ADMIN_PASSWORD, adminCookie, startHub, tmpDir } from '../helpers/procs.ts';
import { generate } from '../stats/generate.ts';
import { adminSignIn, screenshotDir } from './browser.ts';

/**
 * Every chart keeps its axis labels (issue 14 §4): at the common office screen sizes and a narrow one, with a
 * week's, a month's and a year's data, each tick label of each chart on /admin/stats lies inside its chart's box, no
 * two labels overlap, and a crowded axis is thinned, never emptied. And a day's trend is hourly. Measured on the
 * charts' SVG (the page draws them with echarts' SVG renderer: docs/decisions/0140-charts-in-svg.md).
 */
const b = useBrowser();

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
];
const PERIODS = [
  { kind: 'week', date: '2026-06-10' },
  { kind: 'month', date: '2026-06-10' },
  { kind: 'year', date: '2026-06-10' },
] as const;
// the names real offices give their counters: long enough to crowd an axis
const COUNTER_NAMES = [
  'Quầy 1 – Tư pháp, hộ tịch',
  'Quầy 2 – Đất đai, xây dựng',
  'Quầy 3 – Lao động, thương binh và xã hội',
  'Quầy 4 – Chứng thực',
  'Quầy 5 – Văn hóa, giáo dục',
  'Quầy 6 – Tài chính, kế hoạch',
  'Quầy 7 – Y tế, dân số',
];

type Text = { text: string; left: number; top: number; right: number; bottom: number };
type Measured = { width: number; height: number; texts: Text[] };

/** Every text the chart's SVG draws, with its box relative to the chart's own box. */
function measure(page: Page, id: string): Promise<Measured> {
  return page.locator(`[data-testid="${id}"][data-rendered="true"]`).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const texts = [...el.querySelectorAll('svg text')]
      .filter((t) => (t.textContent ?? '').trim() !== '' && getComputedStyle(t).display !== 'none' && getComputedStyle(t).visibility !== 'hidden' && Number(t.getAttribute('opacity') ?? 1) > 0)
      .map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent!.trim(), left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top };
      })
      .filter((t) => t.right > t.left && t.bottom > t.top);
    return { width: box.width, height: box.height, texts };
  });
}

/** A label is its category's name, or the start of it ending in "…" when the axis gives it a fixed width. */
const names = (text: string, category: string) => text === category || (text.endsWith('…') && category.startsWith(text.slice(0, -1)));
const overlap = (a: Text, b: Text) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
const ddmm = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const hh = (h: number) => `${String(h).padStart(2, '0')}h`;

/**
 * What is wrong with a chart's labels ([] when nothing): a text outside the box, two texts overlapping, a category
 * axis showing fewer than min(n, 4) of its n categories (or out of order), a value axis with fewer than two ticks.
 */
type Axis = { categories: string[]; dir: 'x' | 'y'; all?: boolean };
function problems(m: Measured, axes: Axis[], valueTicks: RegExp[]): string[] {
  const out: string[] = [];
  for (const t of m.texts) {
    if (t.left < -0.5 || t.top < -0.5 || t.right > m.width + 0.5 || t.bottom > m.height + 0.5) out.push(`"${t.text}" outside the ${m.width}×${m.height} box: ${JSON.stringify(t)}`);
  }
  for (let i = 0; i < m.texts.length; i++) for (let j = i + 1; j < m.texts.length; j++) if (overlap(m.texts[i]!, m.texts[j]!)) out.push(`"${m.texts[i]!.text}" overlaps "${m.texts[j]!.text}"`);
  for (const axis of axes) {
    // the labels of one axis, in their order along it (left to right, or top to bottom)
    const shown = m.texts.filter((t) => axis.categories.some((c) => names(t.text, c))).sort((a, b) => (axis.dir === 'y' ? a.top - b.top : a.left - b.left));
    const want = axis.all ? axis.categories.length : Math.min(axis.categories.length, 4);
    if (new Set(shown.map((t) => t.text)).size < want) out.push(`only ${shown.length} of ${axis.categories.length} labels shown (${shown.map((t) => t.text).join(', ')}), want ≥ ${want}`);
    const index = shown.map((t) => axis.categories.findIndex((c) => names(t.text, c)));
    if (index.some((x, i) => i > 0 && x <= index[i - 1]!)) out.push(`labels out of order: ${shown.map((t) => t.text).join(', ')}`);
  }
  for (const re of valueTicks) {
    const n = m.texts.filter((t) => re.test(t.text)).length;
    if (n < 2) out.push(`a value axis shows ${n} tick label(s) matching ${re}`);
  }
  return out;
}

async function fetchStats(url: string, cookie: string, q: string): Promise<PeriodStats> {
  return periodStats.parse(((await (await fetch(`${url}/api/admin/stats?${q}`, { headers: { cookie } })).json()) as { data: unknown }).data);
}

/** The checks of the four charts for the period on screen. */
async function checkCharts(page: Page, s: PeriodStats, where: string) {
  const heatHours = s.heat.length ? Array.from({ length: Math.max(...s.heat.map((c) => c.hour)) - Math.min(...s.heat.map((c) => c.hour)) + 1 }, (_, i) => hh(i + Math.min(...s.heat.map((c) => c.hour)))) : [];
  // a day: the office day, 07h–17h, widened to any hour with ratings (docs/statistics.md)
  const busy = (s.hourly ?? []).filter((p) => p.ratings.total + p.ratings.flagged > 0).map((p) => p.hour);
  const [first, last] = [Math.min(7, ...busy), Math.max(17, ...busy)];
  const trendCats = s.hourly ? Array.from({ length: last - first + 1 }, (_, i) => hh(first + i)) : s.trend.map((d) => ddmm(d.day));
  const count = /^\d{1,3}(\.\d{3})*$/;
  const charts: [string, Axis[], RegExp[]][] = [
    ['chart-trend', [{ categories: trendCats, dir: 'x', all: !!s.hourly }], [count, /^\d{1,3}%$/]],
    ['chart-distribution', [{ categories: ['1 điểm', '2 điểm', '3 điểm', '4 điểm', '5 điểm'], dir: 'x', all: true }], [count]],
    ['chart-counters', [{ categories: s.breakdown.counter.map((c) => c.label), dir: 'y', all: true }], [count]],
    ['chart-heat', [{ categories: heatHours, dir: 'x' }, { categories: ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'], dir: 'y', all: true }], []],
  ];
  for (const [id, axes, values] of charts) {
    await expect.poll(async () => problems(await measure(page, id), axes, values), { message: `${id} ${where}`, timeout: 10_000 }).toEqual([]);
  }
}

describe('statistics charts', () => {
  it('keep every axis label inside the chart and apart, at 1366×768, 1280×800 and 1024 wide, for a week, a month and a year', async () => {
    const dataDir = tmpDir('stats-charts-');
    const db = openDb(path.join(dataDir, 'hub.sqlite'));
    generate(db, { from: '2026-01-01', days: 365, ratings: 12_000, files: 1500, seed: 5, counters: COUNTER_NAMES.length });
    COUNTER_NAMES.forEach((name, i) => db.prepare('UPDATE counters SET name = ? WHERE id = ?').run(name, `q-gen-${i + 1}`));
    db.close();
    const hub = b.track(await startHub({ dataDir }));
    const cookie = await adminCookie(hub.url);

    for (const size of SIZES) {
      const { page, log } = await b.page(size);
      await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/stats');
      for (const p of PERIODS) {
        const s = await fetchStats(hub.url, cookie, `kind=${p.kind}&date=${p.date}`);
        expect(s.ratings.total).toBeGreaterThan(0);
        await page.goto(`${hub.url}/admin/stats?kind=${p.kind}&date=${p.date}`);
        await page.locator(`[data-testid="stats-period"][data-from="${s.range.from}"][data-to="${s.range.to}"]`).waitFor();
        await checkCharts(page, s, `${p.kind} at ${size.width}×${size.height}`);
        if (p.kind === 'year') await page.screenshot({ path: path.join(screenshotDir(), `admin-stats-year-${size.width}.png`), fullPage: true });
      }
      expect(log.filter((l) => !l.includes('favicon'))).toEqual([]);
      await page.context().close();
    }
  }, 240_000);

  it('show a day\'s trend by hour, labelled 07h, 08h…, from the hub\'s hourly series', async () => {
    const dataDir = tmpDir('stats-day-');
    const db = openDb(path.join(dataDir, 'hub.sqlite'));
    generate(db, { from: '2026-06-01', days: 14, ratings: 1500, files: 200, seed: 8 });
    db.close();
    const hub = b.track(await startHub({ dataDir }));
    const cookie = await adminCookie(hub.url);
    const s = await fetchStats(hub.url, cookie, 'kind=day&date=2026-06-10');
    expect(s.hourly).toHaveLength(24);
    const busy = s.hourly!.filter((p) => p.ratings.total > 0);
    expect(busy.length).toBeGreaterThan(3);

    const { page, log } = await b.page({ width: 1366, height: 768 });
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/stats?kind=day&date=2026-06-10');
    await page.locator('[data-testid="stats-period"][data-from="2026-06-10"][data-to="2026-06-10"]').waitFor();
    await page.getByRole('heading', { name: 'Diễn biến theo giờ' }).waitFor();
    const trend = page.getByTestId('chart-trend');
    // one point per hour of the office day (07h–17h, widened to any hour with ratings): every hour labelled, and the
    // busiest hour's bar tells the hub's count when pointed at
    await checkCharts(page, s, 'a day at 1366×768');
    const labels = (await measure(page, 'chart-trend')).texts.filter((t) => /^\d\dh$/.test(t.text)).sort((a, b) => a.left - b.left);
    expect(labels.map((t) => t.text)).toEqual(Array.from({ length: 11 }, (_, i) => hh(i + 7)));
    const top = busy.reduce((a, p) => (p.ratings.total > a.ratings.total ? p : a));
    const label = labels.find((t) => t.text === hh(top.hour))!;
    await trend.scrollIntoViewIfNeeded();
    const box = (await trend.boundingBox())!;
    await page.mouse.move(box.x + (label.left + label.right) / 2, box.y + label.top - 40);
    await trend.locator('div').filter({ hasText: new RegExp(`${hh(top.hour)}[\\s\\S]*Số lượt\\D*${top.ratings.total}(\\D|$)`) }).last().waitFor();
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-stats-day.png'), fullPage: true });
    expect(log.filter((l) => !l.includes('favicon'))).toEqual([]);
  }, 120_000);
});
