import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { EMPTY_CALENDAR, addDays, localDay, nextWorkingDay } from '@onestop/shared';
import { addCounter, adminCookie, startHub, waitFor } from '../helpers/procs.ts';
import { createStaff, hubCall, queryDb, screenshotDir, signInAtCounter } from './browser.ts';


const b = useBrowser();

const dmy = (day: string) => day.split('-').reverse().join('/');

/** A file handed in by the province's software through API v1, which may date it in the past. */
async function apiFile(url: string, token: string, body: Record<string, unknown>) {
  const res = await fetch(`${url}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { ok: boolean; reason?: string; detail?: string };
  if (!json.ok) throw new Error(`${json.reason} ${json.detail}`);
}

describe('late files at the counter', () => {
  it('lists overdue and due-tomorrow files highlighted, phones masked; an apology with a new date queues the SMS and prints the slip', async () => {
    const hub = b.track(await startHub({ env: { SMS_QUIET_HOURS: '' } }));
    const counterName = 'Quầy Một cửa';
    await addCounter(hub.dataDir, counterName);
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'CT-HOP-DONG', name: 'Chứng thực hợp đồng, giao dịch', field: 'Chứng thực', processingDays: 2, fee: 50000 });
    await createStaff(hub.url, admin, 'an', 'Nguyễn Văn An');
    const { token } = await hubCall<{ token: string }>(hub.url, admin, 'POST', '/api/admin/tokens', { name: 'Phần mềm một cửa tỉnh' });

    const today = localDay(Date.now());
    const tenDaysAgo = Date.now() - 10 * 86_400_000;
    await apiFile(hub.url, token, { code: 'LATE-1', procedureCode: 'CT-HOP-DONG', citizenName: 'Lê Thị Hoa', phone: '0912 345 678', receivedAt: tenDaysAgo, dueDate: addDays(today, -3) });
    const tomorrow = nextWorkingDay(today, EMPTY_CALENDAR);
    await apiFile(hub.url, token, { code: 'SOON-1', procedureCode: 'CT-HOP-DONG', citizenName: 'Phạm Văn Dũng', phone: '0987 654 321', dueDate: tomorrow });

    const { page, log } = await b.page({ width: 1366, height: 900 });
    await signInAtCounter(page, hub.url, counterName, 'an');
    const shots = screenshotDir();

    // overdue: counted in red on its tab, the row highlighted, the phone masked
    await page.locator('[data-testid="tab-overdue"] .tab-count-alert', { hasText: '1' }).waitFor();
    await page.getByTestId('tab-overdue').click();
    const lateRow = page.locator('[data-testid="file-row"][data-code="LATE-1"]');
    await lateRow.waitFor();
    expect(await lateRow.getAttribute('class')).toContain('row-late');
    expect(await lateRow.getByTestId('row-phone').innerText()).toBe('09xx xxx 678');
    await page.getByTestId('tab-due-tomorrow').click();
    const soonRow = page.locator('[data-testid="file-row"][data-code="SOON-1"]');
    await soonRow.waitFor();
    expect(await soonRow.getAttribute('class')).toContain('row-soon');
    await page.screenshot({ path: path.join(shots, 'counter-lists.png') });

    // search by the end of a phone number, by a name without diacritics
    await page.getByTestId('file-search').fill('4321');
    await page.locator('[data-testid="file-row"][data-code="SOON-1"]').waitFor();
    expect(await page.getByTestId('file-row').count()).toBe(1);
    await page.getByTestId('file-search').fill('le thi hoa');
    await page.locator('[data-testid="file-row"][data-code="LATE-1"]').waitFor();
    expect(await page.getByTestId('file-row').count()).toBe(1);

    // the file due tomorrow says so; the late one puts the apology under the cursor
    await page.getByLabel('Quét mã').fill('SOON-1');
    await page.getByLabel('Quét mã').press('Enter');
    await page.getByTestId('due-soon-alert').getByText(dmy(tomorrow)).waitFor();
    await page.getByLabel('Quét mã').fill('LATE-1');
    await page.getByLabel('Quét mã').press('Enter');
    const panel = page.locator('[data-testid="file-panel"][data-code="LATE-1"]');
    await panel.getByTestId('late-alert').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('action-late');
    await page.keyboard.press('Enter');
    const form = panel.getByTestId('reason-form-late');
    await form.waitFor();
    // the proposed new date is the next working day (the old one has passed)
    const newDate = form.getByLabel('Ngày hẹn mới');
    expect(await newDate.inputValue()).toBe(dmy(nextWorkingDay(today, EMPTY_CALENDAR)));
    await page.keyboard.type('cần xác minh thêm thông tin');
    await page.screenshot({ path: path.join(shots, 'counter-apology-form.png') });
    await page.keyboard.press('Enter');
    await panel.getByTestId('done-notice').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('print-apology');

    // a scan while a button or link has the cursor still lands in the quick-scan field
    await page.keyboard.type('SOON-1', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="file-panel"][data-code="SOON-1"]').waitFor();
    // and from a list, the next step is one click on the row
    await page.getByTestId('tab-due-tomorrow').click();
    await page.locator('[data-testid="file-row"][data-code="SOON-1"]').getByTestId('row-ready').click();
    await page.locator('[data-testid="file-row"][data-code="SOON-1"]').waitFor({ state: 'detached' });
    await page.getByTestId('tab-ready').click();
    await page.locator('[data-testid="file-row"][data-code="SOON-1"]').getByTestId('row-returned').waitFor();

    const [file] = queryDb<{ id: string; due_date: string }>(hub.dataDir, "SELECT id, due_date FROM files WHERE code = 'LATE-1'");
    expect(file!.due_date).toBe(nextWorkingDay(today, EMPTY_CALENDAR));
    const [sms] = await waitFor(() => {
      const rows = queryDb<{ body: string }>(hub!.dataDir, "SELECT body FROM sms_messages WHERE file_id = ? AND kind = 'apology'", file!.id);
      return rows.length ? rows : null;
    }, 'the apology SMS');
    expect(sms!.body).toContain('LATE-1');
    expect(sms!.body).toContain(dmy(file!.due_date));

    const slip = await page.context().newPage();
    await slip.goto(`${hub.url}/counter/print/apology/LATE-1`);
    const doc = slip.getByTestId('apology');
    await doc.waitFor();
    expect(await doc.innerText()).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(await doc.innerText()).toContain('Kính gửi: Ông/Bà Lê Thị Hoa');
    expect(await doc.innerText()).toContain('cần xác minh thêm thông tin');
    expect(await doc.getByTestId('apology-new-date').innerText()).toBe(`Hẹn trả kết quả vào ngày ${dmy(file!.due_date)}.`);
    expect(await doc.getByTestId('qr').locator('path').getAttribute('d')).toBeTruthy();
    await slip.screenshot({ path: path.join(shots, 'counter-print-apology.png'), fullPage: true });
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('refuses a bad number at entry and a stale move with the catalogue’s words; an unknown scanned code can be received', async () => {
    const hub = b.track(await startHub());
    const counterName = 'Quầy Một cửa';
    await addCounter(hub.dataDir, counterName);
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'HT-KHAI-SINH', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: 0 });
    await createStaff(hub.url, admin, 'an', 'Nguyễn Văn An');
    const { page } = await b.page({ width: 1366, height: 900 });
    await signInAtCounter(page, hub.url, counterName, 'an');

    // no code: the hub makes one; a number that is not a mobile is refused before sending
    const form = page.getByTestId('receive-form');
    await page.getByTestId('procedure-input').fill('khai sinh');
    // the catalogue loads after sign-in: Enter before the option is listed would pick nothing (a race on a busy machine)
    await page.getByRole('option', { name: /Đăng ký khai sinh/ }).waitFor();
    await page.keyboard.press('Enter');
    await form.locator('.picker-chosen').waitFor();
    await form.getByLabel('Họ tên người nộp').fill('Đỗ Thị Mai');
    await form.getByLabel('Số điện thoại di động').fill('0112 345 678');
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await form.locator('[data-testid="phone-message"][data-reason="phone-invalid"]').waitFor();
    expect(queryDb(hub.dataDir, 'SELECT id FROM files')).toHaveLength(0);
    await form.getByLabel('Số điện thoại di động').fill('+84 912 000 111');
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const panel = page.getByTestId('file-panel');
    await panel.waitFor();
    const code = (await panel.getAttribute('data-code'))!;
    expect(code).toMatch(/^\d{8}-\d{4}$/);

    // marked ready; then someone else hands it over (another tab, the province's software): this panel's
    // "Trả kết quả" is now stale, and the hub's refusal shows in Vietnamese, from the catalogue, by its reason code
    await panel.getByTestId('action-ready').click();
    await page.locator('[data-testid="file-panel"][data-status="ready"]').waitFor();
    const elsewhere = await page.evaluate(async (c) => {
      const r = await fetch(`/api/staff/files/${c}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'returned' }) });
      return ((await r.json()) as { ok: boolean }).ok;
    }, code);
    expect(elsewhere).toBe(true);
    await panel.getByTestId('action-returned').click();
    await panel.locator('.error[data-reason="transition-not-allowed"]').getByText('Không thể chuyển hồ sơ sang trạng thái này.').waitFor();
    await page.getByLabel('Quét mã').fill('KHONG-CO');
    await page.getByLabel('Quét mã').press('Enter');
    await page.getByTestId('unknown-code').getByText('Chưa có hồ sơ mã “KHONG-CO”.').waitFor();
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ mới với mã này' }).click();
    await expect.poll(() => page.getByTestId('receive-code').inputValue()).toBe('KHONG-CO');
    // and the cursor waits in the procedure field
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('procedure-input');

    // a citizen without a mobile: the choice replaces the number; the file is received and says it gets no SMS
    await page.getByTestId('procedure-input').fill('khai sinh');
    await page.getByRole('option', { name: /Đăng ký khai sinh/ }).waitFor();
    await page.keyboard.press('Enter');
    await form.locator('.picker-chosen').waitFor();
    await form.getByLabel('Họ tên người nộp').fill('Lò Văn Páo');
    await form.getByTestId('no-phone').getByText('Người nộp không có số di động (không gửi tin nhắn)').click();
    expect(await form.getByLabel('Số điện thoại di động').count()).toBe(0);
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.locator('[data-testid="file-panel"][data-code="KHONG-CO"]').getByText('Không có (không gửi tin nhắn)').waitFor();
    expect(queryDb<{ phone: string }>(hub.dataDir, "SELECT phone FROM files WHERE code = 'KHONG-CO'")).toEqual([{ phone: '' }]);
  });
});
