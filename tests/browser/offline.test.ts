import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addCounter, pairCode, startHub, waitFor, type RunningHub } from '../helpers/procs.ts';
import { freshPage, kioskStatus, launchBrowser, pairKioskWithKeypad, readRatings, waitForRatings } from './browser.ts';

const hubs: RunningHub[] = [];
let browser: Browser | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  try {
    await browser?.close();
  } finally {
    browser = null;
    for (const h of hubs.splice(0)) await h.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  }
});

describe('kiosk offline', () => {
  it('keeps a rating made while the hub is down through a reload, and delivers it exactly once when the hub is back', async () => {
    const hub = await startHub();
    hubs.push(hub);
    dataDir = hub.dataDir;
    const counterId = await addCounter(hub.dataDir, 'Quầy Một cửa', { buttons: 3 });
    browser = await launchBrowser();
    const { page, log } = await freshPage(browser);
    await pairKioskWithKeypad(page, hub.url, await pairCode(hub.dataDir, counterId));
    await kioskStatus(page, { online: true, queued: 0 });
    // the offline shell (service worker) has the page, so the kiosk can reload while the hub is down
    await waitFor(() => page.evaluate(async () => !!(await caches.match('/kiosk'))), 'the kiosk page in the offline cache', 15_000, 200);

    await hub.stop();
    await kioskStatus(page, { online: false });

    await page.locator('[data-testid="score-button"][data-score="5"]').click();
    await page.getByTestId('thanks').waitFor();
    await kioskStatus(page, { online: false, queued: 1 });

    await page.reload();
    await page.getByTestId('rate-screen').waitFor();
    await kioskStatus(page, { online: false, queued: 1 });
    expect(readRatings(hub.dataDir)).toHaveLength(0);

    const again = await startHub({ dataDir: hub.dataDir, port: hub.port });
    hubs.push(again);
    await kioskStatus(page, { online: true, queued: 0 }, 45_000);

    const rows = await waitForRatings(hub.dataDir, 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 5, source: 'touch', flagged: 0 });
    // a second reload sends nothing more: the queue is empty
    await page.reload();
    await page.getByTestId('rate-screen').waitFor();
    await kioskStatus(page, { online: true, queued: 0 });
    expect(readRatings(hub.dataDir)).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
