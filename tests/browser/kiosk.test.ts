import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { addCounter, adminCookie, pairCode, startHub } from '../helpers/procs.ts';
import { kioskStatus, pairKioskWithKeypad, readRatings, screenshotDir, waitForRatings } from './browser.ts';


const b = useBrowser();


describe('kiosk', () => {
  it('pairs with the on-screen keypad, then shows one big button per level of the scale', async () => {
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy Tư pháp – Hộ tịch', { buttons: 4 });
    const code = await pairCode(hub.dataDir, counterId);
    const { page } = await b.page();

    await pairKioskWithKeypad(page, hub.url, code);

    const buttons = page.getByTestId('score-button');
    expect(await buttons.count()).toBe(4);
    expect(await buttons.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.score)))).toEqual([5, 4, 3, 2]);
    expect(await buttons.allInnerTexts()).toEqual(['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng']);
    await kioskStatus(page, { online: true, queued: 0 });
    // the pairing survives a reload
    await page.reload();
    await page.getByTestId('rate-screen').waitFor();
    await kioskStatus(page, { online: true });

    const dir = screenshotDir();
    const file = path.join(dir, 'kiosk-buttons.png');
    await page.screenshot({ path: file });
    const { page: portrait } = await b.page({ width: 800, height: 1280 });
    const code5 = await pairCode(hub.dataDir, await addCounter(hub.dataDir, 'Quầy Địa chính', { buttons: 5 }));
    await pairKioskWithKeypad(portrait, hub.url, code5);
    expect(await portrait.getByTestId('score-button').count()).toBe(5);
    await portrait.screenshot({ path: path.join(dir, 'kiosk-buttons-5-portrait.png') });
    console.log(`kiosk screenshots in ${dir}`);
  });

  it('a low score with a reason chip reaches the hub as one touch rating with its reasons', async () => {
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy 1', { buttons: 4, minIntervalS: 0 });
    const { page } = await b.page();
    await pairKioskWithKeypad(page, hub.url, await pairCode(hub.dataDir, counterId));
    await kioskStatus(page, { online: true });

    await page.locator('[data-testid="score-button"][data-score="2"]').click();
    await page.getByTestId('reasons-step').waitFor();
    await page.locator('[data-testid="reason-chip"][data-reason="waiting-time"]').click();
    await page.locator('[data-testid="reason-chip"][data-reason="unclear-guidance"]').click();
    const dir = screenshotDir();
    await page.screenshot({ path: path.join(dir, 'kiosk-reasons.png') });
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Cảm ơn Ông/Bà!').waitFor();
    await page.screenshot({ path: path.join(dir, 'kiosk-thanks.png') });

    const [row] = await waitForRatings(hub.dataDir, 1);
    expect(row).toMatchObject({ score: 2, source: 'touch', flagged: 0 });
    expect(JSON.parse(row!.reasons!)).toEqual(['waiting-time', 'unclear-guidance']);
    await kioskStatus(page, { queued: 0 });
    // and back to the buttons by itself
    await page.getByTestId('rate-screen').waitFor({ timeout: 15_000 });
    expect(readRatings(hub.dataDir)).toHaveLength(1);
  });

  it('keeps a low score without reasons when nobody answers the reasons step', async () => {
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy 1', { buttons: 5, minIntervalS: 0 });
    const { page } = await b.page();
    // the page's clock is moved past the reasons step's 30 s, not waited for
    await page.clock.install();
    await pairKioskWithKeypad(page, hub.url, await pairCode(hub.dataDir, counterId));

    await page.locator('[data-testid="score-button"][data-score="1"]').click();
    await page.getByTestId('reasons-step').waitFor();
    await page.clock.fastForward(31_000);
    await page.getByTestId('thanks').waitFor();
    const [row] = await waitForRatings(hub.dataDir, 1);
    expect(row).toMatchObject({ score: 1, source: 'touch', reasons: null });
  });

  it('goes back to the pairing screen when the admin revokes it', async () => {
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy 1', { buttons: 3 });
    const { page } = await b.page();
    await pairKioskWithKeypad(page, hub.url, await pairCode(hub.dataDir, counterId));
    await kioskStatus(page, { online: true });
    const deviceId = await page.evaluate(() => JSON.parse(localStorage.getItem('onestop.kiosk.pairing')!).config.deviceId as string);

    const cookie = await adminCookie(hub.url);
    const res = await fetch(`${hub.url}/api/admin/devices/${deviceId}/revoke`, { method: 'POST', headers: { cookie } });
    expect(res.ok).toBe(true);

    await page.getByTestId('pair-screen').waitFor({ timeout: 15_000 });
    await page.getByText('Thiết bị này đã bị thu hồi').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('onestop.kiosk.pairing'))).toBeNull();
    // a reload stays unpaired
    await page.reload();
    await page.getByTestId('pair-screen').waitFor();
  });
});

