import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, addCounter, startHub, waitFor } from '../helpers/procs.ts';
import { adminSignIn, queryDb, screenshotDir } from './browser.ts';

let server: http.Server | null = null;

const b = useBrowser();

async function login(url: string, body: Record<string, unknown>): Promise<{ ok: boolean; reason?: string }> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { ok: boolean; reason?: string };
}

const nav = (page: Page, name: string) => page.locator('.adm-nav').getByRole('link', { name, exact: true }).click();

describe('administration', () => {
  it('creates a staff account (password shown once) who can then sign in at a counter; disables it; makes and revokes an API token', async () => {
    const hub = b.track(await startHub());
    const counterId = await addCounter(hub.dataDir, 'Quầy 1');
    const { page, log } = await b.page();
    page.on('dialog', (d) => void d.accept());
    await adminSignIn(page, hub.url, ADMIN_PASSWORD);
    await nav(page, 'Tài khoản');

    const form = page.getByTestId('create-user');
    await form.getByLabel('Tên đăng nhập').fill('mai');
    await form.getByLabel('Họ và tên').fill('Đỗ Thị Mai');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const generated = form.getByTestId('generated-password');
    await generated.waitFor();
    const password = (await generated.innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(10);
    const row = page.locator('[data-testid="user-row"][data-username="mai"]');
    await row.getByText('Cán bộ một cửa').waitFor();
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-accounts.png'), fullPage: true });
    expect(await login(hub.url, { username: 'mai', password, counterId })).toMatchObject({ ok: true });
    // the counters page knows who is on duty where
    await nav(page, 'Quầy và thiết bị');
    await page.getByTestId('on-duty').getByText('Đang trực: Đỗ Thị Mai').waitFor();
    await nav(page, 'Tài khoản');

    await row.getByRole('button', { name: 'Khóa', exact: true }).click();
    await row.getByText('Đã khóa').waitFor();
    expect(await login(hub.url, { username: 'mai', password, counterId })).toMatchObject({ ok: false, reason: 'account-disabled' });
    await row.getByRole('button', { name: 'Mở khóa' }).click();
    await row.getByText('Đang dùng').waitFor();

    // the API token is shown once; revoked, it stops working
    const tokens = page.getByTestId('tokens');
    await tokens.getByLabel('Tên gợi nhớ').fill('Phần mềm một cửa tỉnh');
    await tokens.getByRole('button', { name: 'Tạo mã' }).click();
    const token = (await tokens.getByTestId('new-token').innerText()).trim();
    const v1 = () => fetch(`${hub!.url}/api/v1/procedures`, { headers: { authorization: `Bearer ${token}` } });
    expect((await v1()).status).toBe(200);
    await tokens.getByTestId('token-row').getByRole('button', { name: 'Thu hồi' }).click();
    await tokens.getByTestId('token-row').getByText('Đã thu hồi').waitFor();
    expect((await v1()).status).toBe(401);
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('adds a procedure, imports a CSV (a bad row is named and nothing is imported), declares a day off and publishes a phone number', async () => {
    const hub = b.track(await startHub());
    const { page } = await b.page();
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/procedures');

    const form = page.getByTestId('procedure-form');
    await form.getByLabel('Mã thủ tục').fill('HT-KHAI-SINH');
    await form.getByLabel('Tên thủ tục').fill('Đăng ký khai sinh');
    await form.getByLabel('Lĩnh vực').fill('Hộ tịch');
    await form.getByLabel('Thời hạn giải quyết (ngày làm việc)').fill('0');
    await form.getByLabel('Phí, lệ phí (đồng)').fill('0');
    await form.getByRole('button', { name: 'Thêm thủ tục' }).click();
    const added = page.locator('[data-testid="procedure-row"][data-code="HT-KHAI-SINH"]');
    await added.getByText('Trong ngày').waitFor();
    await added.getByText('Miễn phí').waitFor();

    const csv = page.getByTestId('csv-import');
    const good = 'code,name,field,processingDays,fee\nCT-BAN-SAO,Chứng thực bản sao từ bản chính,Chứng thực,0,2.000\n';
    await csv.getByLabel('hoặc dán nội dung CSV').fill(good + 'CU-THUONG-TRU,Đăng ký thường trú,Cư trú,bảy,20000\n');
    await csv.getByRole('button', { name: 'Nhập', exact: true }).click();
    await csv.getByTestId('csv-errors').getByText(/^Dòng 3: /).waitFor();
    await csv.getByText('Tệp CSV có dòng không hợp lệ; chưa nhập gì.').waitFor();
    expect(queryDb(hub.dataDir, "SELECT code FROM procedures WHERE code = 'CT-BAN-SAO'")).toHaveLength(0);
    await page.screenshot({ path: path.join(screenshotDir(), 'admin-procedures-csv-error.png'), fullPage: true });
    await csv.getByLabel('hoặc dán nội dung CSV').fill(good + 'CU-THUONG-TRU,Đăng ký thường trú,Cư trú,7,20000\n');
    await csv.getByRole('button', { name: 'Nhập', exact: true }).click();
    await csv.getByText('Đã nhập: 2 thủ tục mới, 0 thủ tục cập nhật.').waitFor();
    await page.locator('[data-testid="procedure-row"][data-code="CU-THUONG-TRU"]').getByText('7 ngày làm việc').waitFor();
    await page.locator('[data-testid="procedure-row"][data-code="CT-BAN-SAO"]').getByText('2.000 đồng').waitFor();

    await nav(page, 'Ngày nghỉ');
    const day = page.getByTestId('holiday-form');
    await day.getByLabel('Ngày', { exact: true }).fill('02/09/2026');
    await day.getByLabel('Tên', { exact: true }).fill('Quốc khánh');
    await day.getByRole('button', { name: 'Lưu ngày' }).click();
    await page.locator('[data-testid="holiday-row"][data-date="2026-09-02"]').getByText('Quốc khánh').waitFor();
    expect(await page.locator('[data-testid="holiday-row"][data-date="2026-09-02"]').innerText()).toContain('02/09/2026');

    await nav(page, 'Công khai');
    const contact = page.getByTestId('contact-form');
    await contact.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await contact.getByLabel('Chức vụ').fill('Chủ tịch UBND xã');
    await contact.getByLabel('Số điện thoại').fill('0912 345 678');
    await contact.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByTestId('contact-row').getByText('Chủ tịch UBND xã').waitFor();
    const info = (await (await fetch(`${hub.url}/api/public/info`)).json()) as { data: { contacts: { phone: string }[] } };
    expect(info.data.contacts.map((c) => c.phone)).toEqual(['0912 345 678']);
  });

  it('edits an SMS template with a live preview of encoding and parts; sends a test SMS; lists messages masked and resends a failed one', async () => {
    // a stand-in for Kannel's smsbox that refuses the account: every message fails for good
    let requests = 0;
    server = http.createServer((_req, res) => {
      requests++;
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Authorization failed for sendsms');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    b.defer(() => new Promise<void>((r) => server!.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const hub = b.track(await startHub({
      env: { SMS_QUIET_HOURS: '', SMS_GATEWAY: 'kannel', KANNEL_SENDSMS_URL: `http://127.0.0.1:${port}/cgi-bin/sendsms`, KANNEL_USERNAME: 'hub', KANNEL_PASSWORD: 'wrong', KANNEL_FROM: 'UBND-XA' },
    }));
    const { page, log } = await b.page({ width: 1280, height: 1000 });
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/sms/templates');
    const shots = screenshotDir();

    const ready = page.locator('[data-testid="template-editor"][data-kind="ready"]');
    const meter = ready.getByTestId('sms-meter');
    await meter.waitFor();
    expect(await meter.getAttribute('data-encoding')).toBe('gsm7');
    expect(await ready.getByTestId('sms-encoding').innerText()).toBe('GSM-7');
    expect(await ready.getByTestId('sms-segments').innerText()).toBe('1 tin');
    // the text as sent: no diacritics
    expect(await ready.getByTestId('sms-preview').innerText()).toContain('da co ket qua');

    // keeping the accents makes it UCS-2 (70 a part), at once, while nothing is saved yet; it is still sent as one
    // part, shortened by the rule (issue 14 §2), and the worst case says what gives way
    await ready.getByLabel('Giữ dấu tiếng Việt').check();
    await page.locator('[data-testid="template-editor"][data-kind="ready"] [data-testid="sms-meter"][data-encoding="ucs2"]').waitFor();
    expect(await ready.getByTestId('sms-segments').innerText()).toBe('1 tin');
    expect(await ready.getByTestId('sms-preview').innerText()).toContain('hồ sơ HS-2026-000123');
    await ready.getByTestId('sms-worst').getByText(/Để vừa 1 tin, sẽ rút gọn/).waitFor();
    await ready.getByLabel('Giữ dấu tiếng Việt').uncheck();

    // typing: a text longer than one part is shortened to one, and the worst case says so; a mistyped placeholder is
    // named and cannot be saved
    const body = ready.getByTestId('template-body');
    await body.fill('{communeName}: ho so {fileCode} ({procedure}) da co ket qua. Moi ong/ba mang giay hen va CCCD den bo phan mot cua nhan ket qua trong gio hanh chinh. ');
    await body.pressSequentially('Hotline {contactPhone}', { delay: 5 });
    await ready.getByTestId('sms-worst').getByText(/Để vừa 1 tin, sẽ rút gọn/).waitFor();
    expect(await ready.getByTestId('sms-meter').getAttribute('data-segments')).toBe('1');
    await page.screenshot({ path: path.join(shots, 'admin-sms-template.png'), fullPage: false });
    await body.fill('{communeName}: ho so {filecode} da co ket qua.');
    await ready.getByText('Chỗ điền không hợp lệ: {filecode}').waitFor();
    expect(await ready.getByRole('button', { name: 'Lưu mẫu' }).isDisabled()).toBe(true);
    await body.fill('{communeName}: hồ sơ {fileCode} đã có kết quả, mời ông/bà đến nhận.');
    await ready.getByRole('button', { name: 'Lưu mẫu' }).click();
    await ready.getByText('Đã lưu.').waitFor();
    expect(queryDb<{ body: string }>(hub.dataDir, "SELECT body FROM sms_templates WHERE kind = 'ready'")[0]!.body).toContain('mời ông/bà đến nhận');

    // a test SMS; the gateway refuses it for good; the list shows it masked, failed with its reason; resend
    await page.locator('.adm-subnav').getByRole('link', { name: 'Gửi thử' }).click();
    const test = page.getByTestId('test-sms');
    await test.getByLabel('Số di động nhận').fill('0212 345 678');
    await test.getByText('Đây không phải số di động Việt Nam', { exact: false }).waitFor();
    await test.getByLabel('Số di động nhận').fill('0912 345 678');
    await test.getByRole('button', { name: 'Gửi thử' }).click();
    await test.getByTestId('test-sms-queued').waitFor();
    await waitFor(() => queryDb(hub!.dataDir, "SELECT id FROM sms_messages WHERE kind = 'test' AND status = 'failed'").length === 1, 'the test SMS to fail at the gateway', 20_000);

    await page.locator('.adm-subnav').getByRole('link', { name: 'Tin nhắn đã gửi' }).click();
    const failed = page.locator('[data-testid="sms-row"][data-kind="test"][data-status="failed"]');
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.getByTestId('sms-to').innerText()).toBe('09xx xxx 678');
    await failed.getByTestId('sms-error').getByText('Kannel từ chối tài khoản gửi', { exact: false }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('0912345678');
    await failed.getByRole('button', { name: 'Gửi lại' }).click();
    await page.getByText('Đã đưa tin nhắn tới 09xx xxx 678 vào hàng gửi lại.').waitFor();
    await waitFor(() => queryDb(hub!.dataDir, "SELECT id FROM sms_messages WHERE kind = 'test' AND resend_of IS NOT NULL").length === 1, 'the resent message');
    await page.locator('[data-testid="sms-row"][data-kind="test"]').nth(1).getByText('Đã gửi lại').waitFor();
    expect(requests).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(shots, 'admin-sms-messages.png'), fullPage: true });
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
