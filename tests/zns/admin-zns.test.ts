import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrowser } from '../kit/browser.ts';
import { ADMIN_PASSWORD, startHub, tmpDir } from '../helpers/procs.ts';
import { adminSignIn } from '../browser/browser.ts';
import { hubRows } from '../helpers/db.js';
import { ZnsStandIn } from './zns-standin.js';

const b = useBrowser();
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s().catch(() => {});
});

describe('/admin/settings: the Zalo ZNS account', () => {
  it('shows a refused token, takes a new refresh token (write-only), and "gửi thử" answers in plain words', async () => {
    const z = new ZnsStandIn();
    await z.start();
    stops.push(() => z.stop());
    z.approvedTemplates.set('300001', ['ma_ho_so', 'ten_thu_tuc']);
    z.noZalo.add('84912345678');
    const dataDir = tmpDir('zns-admin-');
    fs.writeFileSync(
      path.join(dataDir, 'hub.config.json'),
      JSON.stringify({ zns: { templates: { ready: { templateId: '300001', params: 'ma_ho_so=fileCode; ten_thu_tuc=procedure' } } } }),
    );
    const hub = b.track(
      await startHub({
        dataDir,
        env: { ZNS_ENABLED: '1', ZNS_APP_ID: z.appId, ZNS_APP_SECRET: z.appSecret, ZNS_REFRESH_TOKEN: 'rt-never-issued', ZNS_API_BASE: z.url, ZNS_OAUTH_BASE: z.url },
      }),
    );
    const { page } = await b.page();
    await adminSignIn(page, hub.url, ADMIN_PASSWORD, '/admin/settings');
    const panel = page.getByTestId('zns-panel');
    await panel.getByText('Không làm mới được mã truy cập (mã lỗi -14014)', { exact: false }).waitFor();
    // the ZNS group of the settings form: the switch locked by the environment, the template from the file
    await page.locator('[data-testid="setting"][data-key="zns.enabled"]').getByText('Đặt bởi biến môi trường').waitFor();
    expect(await page.locator('[data-testid="setting"][data-key="zns.templates.ready.templateId"] input').inputValue()).toBe('300001');

    const token = z.newRefreshToken();
    await panel.getByLabel('Mã làm mới (refresh token) mới').fill(token);
    await panel.getByRole('button', { name: 'Lưu mã làm mới' }).click();
    await panel.getByText('Đã lưu và làm mới mã truy cập.').waitFor();
    await panel.getByText('Đã kết nối với OA', { exact: false }).waitFor();
    expect(await panel.getByLabel('Mã làm mới (refresh token) mới').inputValue()).toBe('');
    expect(hubRows<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM alerts WHERE kind = 'zns-token' AND cleared_at IS NULL")[0]!.n).toBe(0);

    await panel.getByLabel('Gửi thử ZNS tới số').fill('0912 345 678');
    await panel.getByRole('button', { name: 'Gửi thử ZNS' }).click();
    await panel.getByTestId('zns-test-result').getByText('Zalo không gửi: số điện thoại không có tài khoản Zalo (zns-118).').waitFor();
    await panel.getByLabel('Gửi thử ZNS tới số').fill('0987 654 321');
    await panel.getByRole('button', { name: 'Gửi thử ZNS' }).click();
    await panel.getByTestId('zns-test-result').getByText('Zalo đã nhận tin', { exact: false }).waitFor();
    expect(z.sent).toHaveLength(1);
    expect(z.sent[0]!.data).toEqual({ ma_ho_so: 'HS-THU-0001', ten_thu_tuc: 'Thủ tục thử' });
  });
});
