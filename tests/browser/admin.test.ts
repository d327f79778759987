import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { docsShot } from '../kit/docs.ts';
import { io, type Socket } from 'socket.io-client';
import { uuidv7, type PairResponse } from '@onestop/shared';
import { ADMIN_PASSWORD, startHub } from '../helpers/procs.ts';
import { screenshotDir } from './browser.ts';

let device: Socket | null = null;

const b = useBrowser();


describe('admin', () => {
  it('signs in, creates a counter, shows a pairing code, and the live page follows a rating as it is made', async () => {
    const hub = b.track(await startHub());
    const { page, log } = await b.page();

    await page.goto(`${hub.url}/admin`);
    await page.getByTestId('login-form').waitFor();
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('wrong password');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.locator('.error[data-reason="unauthorized"]').waitFor();
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByText('Chưa có quầy nào').waitFor();

    const form = page.getByTestId('create-counter');
    await form.getByLabel('Tên quầy').fill('Quầy Địa chính – Xây dựng');
    await form.getByLabel('Số nút đánh giá').selectOption('5');
    await form.getByRole('button', { name: 'Tạo quầy' }).click();
    const card = page.getByTestId('counter-card').filter({ hasText: 'Quầy Địa chính – Xây dựng' });
    await card.waitFor();
    const counterId = await card.getAttribute('data-counter-id');
    expect(counterId).toMatch(/^q-/);
    // the same name again is refused, by reason code, in Vietnamese
    await form.getByLabel('Tên quầy').fill('Quầy Địa chính – Xây dựng');
    await form.getByRole('button', { name: 'Tạo quầy' }).click();
    await form.getByText('Đã có quầy mang tên này.').waitFor();

    await card.getByTestId('pair-code-button').click();
    const codeEl = card.getByTestId('pair-code');
    await codeEl.waitFor();
    const code = (await codeEl.getAttribute('data-code'))!;
    expect(code).toMatch(/^[0-9]{8}$/);
    expect((await codeEl.innerText()).replace(/\s/g, '')).toBe(code);
    await card.getByText(/Hết hạn lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/).waitFor();

    // a device pairs with that code and connects (a socket.io client standing in for a kiosk)
    const pair = await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'kiosk' }) });
    const paired = (await pair.json()) as { ok: true; data: PairResponse };
    expect(paired.ok).toBe(true);
    device = io(`${hub.url}/device`, { auth: { token: paired.data.token }, transports: ['websocket'] });
    b.defer(() => {
      device?.disconnect();
      device = null;
    });
    await new Promise<void>((resolve, reject) => {
      device!.once('connect', resolve);
      device!.once('connect_error', reject);
    });
    await card.locator(`[data-testid="device-row"][data-device-id="${paired.data.deviceId}"][data-state="online"]`).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-counters.png'), fullPage: true });
    await docsShot(page, 'admin-counters');

    await page.getByRole('link', { name: 'Theo dõi trực tiếp' }).click();
    const live = page.locator(`[data-testid="live-counter"][data-counter-id="${counterId}"]`);
    await live.waitFor();
    await live.locator(`[data-testid="live-device"][data-device-id="${paired.data.deviceId}"][data-state="online"]`).waitFor();
    expect(await live.getByTestId('total').innerText()).toBe('0');
    expect(await live.innerText()).toContain('Rất không hài lòng');

    const submit = (score: number) =>
      device!.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(), source: 'touch', score, deviceTime: Date.now() }) as Promise<{ ok: boolean; data: { flagged: boolean } }>;
    const first = await submit(5);
    expect(first).toMatchObject({ ok: true, data: { flagged: false } });
    await live.locator('[data-testid="total"]', { hasText: /^1$/ }).waitFor();
    expect(await live.getByTestId('count-5').innerText()).toBe('1');
    expect(await live.getByTestId('satisfaction').innerText()).toBe('100%');

    // pressed again within the counter's minimum interval: counted as flagged only
    const second = await submit(1);
    expect(second).toMatchObject({ ok: true, data: { flagged: true } });
    await live.locator('[data-testid="flagged"]', { hasText: /^1$/ }).waitFor();
    expect(await live.getByTestId('total').innerText()).toBe('1');
    expect(await live.getByTestId('count-1').innerText()).toBe('0');
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-live.png'), fullPage: true });

    // the device goes away: presence follows
    device.disconnect();
    await live.locator(`[data-testid="live-device"][data-device-id="${paired.data.deviceId}"][data-state="offline"]`).waitFor();
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('asks for the username and password on /admin/live when not signed in', async () => {
    const hub = b.track(await startHub());
    const { page } = await b.page();
    await page.goto(`${hub.url}/admin/live`);
    await page.getByTestId('login-form').waitFor();
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByTestId('live-board').waitFor();
    await page.getByText('Chưa có quầy nào.').waitFor();
  });
});
