import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { addCounter, adminCookie, pairCode, startHub } from '../helpers/procs.ts';
import { createStaff, hubCall, kioskStatus, pairKioskWithKeypad, readRatings, screenshotDir, STAFF_PASSWORD } from './browser.ts';


const b = useBrowser();

/** A staff session at a counter, through the API, and a file received there. */
async function receiveFile(url: string, counterId: string, body: Record<string, unknown>): Promise<{ code: string; dueDate: string }> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'binh', password: STAFF_PASSWORD, counterId }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return hubCall(url, cookie, 'POST', '/api/staff/files', body);
}

describe('kiosk self-service', () => {
  it('looks a file up by its code on the keypad or by scanning the receipt, showing status and appointment and nothing personal; the rating screen stays the default', async () => {
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy Tư pháp – Hộ tịch', { buttons: 4 });
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'HT-TTHN', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3, fee: null });
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'CT-BAN-SAO', name: 'Chứng thực bản sao từ bản chính', field: 'Chứng thực', processingDays: 0, fee: 2000 });
    await createStaff(hub.url, admin, 'binh', 'Trần Thị Bình');
    const file = await receiveFile(hub.url, counterId, { code: '20261123-0007', procedureCode: 'HT-TTHN', citizenName: 'Hà Văn Sơn', phone: '0971112233' });
    await hubCall(hub.url, admin, 'POST', '/api/admin/contacts', { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND xã', phone: '0912 345 678' });
    await hubCall(hub.url, admin, 'POST', '/api/admin/contacts', { name: 'Văn phòng UBND xã', title: 'Đường dây nóng', phone: '0203 3825 123' });

    const { page, log } = await b.page();
    await pairKioskWithKeypad(page, hub.url, await pairCode(hub.dataDir, counterId));
    await kioskStatus(page, { online: true });
    const shots = screenshotDir();

    // the keypad: digits and a dash
    await page.getByTestId('info-lookup').click();
    const lookup = page.getByTestId('lookup-screen');
    await lookup.waitFor();
    const keypad = lookup.locator('.code-keypad');
    for (const k of file.code) await keypad.getByRole('button', { name: k, exact: true }).click();
    expect(await lookup.getByTestId('lookup-code').innerText()).toBe(file.code);
    await lookup.getByTestId('lookup-go').click();
    const result = lookup.getByTestId('lookup-result');
    await result.waitFor();
    expect(await result.getByTestId('lookup-status').innerText()).toBe('Đang giải quyết');
    expect(await result.getByTestId('lookup-due').innerText()).toBe(`Hẹn trả kết quả: ngày ${file.dueDate.split('-').reverse().join('/')}`);
    expect(await result.innerText()).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    const text = await page.locator('body').innerText();
    for (const personal of ['Hà Văn Sơn', '0971', '112233', '233']) expect(text).not.toContain(personal);
    await page.screenshot({ path: path.join(shots, 'kiosk-lookup.png') });

    // back to the rating buttons, which never went away
    await lookup.getByTestId('info-back').click();
    await lookup.waitFor({ state: 'detached' });
    await page.getByTestId('rate-screen').waitFor();

    // a scanner reading the receipt's QR types the code and Enter: the lookup opens with the answer
    await page.keyboard.type(file.code.toLowerCase(), { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByTestId('lookup-result').waitFor();
    expect(await page.getByTestId('lookup-status').innerText()).toBe('Đang giải quyết');
    await page.keyboard.type('KHONG-CO-MA', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByTestId('lookup-not-found').waitFor();
    await page.getByTestId('info-back').click();

    // procedures with their time and fee, by field
    await page.getByTestId('info-procedures').click();
    await page.getByTestId('procedures-screen').waitFor();
    const rows = page.getByTestId('kiosk-procedure');
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Chứng thực bản sao từ bản chính\s+Trong ngày\s+2\.000 đồng/), expect.stringMatching(/tình trạng hôn nhân\s+3 ngày làm việc\s+Theo quy định/)]));
    await page.screenshot({ path: path.join(shots, 'kiosk-procedures.png') });
    await page.getByTestId('info-back').click();

    // the leaders' public numbers, as the admin published them, in order
    await page.getByTestId('info-contacts').click();
    const contacts = page.getByTestId('kiosk-contact');
    await contacts.first().waitFor();
    expect(await contacts.allInnerTexts()).toEqual([expect.stringContaining('0912 345 678'), expect.stringContaining('0203 3825 123')]);
    await page.screenshot({ path: path.join(shots, 'kiosk-contacts.png') });
    await page.getByTestId('info-back').click();

    // rating still works as before, and no rating was made by all this
    expect(readRatings(hub.dataDir)).toHaveLength(0);
    await page.locator('[data-testid="score-button"][data-score="4"]').click();
    await page.getByTestId('thanks').waitFor();
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
