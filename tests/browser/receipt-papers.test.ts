import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsShot } from '../kit/docs.ts';
import { useBrowser } from '../kit/browser.ts';
import { ADMIN_PASSWORD, addCounter, adminCookie, startHub } from '../helpers/procs.ts';
import { adminSignIn, createStaff, hubCall, queryDb, screenshotDir, signInAtCounter } from './browser.ts';

const b = useBrowser();

describe('the receipt follows Mẫu số 01 (issue 14 §3)', () => {
  it('the clerk ticks the papers received from the procedure’s list, with their number, the address and the hour of return; the receipt prints them', async () => {
    const hub = b.track(await startHub());
    const counterName = 'Quầy Tư pháp – Hộ tịch';
    await addCounter(hub.dataDir, counterName, { buttons: 4 });
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', {
      code: 'HT-TTHN',
      name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      field: 'Hộ tịch',
      processingDays: 3,
      fee: null,
      documents: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', 'Bản sao Căn cước công dân', 'Giấy tờ chứng minh việc ly hôn (nếu có)'],
    });
    await createStaff(hub.url, admin, 'binh', 'Trần Thị Bình');

    const { page, log } = await b.page({ width: 1366, height: 768 });
    await signInAtCounter(page, hub.url, counterName, 'binh');
    const form = page.getByTestId('receive-form');
    await form.getByTestId('receive-code').fill('HS-2026-000777');
    await page.getByRole('combobox').fill('tinh trang hon');
    await page.getByRole('option', { name: /tình trạng hôn nhân/ }).click();
    await form.getByLabel('Họ tên người nộp').fill('Hà Văn Sơn');
    await form.getByLabel('Số điện thoại di động').fill('0971 112 233');
    await form.getByLabel('Địa chỉ').fill('Thôn Đông, xã Tân Lập');
    const papers = form.getByTestId('received-papers');
    await papers.waitFor();
    // all ticked at first; the third is not handed in, the ID copy comes twice
    await papers.getByRole('checkbox', { name: 'Giấy tờ chứng minh việc ly hôn (nếu có)' }).uncheck();
    await papers.getByLabel('Số lượng: Bản sao Căn cước công dân').fill('2');
    await form.getByLabel('Giờ hẹn trả').fill('14:00');
    await page.screenshot({ path: path.join(screenshotDir(), 'counter-receive-papers.png') });
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.locator('[data-testid="file-panel"][data-code="HS-2026-000777"]').waitFor();

    const [row] = queryDb<{ citizen_address: string; documents_received: string; due_time: string; due_date: string }>(hub.dataDir, 'SELECT citizen_address, documents_received, due_time, due_date FROM files WHERE code = ?', 'HS-2026-000777');
    expect(row!.citizen_address).toBe('Thôn Đông, xã Tân Lập');
    expect(JSON.parse(row!.documents_received)).toEqual([
      { name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copies: 1 },
      { name: 'Bản sao Căn cước công dân', copies: 2 },
    ]);
    expect(row!.due_time).toBe('14:00');

    await page.goto(`${hub.url}/counter/print/receipt/HS-2026-000777`);
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    expect(await receipt.getByTestId('receipt-address').innerText()).toBe('Thôn Đông, xã Tân Lập');
    expect(await receipt.getByTestId('receipt-papers').locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^1\s+Tờ khai cấp Giấy xác nhận tình trạng hôn nhân\s+1$/),
      expect.stringMatching(/^2\s+Bản sao Căn cước công dân\s+2$/),
    ]);
    expect(await receipt.getByTestId('receipt-papers-total').innerText()).toBe('Tổng cộng: 3 giấy tờ');
    expect(await receipt.getByTestId('receipt-due').innerText()).toBe(`Vào lúc 14 giờ 00 phút, ngày ${row!.due_date.split('-').reverse().join('/')}`);
    await page.screenshot({ path: path.join(screenshotDir(), 'counter-print-receipt-papers.png'), fullPage: true });
    await docsShot(page, 'counter-print-receipt-papers');
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('the admin sets the commune’s time of return on /admin/settings; the reception form proposes it, and the receipt prints it', async () => {
    const hub = b.track(await startHub());
    const counterName = 'Quầy Một cửa';
    await addCounter(hub.dataDir, counterName, { buttons: 4 });
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'CT-BS', name: 'Chứng thực bản sao từ bản chính', field: 'Chứng thực', processingDays: 1, fee: 2000 });
    await createStaff(hub.url, admin, 'lan', 'Nguyễn Thị Lan');

    const { page, log } = await b.page({ width: 1366, height: 768 });
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/settings');
    const field = page.locator('[data-testid="setting"][data-key="commune.returnTime"]');
    expect(await field.locator('input').getAttribute('type')).toBe('time');
    expect(await field.locator('input').inputValue()).toBe('08:00');
    // a time the shared schema refuses is not saved: the browser's time field cannot even hold one, so ask the hub
    expect((await fetch(`${hub.url}/api/admin/settings`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ values: { 'commune.returnTime': '7h30' } }) })).status).toBe(400);
    await field.locator('input').fill('07:30');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor();
    expect(queryDb<{ value: string }>(hub.dataDir, "SELECT value FROM settings WHERE key = 'admin.commune.returnTime'")[0]!.value).toBe('"07:30"');

    await page.context().clearCookies();
    await signInAtCounter(page, hub.url, counterName, 'lan');
    const form = page.getByTestId('receive-form');
    await form.getByTestId('receive-code').fill('HS-2026-000888');
    await page.getByRole('combobox').fill('chung thuc ban sao');
    await page.getByRole('option', { name: /Chứng thực bản sao/ }).click();
    // proposed with the day, untouched by the clerk
    await expect.poll(() => form.getByLabel('Giờ hẹn trả').inputValue()).toBe('07:30');
    await form.getByLabel('Họ tên người nộp').fill('Phạm Văn Tâm');
    await form.getByLabel('Số điện thoại di động').fill('0983 445 566');
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.locator('[data-testid="file-panel"][data-code="HS-2026-000888"]').waitFor();
    const [row] = queryDb<{ due_time: string; due_date: string }>(hub.dataDir, 'SELECT due_time, due_date FROM files WHERE code = ?', 'HS-2026-000888');
    expect(row!.due_time).toBe('07:30');

    await page.goto(`${hub.url}/counter/print/receipt/HS-2026-000888`);
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    // Mẫu số 01 of Thông tư 03/2025/TT-VPCP, issued by the commune's public administration service centre (docs/files.md)
    expect(await receipt.locator('h1').innerText()).toBe('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(await receipt.locator('.doc-office').innerText()).toContain('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG');
    const day = row!.due_date.split('-').reverse().join('/');
    expect(await receipt.getByTestId('receipt-due').innerText()).toBe(`Vào lúc 07 giờ 30 phút, ngày ${day}`);
    await page.screenshot({ path: path.join(screenshotDir(), 'counter-print-receipt-time.png'), fullPage: true });
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
