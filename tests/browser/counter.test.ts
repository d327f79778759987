import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { addCounter, adminCookie, pairCode, startHub, waitFor } from '../helpers/procs.ts';
import { createStaff, hubCall, kioskStatus, pairKioskWithKeypad, queryDb, screenshotDir, signInAtCounter } from './browser.ts';


const b = useBrowser();

const PROCEDURE = { code: 'HT-TTHN', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3, fee: 0 };

describe('the counter page', () => {
  it('staff sign in at a counter, receive a file, print its QR receipt, mark it ready (SMS queued) and returned; the kiosk invites a rating that is linked to the file and the staff member', async () => {
    // quiet hours off: the "ready" SMS goes out whatever the time of the test run
    const hub = b.track(await startHub({ env: { SMS_QUIET_HOURS: '' } }));
    const counterName = 'Quầy Tư pháp – Hộ tịch';
    const counterId = await addCounter(hub.dataDir, counterName, { buttons: 4, minIntervalS: 0 });
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', PROCEDURE);
    const staffId = await createStaff(hub.url, admin, 'binh', 'Trần Thị Bình');
    const shots = screenshotDir();

    const { page: kiosk } = await b.page();
    await pairKioskWithKeypad(kiosk, hub.url, await pairCode(hub.dataDir, counterId));
    await kioskStatus(kiosk, { online: true });

    const { page, log } = await b.page({ width: 1366, height: 900 });
    await signInAtCounter(page, hub.url, counterName, 'binh');
    await page.getByTestId('staff-name').getByText('Trần Thị Bình').waitFor();

    // the code field has the focus: a barcode scanner types the code and Enter, which moves on to the procedure
    const code = 'HS-2026-000123';
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('receive-code');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.keyboard.type('tinh trang hon');
    await page.getByRole('option', { name: /tình trạng hôn nhân/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('receive-name');
    await page.keyboard.type('Hà Văn Sơn');
    const form = page.getByTestId('receive-form');
    // a landline is refused at entry, in Vietnamese, before anything is sent
    await form.getByLabel('Số điện thoại di động').fill('0243 825 1234');
    await form.locator('[data-testid="phone-message"][data-reason="phone-not-mobile"]').waitFor();
    expect(await form.getByTestId('phone-message').innerText()).toContain('không nhận được tin nhắn');
    await form.getByLabel('Số điện thoại di động').fill('0971 112 233');
    await form.getByText('Số hợp lệ: 0971 112 233').waitFor();
    // the hub proposes the appointment (3 working days); it is shown dd/mm/yyyy with its weekday
    const due = form.getByLabel('Ngày hẹn trả kết quả');
    await expect.poll(() => due.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await page.screenshot({ path: path.join(shots, 'counter-receive.png') });
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();

    const panel = page.locator(`[data-testid="file-panel"][data-code="${code}"]`);
    await panel.waitFor();
    await panel.getByTestId('received-notice').waitFor();
    // the receipt is the next thing to do: its button has the focus
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('print-receipt');
    const [file] = queryDb<{ id: string; due_date: string; phone: string }>(hub.dataDir, 'SELECT id, due_date, phone FROM files WHERE code = ?', code);
    expect(file).toBeDefined();
    expect(file!.phone).toBe('+84971112233');
    // the form is empty again for the next citizen
    expect(await due.inputValue()).toBe('');
    await page.screenshot({ path: path.join(shots, 'counter-received.png') });

    // one click (or Enter) opens the print view, which brings up the printer dialog by itself; the cursor goes back
    // to the code field for the next citizen
    const [print] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('Enter')]);
    expect(print.url()).toBe(`${hub.url}/counter/print/receipt/${code}?print=1`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('receive-code');
    const receipt = print.getByTestId('receipt');
    await receipt.waitFor();
    const qr = receipt.getByTestId('qr');
    expect(await qr.getAttribute('data-value')).toBe(code);
    const qrPath = await qr.locator('path').getAttribute('d');
    expect(qrPath!.length).toBeGreaterThan(500);
    const box = await qr.boundingBox();
    expect(box!.width).toBeGreaterThan(80);
    expect(await receipt.innerText()).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    // the commune's default time of return (08:00 unless set on /admin/settings) is printed with the day
    expect(await receipt.getByTestId('receipt-due').innerText()).toBe(`Vào lúc 08 giờ 00 phút, ngày ${file!.due_date.split('-').reverse().join('/')}`);
    await print.screenshot({ path: path.join(shots, 'counter-print-receipt.png'), fullPage: true });
    await print.emulateMedia({ media: 'print' });
    await print.screenshot({ path: path.join(shots, 'counter-print-receipt-media-print.png'), fullPage: true });
    await print.close();

    // "ready" by a scan: the file opens with "Đã có kết quả" under the cursor, and Enter does it
    await page.getByLabel('Quét mã').fill(code);
    await page.getByLabel('Quét mã').press('Enter');
    await panel.locator('[data-testid="action-ready"]').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('action-ready');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="file-panel"][data-status="ready"]`).waitFor();
    await panel.getByTestId('done-notice').waitFor();
    // the SMS is in the outbox, written with the change
    // (the optional "received" SMS is off by default: if the hub wrote one, it is not sent)
    const sms = await waitFor(() => {
      const rows = queryDb<{ kind: string; status: string; to_phone: string; body: string }>(hub!.dataDir, "SELECT kind, status, to_phone, body FROM sms_messages WHERE file_id = ? AND kind = 'ready'", file!.id);
      return rows.length ? rows : null;
    }, 'the ready SMS in the outbox');
    expect(sms).toHaveLength(1);
    const others = queryDb<{ kind: string; status: string }>(hub.dataDir, "SELECT kind, status FROM sms_messages WHERE file_id = ? AND kind <> 'ready'", file!.id);
    expect(others.every((m) => m.status === 'cancelled')).toBe(true);
    expect(sms[0]).toMatchObject({ kind: 'ready', to_phone: '+84971112233' });
    expect(sms[0]!.body).toContain(code);
    expect(sms[0]!.body).not.toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
    await panel.locator('[data-testid="file-sms"] li[data-kind="ready"]').waitFor();
    await page.screenshot({ path: path.join(shots, 'counter-ready.png') });

    // a second "ready" makes no sense: the button is gone, and the hub would refuse it anyway
    expect(await panel.locator('[data-testid="action-ready"]').count()).toBe(0);

    // returned with one click
    await panel.getByTestId('action-returned').click();
    await page.locator(`[data-testid="file-panel"][data-status="returned"]`).waitFor();

    // the counter's kiosk invites the citizen to rate; the citizen rates
    await kiosk.locator('[data-testid="rate-screen"][data-inviting="true"]').waitFor({ timeout: 15_000 });
    expect(await kiosk.getByTestId('invite').innerText()).toBe('Mời Ông/Bà đánh giá');
    await kiosk.screenshot({ path: path.join(shots, 'kiosk-invite.png') });
    await kiosk.locator('[data-testid="score-button"][data-score="5"]').click();
    await kiosk.getByTestId('thanks').waitFor();

    const [rating] = await waitFor(() => {
      const rows = queryDb<{ file_id: string | null; staff_id: string | null; score: number }>(hub!.dataDir, 'SELECT file_id, staff_id, score FROM ratings');
      return rows.length ? rows : null;
    }, 'the rating in the hub database', 20_000);
    expect(rating).toEqual({ file_id: file!.id, staff_id: staffId, score: 5 });
    // the invitation ends with the rating
    await kiosk.locator('[data-testid="rate-screen"][data-inviting="false"]').waitFor({ timeout: 15_000 });
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
