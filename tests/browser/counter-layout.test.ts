import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../kit/browser.ts';
import { docsShot } from '../kit/docs.ts';
import { assertReadableVietnamese } from '../kit/readable.ts';
import { addDays, localDay } from '@onestop/shared';
import { addCounter, adminCookie, startHub } from '../helpers/procs.ts';
import { createStaff, hubCall, signInAtCounter } from './browser.ts';

const b = useBrowser();

/** Every action button of every file row: wholly inside the viewport, and the topmost element at its corners. */
async function actionButtonsUncovered(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    for (const row of Array.from(document.querySelectorAll('[data-testid="file-row"]'))) {
      for (const btn of Array.from(row.querySelectorAll('button'))) {
        // scrolled to vertically as a person would; never sideways (a table to scroll sideways hides its buttons)
        const before = btn.getBoundingClientRect();
        window.scrollBy(0, before.top - vh / 2);
        const r = btn.getBoundingClientRect();
        const name = `${row.getAttribute('data-code')} "${btn.textContent}"`;
        if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > vw || r.bottom > vh) {
          bad.push(`${name} outside the viewport (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
          continue;
        }
        // the button's own clipping boxes (a scrolling table) must not cut it either
        for (let el = btn.parentElement; el; el = el.parentElement) {
          const s = getComputedStyle(el);
          if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
          const c = el.getBoundingClientRect();
          if (r.left < c.left - 0.5 || r.right > c.right + 0.5) bad.push(`${name} clipped by ${el.className || el.tagName}`);
          if (el.scrollLeft !== 0) bad.push(`${name} needs ${el.className || el.tagName} scrolled sideways`);
        }
        // the centre and the middle of each edge, just inside (a rounded corner is not the button's for hit tests)
        const [cx, cy, inset] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2, 2];
        const points: [number, number][] = [[cx, cy], [r.left + inset, cy], [r.right - inset, cy], [cx, r.top + inset], [cx, r.bottom - inset]];
        for (const [x, y] of points) {
          const top = document.elementFromPoint(x, y);
          if (!top || !(top === btn || btn.contains(top))) bad.push(`${name} covered at (${Math.round(x)},${Math.round(y)}) by ${top?.className || top?.tagName}`);
        }
      }
    }
    // what to trim when it fails: the list's width against the table's, and each column's
    const table = document.querySelector('.table-scroll');
    if (bad.length && table) bad.push(`at ${vw} px the table needs ${table.scrollWidth} px of ${table.clientWidth}; columns ${Array.from(document.querySelectorAll('.file-table th'), (th) => Math.round(th.getBoundingClientRect().width)).join(', ')}`);
    return bad;
  });
}

describe('the counter page on the common office screens', () => {
  it('shows every file row action button whole and uncovered at 1366×768 and 1280×800, in readable Vietnamese', async () => {
    const hub = b.track(await startHub({ env: { SMS_QUIET_HOURS: '' } }));
    const counterName = 'Quầy Tư pháp – Hộ tịch';
    await addCounter(hub.dataDir, counterName);
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'CT-HOP-DONG', name: 'Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở', field: 'Chứng thực', processingDays: 2, fee: 50000 });
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'HT-TTHN', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3, fee: 0 });
    await createStaff(hub.url, admin, 'an', 'Nguyễn Văn An');
    // files handed in by the province's software, with the longest names an office has
    const { token } = await hubCall<{ token: string }>(hub.url, admin, 'POST', '/api/admin/tokens', { name: 'Phần mềm một cửa tỉnh' });
    for (const [code, procedureCode, citizenName] of [['HS-2026-000101', 'CT-HOP-DONG', 'Tôn Nữ Thị Phương Thảo Nguyên'], ['HS-2026-000102', 'HT-TTHN', 'Hà Văn Sơn']]) {
      const res = await fetch(`${hub.url}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ code, procedureCode, citizenName, phone: '0971 112 233' }) });
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    }

    for (const viewport of [{ width: 1366, height: 768 }, { width: 1280, height: 800 }]) {
      const { page, log } = await b.page(viewport);
      await signInAtCounter(page, hub.url, counterName, 'an');
      const rows = page.getByTestId('file-row');
      await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('[data-testid="file-row"] button').count()).toBeGreaterThanOrEqual(4);
      expect(await actionButtonsUncovered(page)).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      await assertReadableVietnamese(page, { where: `counter page at ${viewport.width}×${viewport.height}` });
      await docsShot(page, `counter-desk-${viewport.width}`);
      expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
    }
  });

  it('receives a file entered late: a past appointment alone says how, then the day of the paper and the reason go into its history', async () => {
    const hub = b.track(await startHub({ env: { SMS_QUIET_HOURS: '' } }));
    const counterName = 'Quầy Một cửa';
    await addCounter(hub.dataDir, counterName);
    const admin = await adminCookie(hub.url);
    await hubCall(hub.url, admin, 'POST', '/api/admin/procedures', { code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
    await createStaff(hub.url, admin, 'an', 'Nguyễn Văn An');
    const { page } = await b.page({ width: 1366, height: 768 });
    await signInAtCounter(page, hub.url, counterName, 'an');
    const dmy = (day: string) => day.split('-').reverse().join('/');
    const paperDay = addDays(localDay(Date.now()), -7);

    const form = page.getByTestId('receive-form');
    await form.getByLabel('Mã hồ sơ').fill('HS-2026-000201');
    await form.getByRole('combobox').fill('khai sinh');
    await page.getByRole('option', { name: /Đăng ký khai sinh/ }).click();
    await form.getByLabel('Họ tên người nộp').fill('Lò Văn Páo');
    await form.getByLabel('Số điện thoại di động').fill('0912 345 678');
    // the appointment on the paper receipt, already past: the message says how to enter it
    await form.getByLabel('Ngày hẹn trả kết quả').fill(dmy(addDays(paperDay, 1)));
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await form.getByText(/Ngày hẹn đã qua\. Nếu hồ sơ đã được nhận từ ngày trước/).waitFor();
    await form.getByTestId('late-entry').click();
    await form.getByLabel('Ngày tiếp nhận trên phiếu giấy').fill(dmy(paperDay));
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await form.getByText('Ghi lý do nhập muộn').waitFor();
    await form.getByLabel('Lý do nhập muộn').fill('Mất điện, đã nhận trên giấy');
    await assertReadableVietnamese(page, { where: 'receive form, entered late' });
    await docsShot(page, 'counter-late-entry');
    await form.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();

    const panel = page.locator('[data-testid="file-panel"][data-code="HS-2026-000201"]');
    await panel.waitFor();
    await panel.locator('.file-history li[data-kind="received"]').getByText('Mất điện, đã nhận trên giấy').waitFor();
    await panel.getByText(dmy(paperDay)).first().waitFor();
    await assertReadableVietnamese(page, { where: 'file entered late' });
  });
});
