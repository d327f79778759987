import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../kit/browser.ts';
import { docsShot } from '../kit/docs.ts';
import { ADMIN_PASSWORD, addCounter, pairCode, startHub } from '../helpers/procs.ts';
import { pairKioskWithKeypad, screenshotDir } from './browser.ts';

/** Issue 14 §1, walked as the commune's admin would on an office PC (1366×768). */
const b = useBrowser();
const OFFICE = { width: 1366, height: 768 };

async function signIn(page: Page, url: string) {
  await page.goto(`${url}/admin`);
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

const item = (page: Page, key: string) => page.locator(`[data-testid="setup-item"][data-key="${key}"]`);

describe('the first day', () => {
  it('the first sign-in shows the setup checklist, each item links to where it is done and is ticked from the hub', async () => {
    const hub = b.track(await startHub());
    const { page, log } = await b.page(OFFICE);
    await signIn(page, hub.url);
    const list = page.getByTestId('setup-checklist');
    await list.waitFor();
    expect(await list.getByRole('heading').innerText()).toBe('Việc cần làm trước khi đưa vào sử dụng');
    expect(await page.getByTestId('setup-item').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.key}:${(e as HTMLElement).dataset.done}`))).toEqual([
      'commune:false',
      'contact-phone:false',
      'sms-test:false',
      'procedures:false',
      'staff:false',
      'counters:false',
      'upstream:false',
    ]);
    expect(await list.innerText()).toContain('Đã xong 0/7 việc');
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-setup-checklist.png') });
    await docsShot(page, 'admin-setup-checklist');

    // the commune's item leads to the settings, where the name, code and phone are entered
    await item(page, 'commune').getByRole('link', { name: 'Làm việc này' }).click();
    await page.waitForURL(`${hub.url}/admin/settings`);
    await page.getByTestId('setup-banner').waitFor(); // the way back, on every other admin page until done
    await page.getByLabel('Tên xã / phường').fill('UBND xã Ví Dụ');
    await page.getByLabel('Mã đơn vị hành chính').fill('26734');
    await page.getByLabel('Số điện thoại liên hệ của bộ phận một cửa').fill('0210 3800 123');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu.').waitFor();

    await page.getByTestId('setup-banner').getByRole('link').click();
    await page.waitForURL(`${hub.url}/admin`);
    await page.locator('[data-testid="setup-item"][data-key="commune"][data-done="true"]').waitFor();
    await page.locator('[data-testid="setup-item"][data-key="contact-phone"][data-done="true"]').waitFor();

    // the procedures are reviewed by the admin's own word, recorded by the hub
    await page.getByTestId('procedures-reviewed').click();
    await page.locator('[data-testid="setup-item"][data-key="procedures"][data-done="true"]').waitFor();
    await page.reload();
    await page.locator('[data-testid="setup-item"][data-key="procedures"][data-done="true"]').waitFor();
    expect(await page.getByTestId('setup-checklist').innerText()).toContain('Đã xong 3/7 việc');
    // a reload may close the alert badge's socket mid-handshake: the browser warns, nothing is wrong
    expect(log.filter((l) => !l.startsWith('warning: WebSocket connection'))).toEqual([]);
  });

  it('a paired device is named from its kind and counter, numbered when several, and renamed in /admin; the rating screen shows the commune', async () => {
    const hub = b.track(await startHub({ env: { COMMUNE_NAME: 'UBND xã Ví Dụ' } }));
    const counterId = await addCounter(hub.dataDir, 'Quầy 1', { buttons: 4 });
    const { page: kiosk } = await b.page({ width: 1080, height: 1920 });
    await pairKioskWithKeypad(kiosk, hub.url, await pairCode(hub.dataDir, counterId));
    await kiosk.getByTestId('commune-name').waitFor();
    expect(await kiosk.getByTestId('commune-name').innerText()).toBe('UBND xã Ví Dụ');
    await kiosk.screenshot({ path: path.join(screenshotDir(), 'kiosk-commune-portrait.png') });
    const { page: second } = await b.page(OFFICE);
    await pairKioskWithKeypad(second, hub.url, await pairCode(hub.dataDir, counterId));

    const { page } = await b.page(OFFICE);
    await signIn(page, hub.url);
    const rows = page.getByTestId('device-row');
    await rows.nth(1).waitFor();
    expect((await rows.getByTestId('device-label').allInnerTexts()).sort()).toEqual(['Máy tính bảng quầy 1', 'Máy tính bảng quầy 1 (2)']);
    const renamed = rows.filter({ hasText: 'Máy tính bảng quầy 1 (2)' });
    await renamed.getByTestId('edit-device-button').click();
    await renamed.getByLabel('Tên gợi nhớ').fill('Máy tính bảng cửa sổ');
    await renamed.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByTestId('device-label').filter({ hasText: 'Máy tính bảng cửa sổ' }).waitFor();
    expect((await rows.getByTestId('device-label').allInnerTexts()).sort()).toEqual(['Máy tính bảng cửa sổ', 'Máy tính bảng quầy 1']);
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-device-names.png') });
    await docsShot(page, 'admin-device-names');
  });
});
