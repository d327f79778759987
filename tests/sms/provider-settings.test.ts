import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../kit/browser.ts';
import { ADMIN_PASSWORD, startHub } from '../helpers/procs.ts';
import { adminSignIn, queryDb } from '../browser/browser.ts';
import { EsmsStandIn } from './esms-standin.js';

const b = useBrowser();
const setting = (page: Page, key: string) => page.locator(`[data-testid="setting"][data-key="${key}"]`);

describe('choosing a Vietnamese SMS provider on /admin/settings', () => {
  it('the admin picks eSMS, pastes the keys (never shown again), and "Gửi thử" says in plain words what eSMS answered: wrong keys, then accepted', async () => {
    const esms = new EsmsStandIn();
    await esms.start();
    b.defer(() => esms.stop());
    const hub = b.track(await startHub({ env: { SMS_QUIET_HOURS: '', ESMS_API_BASE: esms.url } }));
    const { page, log } = await b.page({ width: 1280, height: 1000 });
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/settings');

    await setting(page, 'sms.gateway').locator('select').selectOption('esms');
    // only eSMS's own fields are shown for it
    await setting(page, 'sms.esms.apiKey').waitFor();
    expect(await setting(page, 'sms.kannel.password').count()).toBe(0);
    await setting(page, 'sms.esms.apiKey').locator('input').fill('WRONG-KEY');
    await setting(page, 'sms.esms.secretKey').locator('input').fill(esms.secretKey);
    await setting(page, 'sms.esms.brandname').locator('input').fill('UBND_XA');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    await setting(page, 'sms.esms.apiKey').getByText('Đã đặt (không hiển thị)').waitFor();
    expect(await setting(page, 'sms.esms.apiKey').locator('input').inputValue()).toBe('');

    const test = page.getByTestId('test-sms');
    await test.getByLabel('Số di động nhận').fill('0912 345 678');
    await test.getByRole('button', { name: 'Gửi thử' }).click();
    await test.getByTestId('test-sms-result').getByText('Nhà cung cấp không nhận tin. Lý do: eSMS: sai ApiKey hoặc SecretKey.', { exact: false }).waitFor();

    await setting(page, 'sms.esms.apiKey').locator('input').fill(esms.apiKey);
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    await test.getByRole('button', { name: 'Gửi thử' }).click();
    await test.locator('[data-testid="test-sms-queued"][data-status="sent"]').getByText('Nhà cung cấp đã nhận tin.', { exact: false }).waitFor();

    expect(esms.messages.map((m) => [m.phone, m.brandname])).toEqual([['0912345678', 'UBND_XA']]);
    // the keys never come back: not in the settings answer, not on the page
    const settings = await page.evaluate(async () => (await fetch('/api/admin/settings')).text());
    expect(settings).not.toContain(esms.apiKey);
    expect(settings).not.toContain(esms.secretKey);
    expect(await page.locator('body').innerText()).not.toContain(esms.apiKey);
    expect(queryDb<{ n: number }>(hub.dataDir, "SELECT COUNT(*) AS n FROM sms_messages WHERE kind = 'test' AND gateway = 'esms'")[0]!.n).toBe(2);

    // the price of one part: the template editor shows what each message costs
    await setting(page, 'sms.pricePerSegment').locator('input').fill('850');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    await page.goto(`${hub.url}/admin/sms/templates`);
    const ready = page.locator('[data-testid="template-editor"][data-kind="ready"]');
    await ready.getByTestId('sms-cost').getByText('Chi phí: 850 đồng một lần gửi').waitFor();
    await ready.getByLabel('Giữ dấu tiếng Việt').check();
    // with accents the text is UCS-2, and still one part: the hub shortens it to fit (issue 14 §2), so one price
    await page.locator('[data-testid="template-editor"][data-kind="ready"] [data-testid="sms-meter"][data-encoding="ucs2"][data-segments="1"]').waitFor();
    expect(await ready.getByTestId('sms-cost').innerText()).toBe('Chi phí: 850 đồng một lần gửi');
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
