import { describe, expect, it } from 'vitest';
import { localDay, maskPhone, type PeriodStats } from '@onestop/shared';
import { useBrowser } from '../kit/browser.ts';
import { ADMIN_PW } from '../kit/index.js';
import { until } from '../sms/helpers.js';
import { ZnsStandIn } from '../zns/zns-standin.js';
import { znsHub } from '../zns/hub.js';
import { adminSignIn } from './browser.ts';

/** Issue 13 §2–3 in Chromium: which channel carried each message, in the SMS log and in the statistics. */
const b = useBrowser();

const BY_ZALO = { input: '0912 345 678', e164: '+84912345678' };
const BY_SMS = { input: '0987 654 321', e164: '+84987654321', zalo: '84987654321' };

describe('the admin SMS log and statistics by channel', () => {
  it('a message Zalo took shows "qua Zalo", one Zalo refused ("no Zalo account") and SMS carried shows "qua SMS"; the statistics split them the same way', async () => {
    const z = new ZnsStandIn();
    await z.start();
    b.defer(() => z.stop());
    z.noZalo.add(BY_SMS.zalo);
    const h = await znsHub(z);
    b.defer(() => h.close());

    const zalo = h.enqueue(BY_ZALO.input);
    const sms = h.enqueue(BY_SMS.input);
    await until(() => h.row(zalo).status === 'sent' && h.row(sms).status === 'sent', 'both messages sent');
    expect([h.row(zalo).channel, h.row(sms).channel]).toEqual(['zns', 'sms']);
    expect(z.sent).toHaveLength(1);
    expect(h.sms.sent).toHaveLength(1);

    await h.hub.services.auth.ensureFirstAdmin(ADMIN_PW);
    const { page, log } = await b.page({ width: 1366, height: 768 });
    await adminSignIn(page, h.url, ADMIN_PW, '/admin/sms');
    const rows = page.getByTestId('sms-row');
    await expect.poll(() => rows.count()).toBe(2);
    const row = (e164: string) => rows.filter({ has: page.getByTestId('sms-to').getByText(maskPhone(e164), { exact: true }) });
    const zaloChannel = row(BY_ZALO.e164).getByTestId('sms-channel');
    const smsChannel = row(BY_SMS.e164).getByTestId('sms-channel');
    expect([await zaloChannel.innerText(), await zaloChannel.getAttribute('data-channel')]).toEqual(['qua Zalo', 'zns']);
    expect([await smsChannel.innerText(), await smsChannel.getAttribute('data-channel')]).toEqual(['qua SMS', 'sms']);
    // the fallback's two attempts (Zalo refused, SMS accepted) are counted on its row, Zalo's refusal in Vietnamese and
    // not as an error: the message did go
    await row(BY_SMS.e164).getByText('2 lần thử').waitFor();
    expect(await row(BY_SMS.e164).getByTestId('sms-fallback').innerText()).toBe('Zalo không gửi: số điện thoại không có tài khoản Zalo. Đã gửi qua SMS thay cho Zalo.');
    expect(await row(BY_SMS.e164).getByTestId('sms-error').count()).toBe(0);
    expect(await row(BY_ZALO.e164).getByText('lần thử').count()).toBe(0);
    // the log has no channel filter (the issue asks for none): its two filters are status and kind
    expect(await page.getByTestId('sms-messages').locator('select').evaluateAll((s) => s.map((e) => e.getAttribute('aria-label')))).toEqual(['Lọc theo trạng thái', 'Lọc theo loại']);
    // each row fits the 1366-pixel screen: the channel is seen without scrolling sideways
    for (const c of [zaloChannel, smsChannel]) {
      const box = (await c.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1366);
    }

    // the statistics of the day: every SMS figure split by channel, as the API counts them
    const day = localDay(h.clock.now());
    await page.goto(`${h.url}/admin/stats?kind=day&date=${day}`);
    const table = page.getByTestId('stats-sms-channels');
    await table.waitFor();
    const stats = ((await h.admin.call('GET', `/api/admin/stats?kind=day&date=${day}`)).body as { data: PeriodStats }).data;
    expect(stats.smsByChannel).toEqual({ zns: { sent: 1, delivered: 0, failed: 1 }, sms: { sent: 1, delivered: 0, failed: 0 } });
    for (const c of ['zns', 'sms'] as const) {
      const tr = table.locator(`[data-testid="stats-channel"][data-channel="${c}"]`);
      expect(await tr.locator('th').innerText()).toBe(c === 'zns' ? 'qua Zalo' : 'qua SMS');
      const cells = await tr.locator('td').evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-figure'), td.textContent])));
      expect(cells, c).toEqual({ sent: String(stats.smsByChannel[c].sent), delivered: String(stats.smsByChannel[c].delivered), failed: String(stats.smsByChannel[c].failed) });
    }
    expect(log).toEqual([]);
  });
});
