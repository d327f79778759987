import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { addCounter, pairCode, startHub, waitFor } from '../helpers/procs.ts';
import { kioskStatus, pairKioskWithKeypad, readRatings, waitForRatings } from './browser.ts';


const b = useBrowser();

describe('kiosk offline', () => {
  it('keeps a rating made while the hub is down through a reload, and delivers it exactly once when the hub is back', async () => {
    // both runs of the hub share one data folder: each is stopped after the test, the folder removed
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy Một cửa', { buttons: 3 });
    const { page, log } = await b.page();
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

    const again = b.track(await startHub({ dataDir: hub.dataDir, port: hub.port }));
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
