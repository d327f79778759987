import { afterEach, describe, expect, it } from 'vitest';
import type { SetupChecklist } from '@onestop/shared';
import { pairDevice, quickStaff, startTestHub, type TestHub } from '../kit/index.js';

/** Issue 14: GET /api/admin/setup ticks each item from the hub's own state, never from what a page remembers. */
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

const done = (c: SetupChecklist) => Object.fromEntries(c.items.map((i) => [i.key, i.done]));

describe('the setup checklist', () => {
  it('follows the hub: identity, a test SMS accepted, procedures reviewed, staff, counters with devices, upstream', async () => {
    const h = await startTestHub({ config: { commune: undefined, sms: { contactPhone: '' } } });
    hubs.push(h);
    const get = async () => (await h.admin.get<SetupChecklist>('/api/admin/setup')).body.data!;
    expect(await get()).toMatchObject({ complete: false, heldSms: 0 });
    expect(done(await get())).toEqual({ commune: false, 'contact-phone': false, 'sms-test': false, procedures: false, staff: false, counters: false, upstream: false });

    await h.admin.call('PUT', '/api/admin/settings', { values: { 'commune.name': 'UBND xã Ví Dụ', 'commune.code': '26734', 'commune.phone': '0210 3800 123' } });
    h.hub.services.sms.sendTest('0912345678');
    await h.hub.services.sms.worker.runOnce();
    expect((await h.admin.post('/api/admin/setup/procedures-reviewed')).status).toBe(200);
    quickStaff(h, null, 'lan');
    const counter = h.hub.services.counters.create({ name: 'Quầy 1' });
    h.hub.services.counters.create({ name: 'Quầy 2' });
    await pairDevice(h, counter.id, 'kiosk');
    let c = await get();
    expect(done(c)).toEqual({ commune: true, 'contact-phone': true, 'sms-test': true, procedures: true, staff: true, counters: false, upstream: false });
    expect(c.items.find((i) => i.key === 'counters')!.facts).toEqual({ counters: 2, withDevice: 1 });

    const second = h.hub.services.counters.list().find((x) => x.name === 'Quầy 2')!;
    await pairDevice(h, second.id, 'agent');
    await h.admin.call('PUT', '/api/admin/settings', { values: { 'upstream.url': 'https://tinh.example/api', 'upstream.secret': 'a-secret-from-the-province' } });
    c = await get();
    expect(c.complete).toBe(true);
    // the reviewing is in the audit log
    const audit = (await h.admin.get<{ entries: { kind: string; action: string }[] }>('/api/admin/audit')).body.data!;
    expect(audit.entries.some((e) => e.kind === 'procedure' && e.action === 'reviewed')).toBe(true);
  });

  it('is for administrators only', async () => {
    const h = await startTestHub();
    hubs.push(h);
    expect((await fetch(`${h.url}/api/admin/setup`)).status).toBe(401);
  });
});
