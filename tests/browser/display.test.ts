import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { colourCount, crop, decodePng } from '../kit/png.ts';
import { docsShot } from '../kit/docs.ts';
import { io, type Socket } from 'socket.io-client';
import { uuidv7 } from '@onestop/shared';
import { ADMIN_PASSWORD, addCounter, pairCode, startHub, tmpDir } from '../helpers/procs.ts';
import { adminSignIn, screenshotDir } from './browser.ts';

let device: Socket | null = null;

const b = useBrowser();

/** A counter with a paired button box connected over the real socket; `press` sends one press. */
async function counterWithBox(dataDir: string, url: string, name: string) {
  const counterId = await addCounter(dataDir, name, { buttons: 4, minIntervalS: 0 });
  const code = await pairCode(dataDir, counterId);
  const paired = (await (await fetch(`${url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent' }) })).json()) as { data: { token: string } };
  device = io(`${url}/device`, { auth: { token: paired.data.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  b.defer(() => {
    device?.disconnect();
    device = null;
  });
  await new Promise<void>((res, rej) => (device!.once('connect', () => res()), device!.once('connect_error', rej)));
  return async (button: number) => {
    const ack = (await device!.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(Date.now()), source: 'button', button, deviceTime: Date.now() })) as { ok: boolean };
    expect(ack).toMatchObject({ ok: true });
  };
}

describe('the waiting-room display', () => {
  it('shows today’s figures without signing in, in big Vietnamese type, and follows a rating as it arrives', async () => {
    const hub = b.track(await startHub());
    const press = await counterWithBox(hub.dataDir, hub.url, 'Quầy Tư pháp – Hộ tịch');
    const { page, log } = await b.page({ width: 1920, height: 1080 });
    await page.goto(`${hub.url}/display`);
    await page.getByTestId('display').waitFor();
    await page.getByText('Chưa có lượt đánh giá nào hôm nay').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('Mức độ hài lòng của người dân hôm nay');
    // no sign-in form, nothing of the admin pages
    expect(await page.getByTestId('login-form').count()).toBe(0);

    await press(1); // score 5
    await page.locator('[data-testid="display"][data-ratings="1"]').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('display-satisfaction').textContent()).resolves.toBe('100%');
    await press(4); // score 2
    await page.locator('[data-testid="display"][data-ratings="2"]').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('display-satisfaction').textContent()).resolves.toBe('50%');
    await expect(page.getByTestId('display-ratings').textContent()).resolves.toBe('trên 2 lượt đánh giá');
    await page.getByText('Quầy Tư pháp – Hộ tịch').waitFor();
    // big type: the satisfaction figure is large on a 1080p screen
    const big = await page.getByTestId('display-satisfaction').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(big).toBeGreaterThan(100);
    await docsShot(page, 'display');
    const shot = path.join(screenshotDir(), 'display-1080p.png');
    const png = decodePng(await page.screenshot({ path: shot }));
    // the whole 1080p screen, drawn: the satisfaction figure's box is in it and holds the text's colour
    expect({ width: png.width, height: png.height }).toEqual({ width: 1920, height: 1080 });
    expect(colourCount(png)).toBeGreaterThan(8);
    const box = (await page.getByTestId('display-satisfaction').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1920);
    expect(box.y + box.height).toBeLessThanOrEqual(1080);
    expect(colourCount(crop(png, box))).toBeGreaterThan(2);
    expect(log.filter((l) => !/favicon/.test(l))).toEqual([]);
  });

  it('the admin sees an alert badge appear live, and the operations page lists it and makes a backup', async () => {
    const dataDir = tmpDir('display-ops-');
    fs.writeFileSync(path.join(dataDir, 'hub.config.json'), JSON.stringify({ alerts: { lastN: 3, satisfactionBelow: 0.6 } }));
    const hub = b.track(await startHub({ dataDir }));
    const press = await counterWithBox(dataDir, hub.url, 'Quầy Đất đai');
    const { page } = await b.page();
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/ops');
    await page.getByTestId('ops-alerts').getByText('Không có cảnh báo nào.').waitFor();
    expect(await page.getByTestId('alert-badge').count()).toBe(0);
    for (let i = 0; i < 3; i++) await press(4);
    await page.locator('[data-testid="alert-badge"][data-count="1"]').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('alert-badge').textContent()).resolves.toBe('1 cảnh báo');
    await page.reload();
    const row = page.getByTestId('alert-row');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Quầy Đất đai: tỉ lệ hài lòng 0% trong 3 đánh giá gần nhất');
    expect(await row.getAttribute('data-open')).toBe('true');

    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    await page.locator('[data-testid="backup-last"][data-ok="true"]').waitFor();
    await expect(page.getByTestId('backup-row').count()).resolves.toBe(1);
    await page.getByTestId('ops-retention').getByText('Chưa chạy lần nào.').waitFor();
    await page.getByRole('button', { name: 'Chạy ngay' }).click();
    await page.getByTestId('retention-last').getByText('Đã xoá dữ liệu cá nhân của 0 hồ sơ và 0 tin nhắn; che số điện thoại trong 0 góp ý').waitFor();
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-ops.png'), fullPage: true });
  });
});
