import { describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { adminSignIn } from '../browser/browser.ts';
import { TestClock } from '../kit/index.js';
import { ADMIN_PASSWORD, at, senderHub, standIn, type SenderHub } from './sender.helpers.js';

let hub: SenderHub | null = null;
let stand: Awaited<ReturnType<typeof standIn>> | null = null;
const b = useBrowser();

describe('/admin/upstream in Chromium', () => {
  it('lists every summary with revision, status, attempts and the receiver\'s reason; "send again" and the link test work', async () => {
    stand = await standIn();
    b.defer(() => stand!.close());
    let refuse = true;
    stand.answer((r) => {
      if (r.path === '/api/v1/ping') return { status: 200, body: { status: 'ok' } };
      const b = JSON.parse(r.raw.toString('utf8'));
      return refuse && b.date === '2026-11-20' ? { status: 409, body: { status: 'error', reason: 'stale-revision' } } : { status: 200, body: { status: 'stored' } };
    });
    const clock = new TestClock(at('2026-11-20', 9));
    hub = await senderHub({ clock, url: stand.url });
    b.defer(() => hub!.close());
    await hub.rate(5, at('2026-11-20', 9));
    await hub.rate(4, at('2026-11-20', 10));
    clock.t = at('2026-11-22', 8);
    await hub.hub.services.upstream.runOnce();
    await hub.hub.services.auth.ensureFirstAdmin(ADMIN_PASSWORD);

    const { page, log } = await b.page();
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/upstream');
    await page.getByRole('heading', { name: 'Gửi số liệu lên tỉnh', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('upstream-row').count()).toBe(2);

    const refused = page.locator('[data-testid="upstream-row"][data-date="2026-11-20"]');
    expect(await refused.getAttribute('data-status')).toBe('failed');
    const text = await refused.innerText();
    expect(text).toContain('20/11/2026');
    expect(text).toContain('Bị từ chối');
    expect(text).toContain('Tỉnh đã có lần sửa mới hơn hoặc khác nội dung');
    expect(text).toContain('HTTP 409');
    const sent = page.locator('[data-testid="upstream-row"][data-date="2026-11-21"]');
    expect(await sent.innerText()).toContain('Đã gửi');
    expect(await page.getByTestId('upstream-url').innerText()).toBe(`${stand.url}/`);

    // the province fixed its side; the admin sends the day again
    refuse = false;
    await refused.getByRole('button', { name: 'Gửi lại' }).click();
    await page.getByText('Đã xếp ngày 20/11/2026 vào hàng chờ gửi lại.').waitFor();
    expect(await refused.getAttribute('data-status')).toBe('pending');
    await hub.hub.services.upstream.sendPass();
    await page.reload();
    await page.locator('[data-testid="upstream-row"][data-date="2026-11-20"][data-status="sent"]').waitFor();
    expect(await page.locator('[data-testid="upstream-row"][data-date="2026-11-20"]').innerText()).toMatch(/Đã gửi[\s\S]*2/);

    await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    await page.locator('[data-testid="upstream-link"][data-ok="true"]').waitFor();
    expect(stand.received.some((r) => r.path === '/api/v1/ping' && r.signatureOk)).toBe(true);

    expect(log.filter((l) => !l.includes('favicon'))).toEqual([]);
  }, 60_000);
});
