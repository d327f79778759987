import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { openDb } from '../../hub/src/db/open.ts';
import type { PeriodStats } from '../../hub/src/stats/queries.ts';
import { ADMIN_PASSWORD, adminCookie, startHub, tmpDir } from '../helpers/procs.ts';
import { generate } from '../stats/generate.ts';
import { adminSignIn, screenshotDir } from './browser.ts';


const b = useBrowser();

describe('statistics page', () => {
  it('an administrator opens a month\'s statistics, sees the charts drawn, and downloads the Excel workbook', async () => {
    const dataDir = tmpDir('stats-browser-');
    const db = openDb(path.join(dataDir, 'hub.sqlite'));
    generate(db, { from: '2026-10-01', days: 45, ratings: 4000, files: 900, seed: 21 });
    db.close();
    const hub = b.track(await startHub({ dataDir }));
    const { page, log } = await b.page({ width: 1280, height: 900 });

    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/stats');
    const range = page.getByTestId('stats-range');
    await range.getByLabel('Kỳ thống kê').selectOption('month');
    await range.getByLabel('Ngày trong kỳ').fill('15/10/2026');
    await range.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.locator('[data-testid="stats-period"][data-from="2026-10-01"][data-to="2026-10-31"]').waitFor();
    await page.getByText('Từ 01/10/2026 đến 31/10/2026').waitFor();

    // the page shows the hub's figures
    const cookie = await adminCookie(hub.url);
    const s = ((await (await fetch(`${hub.url}/api/admin/stats?kind=month&date=2026-10-01`, { headers: { cookie } })).json()) as { data: PeriodStats }).data;
    expect(s.ratings.total).toBeGreaterThan(1000);
    expect((await page.getByTestId('kpi-ratings').innerText()).replace(/\D/g, '')).toBe(String(s.ratings.total));
    expect(await page.getByTestId('kpi-received').innerText()).toContain(s.files.received.toLocaleString('vi-VN'));
    const rows = page.locator('[data-testid="breakdown-table"] tbody tr');
    expect(await rows.count()).toBe(s.breakdown.counter.length);
    await page.getByRole('tab', { name: 'Lĩnh vực' }).click();
    await page.locator('[data-testid="breakdown-table"][data-dim="field"]').getByText('Hộ tịch').waitFor();

    // every chart is drawn: its SVG holds shapes in several colours, not a blank (labels: tests/browser/stats-charts.test.ts)
    for (const id of ['chart-trend', 'chart-distribution', 'chart-counters', 'chart-heat']) {
      const chart = page.locator(`[data-testid="${id}"][data-rendered="true"] svg`);
      await chart.waitFor();
      const colours = () =>
        chart.evaluate((svg: SVGSVGElement) => new Set([...svg.querySelectorAll('path, rect')].map((e) => e.getAttribute('fill')).filter((f) => f && f !== 'none' && f !== 'transparent')).size);
      await expect.poll(colours, { message: id }).toBeGreaterThanOrEqual(3);
    }
    const shot = await page.screenshot({ path: path.join(screenshotDir(), 'admin-stats.png'), fullPage: true });
    expect(shot.length).toBeGreaterThan(50_000);

    // the Excel download: the job runs, the page shows it, the browser receives the file, and it opens
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.locator('[data-export="xlsx-stats"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('thong-ke_2026-10-01_2026-10-31.xlsx');
    const saved = path.join(dataDir, 'downloaded.xlsx');
    await file.saveAs(saved);
    await page.locator('[data-testid="export-status"][data-status="done"]').waitFor();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.worksheets.map((w) => w.name)).toContain('Theo quầy');
    const overview = wb.getWorksheet('Tổng hợp')!;
    expect(overview.getRow(5).getCell(2).value).toBe(s.ratings.total);
    expect(wb.getWorksheet('Lượt đánh giá')!.rowCount - 1).toBe(s.ratings.total + s.ratings.flagged);

    // the monthly report is offered for a month
    await page.locator('[data-export="xlsx-report"]').waitFor();
    // and from a day's view too: the report of the month that holds that day
    await range.getByLabel('Kỳ thống kê').selectOption('day');
    await range.getByLabel('Ngày trong kỳ').fill('15/10/2026');
    await range.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.locator('[data-testid="stats-period"][data-from="2026-10-15"][data-to="2026-10-15"]').waitFor();
    const report = page.locator('[data-export="xlsx-report"]');
    expect(await report.innerText()).toBe('Báo cáo tháng (phụ lục số liệu)');
    const reportDownload = page.waitForEvent('download', { timeout: 60_000 });
    await report.click();
    expect((await reportDownload).suggestedFilename()).toBe('bao-cao_2026-10-01_2026-10-31.xlsx');
    expect(log.filter((l) => !l.includes('favicon'))).toEqual([]);
  }, 120_000);
});
