import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { docsShot } from '../kit/docs.ts';
import { useBrowser } from '../kit/browser.ts';
import { ADMIN_PASSWORD, addCounter, adminCookie, pairCode, startHub, waitFor } from '../helpers/procs.ts';
import { adminSignIn, createStaff, hubCall, kioskStatus, pairKioskWithKeypad, queryDb, screenshotDir, STAFF_PASSWORD } from './browser.ts';

/**
 * Issue 14 §3 on a portrait 1080×1920 kiosk: a 3 asks for reasons, "Khác" writes a comment on the page's own
 * Vietnamese keyboard, the reasons step counts down 30 s, information screens go back after 30 s untouched, and
 * procedures and phone numbers stay readable with the hub down. The page's clock is Playwright's, moved forward by
 * the test: nothing waits on real time.
 */
const b = useBrowser();
const PORTRAIT = { width: 1080, height: 1920 };

interface StoredRating {
  score: number;
  reasons: string | null;
  comment: string | null;
}
const ratings = (dataDir: string) => queryDb<StoredRating>(dataDir, 'SELECT score, reasons, comment FROM ratings ORDER BY id');
const waitForRatingCount = (dataDir: string, n: number) => waitFor(() => (ratings(dataDir).length >= n ? ratings(dataDir) : null), `${n} rating(s)`, 20_000, 200);

async function countdown(page: Page): Promise<number> {
  return Number(await page.getByTestId('reasons-countdown').getAttribute('data-left'));
}

async function kioskAt(hubUrl: string, dataDir: string, counterName: string, counterId?: string): Promise<{ page: Page; log: string[] }> {
  counterId ??= await addCounter(dataDir, counterName, { buttons: 5 });
  const { page, log } = await b.page(PORTRAIT);
  await page.clock.install();
  await pairKioskWithKeypad(page, hubUrl, await pairCode(dataDir, counterId));
  await kioskStatus(page, { online: true });
  return { page, log };
}

describe('the citizen’s screen (issue 14 §3), portrait kiosk', () => {
  it('a 3 asks for reasons; "Khác" opens the Vietnamese keyboard and "Chờ lâu quá" reaches the hub with the rating', async () => {
    const hub = b.track(await startHub());
    const { page, log } = await kioskAt(hub.url, hub.dataDir, 'Quầy Tư pháp – Hộ tịch');

    await page.locator('[data-testid="score-button"][data-score="3"]').click();
    const step = page.getByTestId('reasons-step');
    await step.waitFor();
    expect(await page.getByTestId('reasons-countdown').innerText()).toBe('Tự động gửi sau 30 giây');
    await step.locator('[data-reason="waiting-time"]').click();
    await step.locator('[data-reason="other"]').click();
    const kb = page.getByTestId('vkb');
    await kb.waitFor();
    // Telex as most Vietnamese type it: ow → ơ, f → huyền, aa → â, s → sắc; the first letter is a capital by itself
    for (const k of ['c', 'h', 'o', 'w', 'f', 'space', 'l', 'a', 'a', 'u', 'space', 'q', 'u', 'a', 's']) await kb.locator(`[data-key="${k}"]`).click();
    expect(await page.getByTestId('comment-field').innerText()).toBe('Chờ lâu quá');
    await page.screenshot({ path: path.join(screenshotDir(), 'kiosk-comment-keyboard.png') });
    await docsShot(page, 'kiosk-comment-keyboard');
    await page.getByTestId('reasons-send').click();
    await page.getByTestId('thanks').waitFor();

    const [stored] = await waitForRatingCount(hub.dataDir, 1);
    expect(stored!.score).toBe(3);
    expect(JSON.parse(stored!.reasons!)).toEqual(['waiting-time', 'other']);
    expect(stored!.comment).toBe('Chờ lâu quá');

    // the tone and mark keys do the same for someone who does not type Telex: c h o, huyền, móc → "Chờ"
    await page.clock.fastForward(5_000);
    await page.locator('[data-testid="score-button"][data-score="2"]').click();
    await step.locator('[data-reason="other"]').click();
    for (const k of ['c', 'h', 'o', 'grave', 'horn']) await kb.locator(`[data-key="${k}"]`).click();
    expect(await page.getByTestId('comment-field').innerText()).toBe('Chờ');
    await page.getByTestId('reasons-send').click();
    const both = await waitForRatingCount(hub.dataDir, 2);
    expect(both[1]).toMatchObject({ score: 2, comment: 'Chờ' });

    // a 4 is satisfied: no reasons asked
    await page.clock.fastForward(5_000);
    await page.locator('[data-testid="score-button"][data-score="4"]').click();
    await page.getByTestId('thanks').waitFor();
    expect((await waitForRatingCount(hub.dataDir, 3))[2]).toMatchObject({ score: 4, reasons: null, comment: null });
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('the reasons step counts down 30 s, restarts on a touch, and then keeps the score with what was chosen', async () => {
    const hub = b.track(await startHub());
    const { page } = await kioskAt(hub.url, hub.dataDir, 'Quầy Một cửa');

    await page.locator('[data-testid="score-button"][data-score="1"]').click();
    await page.getByTestId('reasons-step').waitFor();
    await page.clock.fastForward(20_000);
    await waitFor(async () => ((await countdown(page)) === 10 ? true : null), 'the countdown at 10 s', 10_000, 50);
    expect(await page.getByTestId('reasons-countdown').innerText()).toBe('Tự động gửi sau 10 giây');
    await page.screenshot({ path: path.join(screenshotDir(), 'kiosk-reasons-countdown.png') });
    await docsShot(page, 'kiosk-reasons-countdown');

    await page.locator('[data-reason="attitude"]').click();
    await waitFor(async () => ((await countdown(page)) === 30 ? true : null), 'the countdown back at 30 s', 10_000, 50);
    await page.clock.fastForward(25_000);
    await waitFor(async () => ((await countdown(page)) === 5 ? true : null), 'the countdown at 5 s', 10_000, 50);
    expect(ratings(hub.dataDir)).toHaveLength(0);

    await page.clock.fastForward(6_000);
    await page.getByTestId('thanks').waitFor();
    const [stored] = await waitForRatingCount(hub.dataDir, 1);
    expect(stored).toMatchObject({ score: 1, reasons: JSON.stringify(['attitude']) });
  });

  it('information screens go back to the buttons after 30 s untouched; procedures (with their papers) and phone numbers stay readable offline', async () => {
    const hub = b.track(await startHub());
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', {
      code: 'HT-KS',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      processingDays: 0,
      fee: null,
      documents: ['Tờ khai đăng ký khai sinh theo mẫu', 'Giấy chứng sinh'],
    });
    await hubCall(hub.url, admin, 'POST', '/api/admin/contacts', { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND xã', phone: '0912 345 678' });
    const { page, log } = await kioskAt(hub.url, hub.dataDir, 'Quầy Một cửa');

    // the file lookup: 29 s untouched it stays, at 30 s it is gone
    await page.getByTestId('info-lookup').click();
    await page.getByTestId('lookup-screen').waitFor();
    await page.clock.fastForward(29_000);
    expect(await page.getByTestId('lookup-screen').count()).toBe(1);
    await page.clock.fastForward(1_500);
    await page.getByTestId('lookup-screen').waitFor({ state: 'detached' });
    await page.getByTestId('rate-screen').waitFor();

    // procedures with the papers to bring, marked with when they came
    await page.getByTestId('info-procedures').click();
    const docs = page.getByTestId('kiosk-procedure-documents');
    await docs.waitFor();
    expect(await docs.locator('li').allInnerTexts()).toEqual(['Tờ khai đăng ký khai sinh theo mẫu', 'Giấy chứng sinh']);
    expect(await page.getByTestId('info-updated').innerText()).toMatch(/^Cập nhật lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await page.screenshot({ path: path.join(screenshotDir(), 'kiosk-procedures-documents.png') });
    await docsShot(page, 'kiosk-procedures-documents');
    await page.getByTestId('info-back').click();
    await page.getByTestId('info-contacts').click();
    await page.getByTestId('kiosk-contact').first().waitFor();
    await page.getByTestId('info-back').click();

    // the hub goes down: both screens still show what they had, saying it is the kept copy
    await hub.stop();
    await kioskStatus(page, { online: false });
    await page.getByTestId('info-procedures').click();
    await page.locator('[data-testid="info-updated"][data-stale="true"]').waitFor();
    expect(await docs.locator('li').allInnerTexts()).toEqual(['Tờ khai đăng ký khai sinh theo mẫu', 'Giấy chứng sinh']);
    expect(await page.getByTestId('info-updated').innerText()).toMatch(/^Cập nhật lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(đang mất kết nối máy chủ, hiển thị bản đã lưu\)$/);
    await page.screenshot({ path: path.join(screenshotDir(), 'kiosk-procedures-offline.png') });
    await docsShot(page, 'kiosk-procedures-offline');
    await page.getByTestId('info-back').click();
    await page.getByTestId('info-contacts').click();
    await page.locator('[data-testid="info-updated"][data-stale="true"]').waitFor();
    expect(await page.getByTestId('kiosk-contact').allInnerTexts()).toEqual([expect.stringContaining('0912 345 678')]);
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('shows the counter’s name and the clerk on duty there, with title and photo, to that counter’s kiosk only', async () => {
    const hub = b.track(await startHub());
    const admin = await adminCookie(hub.url);
    const counterId = await addCounter(hub.dataDir, 'Quầy Tư pháp – Hộ tịch', { buttons: 5 });
    const otherId = await addCounter(hub.dataDir, 'Quầy Đất đai', { buttons: 5 });
    const userId = await createStaff(hub.url, admin, 'binh', 'Trần Thị Bình');
    await hubCall(hub.url, admin, 'PATCH', `/api/admin/users/${userId}`, { title: 'Công chức Tư pháp – Hộ tịch' });

    const { page, log } = await kioskAt(hub.url, hub.dataDir, '', counterId);
    expect(await page.getByTestId('counter-name').innerText()).toBe('Quầy Tư pháp – Hộ tịch');
    expect(await page.getByTestId('clerk-on-duty').count()).toBe(0);

    // a portrait drawn by the browser, as a phone photo would be: PNG bytes
    const png = Buffer.from((await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 300;
      c.height = 400;
      const g = c.getContext('2d')!;
      g.fillStyle = '#cfe3f7';
      g.fillRect(0, 0, 300, 400);
      g.fillStyle = '#6b4f3a';
      g.beginPath();
      g.arc(150, 150, 80, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = '#0b5cad';
      g.fillRect(40, 260, 220, 140);
      return c.toDataURL('image/png');
    })).split(',')[1]!, 'base64');
    const put = (body: Buffer, type: string) => fetch(`${hub.url}/api/admin/users/${userId}/photo`, { method: 'PUT', headers: { cookie: admin, 'content-type': type }, body: new Uint8Array(body) });
    // not an image, whatever it claims; too large: refused with their codes, nothing kept
    const notImage = await put(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png');
    expect([notImage.status, ((await notImage.json()) as { reason: string }).reason]).toEqual([415, 'photo-type-not-allowed']);
    const huge = await put(Buffer.concat([png, Buffer.alloc(210 * 1024)]), 'image/png');
    expect([huge.status, ((await huge.json()) as { reason: string }).reason]).toEqual([413, 'photo-too-large']);
    expect(queryDb(hub.dataDir, 'SELECT user_id FROM user_photos')).toEqual([]);
    expect((await put(png, 'image/png')).status).toBe(200);
    // the accounts list says there is a photo, never carries it
    const users = await hubCall<{ id: string; hasPhoto: boolean; title: string | null }[]>(hub.url, admin, 'GET', '/api/admin/users');
    expect(users.find((u) => u.id === userId)).toMatchObject({ hasPhoto: true, title: 'Công chức Tư pháp – Hộ tịch' });
    expect(JSON.stringify(users)).not.toContain(png.toString('base64').slice(0, 40));

    // the clerk signs in at this counter: the kiosk shows them at once
    const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'binh', password: STAFF_PASSWORD, counterId }) });
    expect(login.status).toBe(200);
    const staffCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await page.getByTestId('clerk-on-duty').waitFor();
    expect(await page.getByTestId('clerk-name').innerText()).toBe('Trần Thị Bình');
    expect(await page.getByTestId('clerk-title').innerText()).toBe('Công chức Tư pháp – Hộ tịch');
    await page.waitForFunction(() => (document.querySelector('[data-testid="clerk-photo"]') as HTMLImageElement | null)?.naturalWidth === 300);
    await page.screenshot({ path: path.join(screenshotDir(), 'kiosk-clerk-on-duty.png') });
    await docsShot(page, 'kiosk-clerk-on-duty');

    // the other counter's kiosk is told nobody is on duty there, and never gets the photo
    const other = await kioskAt(hub.url, hub.dataDir, '', otherId);
    expect(await other.page.getByTestId('counter-name').innerText()).toBe('Quầy Đất đai');
    expect(await other.page.getByTestId('clerk-on-duty').count()).toBe(0);

    // signing out takes the clerk off the screen
    await fetch(`${hub.url}/api/auth/logout`, { method: 'POST', headers: { cookie: staffCookie } });
    await page.getByTestId('clerk-on-duty').waitFor({ state: 'detached' });
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('an account created on /admin with its title shows that title on the kiosk of the counter where the person is on duty', async () => {
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy Đất đai', { buttons: 5 });
    const admin = await b.page({ width: 1366, height: 768 });
    await adminSignIn(admin.page, hub.url, ADMIN_PASSWORD, '/admin/accounts');
    const form = admin.page.getByTestId('create-user');
    await form.getByLabel('Tên đăng nhập').fill('hung');
    await form.getByLabel('Họ và tên').fill('Lê Văn Hùng');
    await form.getByLabel('Chức danh').fill('  Công chức Địa chính – Xây dựng  ');
    await form.getByLabel('Mật khẩu').fill(STAFF_PASSWORD);
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await form.getByRole('status').waitFor();
    // stored as the shared schema reads it: trimmed
    const [row] = queryDb<{ title: string }>(hub.dataDir, "SELECT title FROM users WHERE username = 'hung'");
    expect(row!.title).toBe('Công chức Địa chính – Xây dựng');
    // the list's own editor shows it, for changing later
    expect(await admin.page.locator('[data-testid="user-row"][data-username="hung"]').locator('xpath=following-sibling::tr[1]').getByLabel('Chức danh').inputValue()).toBe('Công chức Địa chính – Xây dựng');
    // an over-long title sent past the form is refused by the hub with the same schema, and makes no account
    const cookie = await adminCookie(hub.url);
    const long = await fetch(`${hub.url}/api/admin/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dai', role: 'staff', title: 'x'.repeat(121) }) });
    expect([long.status, ((await long.json()) as { reason: string }).reason]).toEqual([400, 'invalid-payload']);
    expect(queryDb(hub.dataDir, "SELECT id FROM users WHERE username = 'dai'")).toEqual([]);

    const { page, log } = await kioskAt(hub.url, hub.dataDir, '', counterId);
    expect(await page.getByTestId('clerk-on-duty').count()).toBe(0);
    const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hung', password: STAFF_PASSWORD, counterId }) });
    expect(login.status).toBe(200);
    await page.getByTestId('clerk-on-duty').waitFor();
    expect(await page.getByTestId('clerk-name').innerText()).toBe('Lê Văn Hùng');
    expect(await page.getByTestId('clerk-title').innerText()).toBe('Công chức Địa chính – Xây dựng');
    expect([...log, ...admin.log].filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
