import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { localDay } from '@onestop/shared';
import { ADMIN_PAGES } from '../../kiosk-ui/src/admin/nav.ts';
import { useBrowser } from '../kit/browser.ts';
import { docsShot } from '../kit/docs.ts';
import { assertReadableVietnamese } from '../kit/readable.ts';
import { ADMIN_PASSWORD, addCounter, adminCookie, pairCode, startHub, type RunningHub } from '../helpers/procs.ts';
import { adminSignIn, createStaff, hubCall, pairKioskWithKeypad, signInAtCounter } from './browser.ts';

const b = useBrowser();

const COUNTER = 'Quầy Tư pháp – Hộ tịch';
const FILE = 'HS-2026-000123';

/**
 * What a first week leaves in the hub, so that an id or an instant that leaks shows on some page: a counter with a
 * paired tablet and a pairing code, a staff account, a procedure, an API token, a file received from the province's
 * software and made ready at the counter (its history, its SMS, its audit entries), a test SMS, a public phone
 * number, a day off and a changed setting.
 */
async function firstWeek(hub: RunningHub): Promise<void> {
  const counterId = await addCounter(hub.dataDir, COUNTER);
  const admin = await adminCookie(hub.url);
  await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
  await createStaff(hub.url, admin, 'binh', 'Trần Thị Bình');
  await hubCall(hub.url, admin, 'PUT', '/api/admin/settings', { values: { 'commune.name': 'Xã Ví Dụ', 'commune.code': '26734', 'commune.phone': '0236 3822 123', 'sms.undoSeconds': 30 } });
  await hubCall(hub.url, admin, 'POST', '/api/admin/contacts', { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND xã', phone: '0912 345 678' });
  await hubCall(hub.url, admin, 'POST', '/api/admin/holidays', { date: '2026-12-31', name: 'Nghỉ bù' });
  await hubCall(hub.url, admin, 'POST', '/api/admin/sms/test', { to: '0912 345 678' });
  const { token } = await hubCall<{ token: string }>(hub.url, admin, 'POST', '/api/admin/tokens', { name: 'Phần mềm một cửa tỉnh' });
  const res = await fetch(`${hub.url}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ code: FILE, procedureCode: 'HT-KS', citizenName: 'Hà Văn Sơn', phone: '0971 112 233' }) });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  // a tablet paired as a person pairs it, on its portrait screen, in readable Vietnamese before and after
  const kiosk = (await b.page({ width: 1080, height: 1920 })).page;
  await kiosk.goto(`${hub.url}/kiosk`);
  await kiosk.getByTestId('pair-screen').waitFor();
  await assertReadableVietnamese(kiosk, { where: 'kiosk pairing screen' });
  await pairKioskWithKeypad(kiosk, hub.url, await pairCode(hub.dataDir, counterId));
  await assertReadableVietnamese(kiosk, { where: 'kiosk rating screen' });
  // and a pairing code left open
  await hubCall(hub.url, admin, 'POST', `/api/admin/counters/${counterId}/pair-code`);
}

/** The file's row on the counter page, opened; "Đã có kết quả" clicked, so its history and its held SMS show. */
async function fileMadeReady(page: Page, hubUrl: string): Promise<void> {
  await signInAtCounter(page, hubUrl, COUNTER, 'binh');
  await page.locator(`[data-testid="file-row"][data-code="${FILE}"] .code-link`).click();
  const panel = page.locator(`[data-testid="file-panel"][data-code="${FILE}"]`);
  await panel.getByTestId('action-ready').click();
  await panel.getByTestId('undo-bar').waitFor();
}

/** Each admin page (the menu's list, tabs included) in turn, with what `check` finds on it. */
async function everyAdminPage(page: Page, hubUrl: string, check: (section: string) => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  for (const section of ADMIN_PAGES) {
    await page.goto(`${hubUrl}${section}`);
    await page.waitForLoadState('networkidle');
    await page.locator('.adm-top').waitFor();
    await page.locator('.adm-loading').waitFor({ state: 'detached' });
    try {
      await check(section);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

describe('the staff pages read as Vietnamese', () => {
  it('shows no raw id, epoch number or English word on the kiosk, the counter page, the start page, the display and every /admin section at 1366×768; in English, no raw id or epoch', async () => {
    const hub = b.track(await startHub({ env: { SMS_QUIET_HOURS: '' } }));
    await firstWeek(hub);

    const { page } = await b.page({ width: 1366, height: 768 });
    await fileMadeReady(page, hub.url);
    await assertReadableVietnamese(page, { where: 'counter page, a file made ready' });
    // the counter page in English too, then back to Vietnamese (the choice is kept for the next pages)
    await page.locator('.lang-switch').click();
    await page.locator('html[lang="en"]').waitFor();
    await assertReadableVietnamese(page, { where: 'counter page in English', english: true });
    await page.locator('.lang-switch').click();
    await page.locator('html[lang="vi"]').waitFor();

    await adminSignIn(page, hub.url, ADMIN_PASSWORD);
    // the sections are the menu's: one added to kiosk-ui/src/admin/nav.ts is checked here without a change
    expect(ADMIN_PAGES).toEqual(expect.arrayContaining(['/admin', '/admin/accounts', '/admin/audit', '/admin/sms/templates', '/admin/upstream']));
    const vi = await everyAdminPage(page, hub.url, async (section) => {
      if (section === '/admin/stats') {
        // statistics open on today
        expect(await page.getByTestId('stats-range').getByLabel('Kỳ thống kê').inputValue()).toBe('day');
        await page.locator(`[data-testid="stats-period"][data-from="${localDay(Date.now())}"][data-to="${localDay(Date.now())}"]`).waitFor();
      }
      if (section === '/admin/audit') {
        await page.getByTestId('audit-row').first().waitFor();
        expect(await page.locator('[data-testid="audit-row"][data-action="pair-code"]').first().innerText()).toContain(COUNTER);
        await docsShot(page, 'admin-audit');
      }
      // "binh" is a username, data shown as typed (marked translate="no" where it is a column, not in every sentence)
      await assertReadableVietnamese(page, { where: section, allow: ['binh'] });
    });
    expect(vi).toEqual([]);

    // the same pages in English (the language switch in the menu bar): names and dates, never ids or epochs
    await page.locator('.lang-switch').click();
    await page.locator('html[lang="en"]').waitFor();
    const en = await everyAdminPage(page, hub.url, (section) => assertReadableVietnamese(page, { where: `${section} in English`, english: true }));
    expect(en).toEqual([]);

    // the staff's start page
    await page.locator('.lang-switch').click();
    await page.locator('html[lang="vi"]').waitFor();
    await page.goto(`${hub.url}/`);
    await page.locator('.lang-switch').waitFor();
    await assertReadableVietnamese(page, { where: 'start page' });

    // the waiting-room display, public
    const display = (await b.page({ width: 1920, height: 1080 })).page;
    await display.goto(`${hub.url}/display`);
    await display.getByTestId('display').waitFor();
    await assertReadableVietnamese(display, { where: 'display' });
  });
});
