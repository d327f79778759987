import { afterEach, describe, expect, it } from 'vitest';
import type { SettingView } from '@onestop/shared';
import { startTestHub, type TestHub } from '../kit/index.js';

/** Issue 14: the phone that gets alerts by SMS is set on /admin/settings, not only by ALERT_PHONE. */
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

describe('the alert phone on /admin/settings', () => {
  it('set by the admin, the next alert is texted to it; a bad number is refused and changes nothing', async () => {
    const h = await startTestHub();
    hubs.push(h);
    const bad = await h.admin.call('PUT', '/api/admin/settings', { values: { 'alerts.phone': 'call me' } });
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('invalid-payload');
    expect(h.hub.services.settings.alerts().phone).toBeUndefined();

    const ok = await h.admin.call<SettingView[]>('PUT', '/api/admin/settings', { values: { 'alerts.phone': '0912 345 678' } });
    expect(ok.status).toBe(200);
    expect(ok.body.data!.find((v) => v.key === 'alerts.phone')).toMatchObject({ value: '0912 345 678', source: 'admin', group: 'alerts' });
    h.hub.services.alerts.raise('test', { kind: 'backup', error: 'ENOSPC' });
    const sent = h.hub.services.sms.list({ kind: 'alert' });
    expect(sent.map((m) => m.to)).toHaveLength(1);
    expect(sent[0]!.body).toContain('ENOSPC');
  });

  it('set by ALERT_PHONE, it is shown locked', async () => {
    const h = await startTestHub({ load: { env: { ALERT_PHONE: '0987654321' } } });
    hubs.push(h);
    const list = (await h.admin.get<SettingView[]>('/api/admin/settings')).body.data!;
    expect(list.find((v) => v.key === 'alerts.phone')).toMatchObject({ value: '0987654321', source: 'env', locked: true });
    expect((await h.admin.call('PUT', '/api/admin/settings', { values: { 'alerts.phone': '0912345678' } })).body.reason).toBe('setting-locked');
  });
});
