import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { docsShot } from '../kit/docs.ts';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, addCounter, pairCode, startHub } from '../helpers/procs.ts';
import { adminSignIn, queryDb, screenshotDir } from './browser.ts';


const b = useBrowser();

const nav = (page: Page, name: string) => page.locator('.adm-nav').getByRole('link', { name, exact: true }).click();
const setting = (page: Page, key: string) => page.locator(`[data-testid="setting"][data-key="${key}"]`);

describe('administration without a command line', () => {
  it('an admin edits the commune identity (a value the environment set is locked), renames a counter, and sees both in the audit log and its CSV', async () => {
    const hub = b.track(await startHub({ env: { RETENTION_DAYS: '120' } }));
    const counterId = await addCounter(hub.dataDir, 'Quầy 1');
    const { page, log } = await b.page();
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/settings');
    await page.getByRole('heading', { name: 'Cài đặt', level: 1 }).waitFor();

    // the environment's value is shown, locked
    const retention = setting(page, 'retention.days');
    await retention.getByText('Đặt bởi biến môi trường').waitFor();
    expect(await retention.locator('input').isDisabled()).toBe(true);
    expect(await retention.locator('input').inputValue()).toBe('120');
    // a secret is never sent to the page
    await setting(page, 'upstream.secret').getByText('Chưa đặt').waitFor();

    await setting(page, 'commune.code').locator('input').fill('26734');
    await setting(page, 'commune.name').locator('input').fill('Xã Đông Phong');
    await setting(page, 'commune.phone').locator('input').fill('0203 3812 345');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    expect(await setting(page, 'commune.name').locator('input').inputValue()).toBe('Xã Đông Phong');
    if (process.env.DOCS_SCREENSHOTS === '1') await page.evaluate(() => window.scrollTo(0, 0));
    await docsShot(page, 'admin-settings');
    // a bad value is refused on the page and changes nothing
    await setting(page, 'commune.code').locator('input').fill('mã có dấu');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('alert').getByText('Dữ liệu không hợp lệ.').waitFor();
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-settings.png'), fullPage: true });

    // the kiosk and the hub's answers carry the new name at once
    const info = (await (await fetch(`${hub.url}/api/public/info`)).json()) as { data: { communeName: string } };
    expect(info.data.communeName).toBe('Xã Đông Phong');
    expect(queryDb<{ value: string }>(hub.dataDir, "SELECT value FROM settings WHERE key = 'admin.commune.code'")[0]!.value).toBe('"26734"');

    // rename the counter from the counters page
    await nav(page, 'Quầy và thiết bị');
    const card = page.locator(`[data-testid="counter-card"][data-counter-id="${counterId}"]`);
    await card.getByTestId('edit-counter-button').click();
    await card.getByTestId('counter-edit').getByLabel('Tên quầy').fill('Quầy Tư pháp – Hộ tịch');
    await card.getByTestId('counter-edit').getByRole('button', { name: 'Lưu' }).click();
    await card.getByRole('heading', { name: 'Quầy Tư pháp – Hộ tịch' }).waitFor();

    // a paired button box: its scale (3 buttons, 5/3/1) and minimum interval, from its row
    const code = await pairCode(hub.dataDir, counterId);
    const paired = (await (await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent', label: 'Hộp nút' }) })).json()) as { data: { deviceId: string } };
    const row = card.locator(`[data-testid="device-row"][data-device-id="${paired.data.deviceId}"]`);
    await row.getByTestId('edit-device-button').click(); // the page refreshes its device list every 5 s
    const form = row.getByTestId('device-edit');
    await form.getByLabel('Số nút').selectOption('3');
    await form.getByLabel('Nút 2 ứng với').selectOption('3');
    await form.getByLabel('Nút 3 ứng với').selectOption('1');
    await form.getByLabel('Khoảng cách tối thiểu giữa hai lần bấm (giây)').fill('8');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await row.getByText('3 nút → 5, 3, 1 điểm').waitFor();
    expect(queryDb<{ buttons: number; button_map: string; min_interval_s: number }>(hub.dataDir, 'SELECT buttons, button_map, min_interval_s FROM devices WHERE id = ?', paired.data.deviceId)[0]).toEqual({ buttons: 3, button_map: '[5,3,1]', min_interval_s: 8 });

    // the changes in the audit log: who, what, before and after
    await nav(page, 'Nhật ký');
    const settingRow = page.locator('[data-testid="audit-row"][data-kind="setting"]');
    await settingRow.getByText('Xã Đông Phong').waitFor();
    expect(await settingRow.innerText()).toContain('admin');
    expect(await settingRow.innerText()).toContain('Xã chưa cấu hình');
    const counterRow = page.locator('[data-testid="audit-row"][data-kind="counter"][data-action="update"]');
    // the new name, as the change's "after" (the row also names the counter by it)
    await counterRow.locator('.audit-after').getByText('Quầy Tư pháp – Hộ tịch').waitFor();
    expect(await counterRow.innerText()).toContain('Quầy 1');
    const deviceRow = page.locator('[data-testid="audit-row"][data-kind="device"][data-action="update"]');
    await deviceRow.getByText('Gán nút: 5, 3, 1', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-audit.png'), fullPage: true });

    // the CSV download: UTF-8 with a BOM, the same entries
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('Xã Đông Phong');
    expect(text).toContain('Quầy Tư pháp – Hộ tịch');
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
