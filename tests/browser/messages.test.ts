import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { docsShot } from '../kit/docs.ts';
import { ADMIN_PASSWORD, addCounter, adminCookie, startHub } from '../helpers/procs.ts';
import { adminSignIn, createStaff, hubCall, queryDb, signInAtCounter } from './browser.ts';

/** Issue 14 §2 in Chromium: the worst-case preview, the reason counter, and "Hoàn tác". */
const b = useBrowser();

const LONG = { code: 'HT-BS', name: 'Cấp bản sao trích lục hộ tịch, bản sao giấy khai sinh và xác nhận thông tin hộ tịch có yếu tố nước ngoài', field: 'Hộ tịch', processingDays: 3, fee: 0 };
const SHORT = { code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 };

async function counterWithFile(code: string) {
  const hub = b.track(await startHub({ env: { SMS_QUIET_HOURS: '', SMS_CONTACT_PHONE: '0276 3822 123' } }));
  const counterName = 'Quầy 1';
  await addCounter(hub.dataDir, counterName, { buttons: 4, minIntervalS: 0 });
  const admin = await adminCookie(hub.url);
  await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', SHORT);
  await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', LONG);
  await createStaff(hub.url, admin, 'lan', 'Nguyễn Thị Lan');
  const { page } = await b.page({ width: 1366, height: 768 });
  await signInAtCounter(page, hub.url, counterName, 'lan');
  // the file is received as the counter page does it (its own session), then opened from today's list
  const received = await page.evaluate(async (c) => {
    const r = await fetch('/api/staff/files', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c, procedureCode: 'HT-BS', citizenName: 'Hà Văn Sơn', phone: '0971112233' }) });
    return r.status;
  }, code);
  expect(received).toBe(201);
  await page.reload();
  await page.locator(`[data-testid="file-row"][data-code="${code}"] .code-link`).click();
  const panel = page.locator(`[data-testid="file-panel"][data-code="${code}"]`);
  await panel.waitFor();
  return { hub, page, panel };
}

describe('messages that fit and cannot be sent by mistake', () => {
  it('"Đã có kết quả" holds the SMS; "Hoàn tác" puts the file back, the message is cancelled and both steps are in the history', async () => {
    const { hub, page, panel } = await counterWithFile('HS-UNDO-1');
    await panel.getByTestId('action-ready').click();
    const bar = panel.getByTestId('undo-bar');
    await bar.waitFor();
    expect(await bar.getAttribute('data-step')).toBe('ready');
    expect(await bar.innerText()).toMatch(/Tin nhắn được giữ lại, \d+ giây nữa mới gửi/);
    const [held] = queryDb<{ status: string; attempts: number }>(hub.dataDir, "SELECT status, attempts FROM sms_messages WHERE kind = 'ready'");
    expect(held).toEqual({ status: 'queued', attempts: 0 });
    await docsShot(page, 'counter-undo');
    await bar.getByRole('button', { name: 'Hoàn tác' }).click();
    await panel.getByTestId('undone-notice').waitFor();
    await page.locator('[data-testid="file-panel"][data-status="received"]').waitFor();
    expect(queryDb<{ status: string; last_error_code: string }>(hub.dataDir, "SELECT status, last_error_code FROM sms_messages WHERE kind = 'ready'")).toEqual([{ status: 'cancelled', last_error_code: 'undone' }]);
    expect(queryDb<{ kind: string }>(hub.dataDir, 'SELECT kind FROM file_events ORDER BY id').map((e) => e.kind)).toEqual(['received', 'ready', 'undone']);
    await panel.locator('li[data-kind="undone"]').getByText('Hoàn tác').waitFor();
    // the next sensible step is offered again
    await panel.getByTestId('action-ready').waitFor();
  });

  it('the apology reason counts what is left of one SMS as the clerk types, and says it will be shortened past it', async () => {
    const { page, panel } = await counterWithFile('HS-ROOM-1');
    await panel.getByTestId('action-late').click();
    const form = panel.getByTestId('reason-form-late');
    const counter = form.getByTestId('sms-room');
    await counter.waitFor();
    const empty = Number(await counter.getAttribute('data-left'));
    expect(empty).toBeGreaterThan(30);
    await form.getByLabel('Lý do chậm trả').fill('cần xác minh');
    await expect.poll(async () => Number(await counter.getAttribute('data-left'))).toBe(empty - 'can xac minh'.length);
    expect(await counter.innerText()).toBe(`Còn ${empty - 12} ký tự để vừa 1 tin nhắn.`);
    await form.getByLabel('Lý do chậm trả').fill('x'.repeat(empty + 5));
    await expect.poll(() => counter.innerText()).toContain('Dài hơn 1 tin nhắn 5 ký tự');
    await docsShot(page, 'counter-reason-room');
  });

  it('the template editor shows the worst case with the commune’s phone and the longest procedure, live', async () => {
    const hub = b.track(await startHub({ env: { SMS_CONTACT_PHONE: '0276 3822 123' } }));
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', SHORT);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', LONG);
    const { page } = await b.page({ width: 1366, height: 768 });
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/sms/templates');
    const ready = page.locator('[data-testid="template-editor"][data-kind="ready"]');
    const worst = ready.getByTestId('sms-worst');
    await worst.waitFor();
    expect(await worst.getAttribute('data-segments')).toBe('1');
    expect(await worst.innerText()).toContain('Thủ tục dài nhất: Cấp bản sao trích lục hộ tịch');
    const text = await worst.getByTestId('sms-worst-text').innerText();
    expect(text).toContain('(Cap ban sao trich luc ho tich)');
    expect(text).toContain('DT 0276 3822 123');
    const left = Number(await worst.getAttribute('data-remaining'));
    expect(await worst.getByTestId('sms-worst-figures').innerText()).toBe(`1 tin · còn ${left} ký tự`);
    // typing more into the template: the worst case follows, and past one part says what it shortens
    await ready.getByTestId('template-body').fill(`${'Thông báo dài '.repeat(8)}{communeName}: hồ sơ {fileCode} ({procedure}) đã có kết quả. ĐT {contactPhone}`);
    await expect.poll(() => worst.innerText()).toContain('Để vừa 1 tin, sẽ rút gọn: tên thủ tục');
    expect(await worst.getAttribute('data-segments')).toBe('1');
    await docsShot(page, 'admin-sms-worst-case');
  });
});
