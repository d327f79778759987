import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { RECEIVER_ADMIN_PASSWORD, addCommune, postSummary, startReceiver, summary } from '../upstream/receiver-procs.ts';


const b = useBrowser();

describe("the province's pages", () => {
  it('sign in, see the communes, the figures, who is silent, the appendix table; register a commune and see its key once', async () => {
    const rx = b.track(await startReceiver());
    const a = await addCommune(rx.dataDir, '26734', 'Xã Ví Dụ');
    await addCommune(rx.dataDir, '26735', 'Phường Im Lặng');
    for (const [date, s5, s3] of [['2026-10-01', 9, 2], ['2026-10-02', 6, 1]] as const) {
      expect((await postSummary(rx.url, '26734', a, JSON.stringify(summary('26734', 'Xã Ví Dụ', date, 1, { s5, s4: 1, s3, s2: 0, s1: 0 })))).status).toBe(200);
    }
    const { page, log } = await b.page();
    await page.goto(`${rx.url}/`);
    await page.getByTestId('province-login').waitFor();
    await page.getByLabel('Mật khẩu').fill('wrong password');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.locator('.error[data-reason="unauthorized"]').waitFor();
    await page.getByLabel('Mật khẩu').fill(RECEIVER_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('heading', { name: 'Số liệu một cửa các xã' }).waitFor();

    await page.getByLabel('Từ ngày').fill('01/10/2026');
    await page.getByLabel('Đến ngày').fill('03/10/2026');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.getByTestId('period').filter({ hasText: 'Từ 01/10/2026 đến 03/10/2026' }).waitFor();
    // 20 ratings, 15 + 2 satisfied: 85,0 %
    await expect.poll(() => page.getByTestId('province-satisfaction').textContent()).toBe('85,0 %');
    const figures = page.getByTestId('commune-figures');
    await expect.poll(() => figures.locator('tr', { hasText: 'Xã Ví Dụ' }).textContent()).toContain('85,0 %');
    const missing = page.getByTestId('missing');
    await expect.poll(() => missing.textContent()).toContain('Phường Im Lặng');
    expect(await missing.textContent()).toContain('chưa gửi từ ngày 03/10/2026');
    expect(await page.getByTestId('matrix').locator('tr', { hasText: 'Xã Ví Dụ' }).textContent()).toContain('✓✓·');
    await page.getByTestId('trend-chart').locator('svg').waitFor();

    await page.getByRole('link', { name: 'Phụ lục số liệu' }).click();
    const sms = page.getByTestId('appendix-sms');
    await sms.waitFor();
    expect(await sms.locator('tr[data-level="full"]').textContent()).toContain('Xã Ví Dụ');
    expect(await sms.locator('tr[data-level="noData"]').textContent()).toContain('Phường Im Lặng');
    expect(await page.getByTestId('appendix-devices').locator('tr[data-level="full"] .prov-count').textContent()).toBe('1');

    await page.getByRole('link', { name: 'Các xã gửi số liệu' }).click();
    const form = page.getByTestId('add-commune');
    await form.getByLabel('Mã đơn vị hành chính của xã').fill('26740');
    await form.getByLabel('Tên xã').fill('Xã Mới Đăng Ký');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    const secret = (await page.getByTestId('commune-secret').textContent())!.trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => page.getByTestId('commune-list').textContent()).toContain('Xã Mới Đăng Ký');
    // the key shown works for that commune
    expect((await postSummary(rx.url, '26740', secret, JSON.stringify(summary('26740', 'Xã Mới Đăng Ký', '2026-10-01')))).body).toEqual({ status: 'stored' });
    // the one refused sign-in above is the only failed request
    expect(log.filter((l) => !l.includes('status of 401'))).toEqual([]);
  });
});
