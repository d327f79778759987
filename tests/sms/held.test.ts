import { afterEach, describe, expect, it } from 'vitest';
import type { AlertsAnswer, SetupChecklist, SmsMessageView } from '@onestop/shared';
import { startTestHub, type TestHub } from '../kit/index.js';
import { ScriptedGateway, until } from './helpers.js';

/**
 * Issue 14: a commune whose name, code or contact phone is not set sends citizens nothing signed "Xa chua cau hinh":
 * their messages are held (not sent, not dropped) with an alert, and go out, written with the real name and phone,
 * once the identity is set, if still within their validity window. Test and alert messages are not held.
 */
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

const HOUR = 3_600_000;

async function unsetHub(gw: ScriptedGateway) {
  // no commune section and no contact phone: every part of the identity at its default
  const h = await startTestHub({ prefix: 'sms-held-', smsGateway: gw, config: { commune: undefined, sms: { contactPhone: '' } } });
  hubs.push(h);
  const { view } = h.hub.services.apiTokens.create({ name: 'test script' });
  const API = { kind: 'token', tokenId: view.id, name: view.name } as const;
  h.hub.services.procedures.create({ code: 'HT-KS', name: 'Dang ky khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
  const ready = (code: string, phone: string) => {
    h.hub.services.files.receiveFromApi({ code, procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn An', phone }, API);
    h.hub.services.files.transition(code, { status: 'ready' }, API);
    return h.hub.services.sms.messagesForFile(h.hub.services.files.get(code).file.id).find((m) => m.kind === 'ready')!;
  };
  const msg = async (id: string) => (await h.admin.get<SmsMessageView>(`/api/admin/sms/messages/${id}`)).body.data!;
  const alerts = async () => (await h.admin.get<AlertsAnswer>('/api/admin/alerts')).body.data!.alerts.filter((a) => a.kind === 'commune-identity');
  const checklist = async () => (await h.admin.get<SetupChecklist>('/api/admin/setup')).body.data!;
  const set = async (values: Record<string, string>) => expect((await h.admin.call('PUT', '/api/admin/settings', { values })).status).toBe(200);
  return { h, ready, msg, alerts, checklist, set };
}

describe('citizen SMS held while the commune has no identity', () => {
  it('held with an alert, not sent; once the name is set it goes out with the real name and phone, and the alert clears', async () => {
    const gw = new ScriptedGateway();
    const { h, ready, msg, alerts, checklist, set } = await unsetHub(gw);

    const held = ready('HS-1', '0912 345 678');
    expect(held).toMatchObject({ status: 'queued', lastError: { code: 'commune-identity-missing' } });
    await until(async () => (await alerts()).some((a) => a.clearedAt === null), 'the commune-identity alert');
    const [alert] = await alerts();
    expect(alert!.params).toEqual({ kind: 'commune-identity', missing: ['name', 'code', 'phone'] });
    expect(alert!.detail).toContain('Tin nhắn cho người dân đang được giữ lại');

    await h.hub.services.sms.worker.runOnce();
    expect(gw.sends).toEqual([]);
    expect((await msg(held.id)).status).toBe('queued');
    expect(await checklist()).toMatchObject({ complete: false, heldSms: 1 });

    // a test message and the alert's own path are not held: the SMS channel can be tried before the name is set
    const test = h.hub.services.sms.sendTest('0987 654 321');
    await h.hub.services.sms.worker.runOnce();
    expect((await msg(test.id)).status).toBe('sent');
    expect(gw.sends.map((s) => s.to)).toEqual(['+84987654321']);

    // the phone and the code alone are not enough
    await set({ 'commune.phone': '0210 3800 123', 'commune.code': '26734' });
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sentTo('+84912345678')).toEqual([]);
    expect((await alerts())[0]!.clearedAt).toBeNull();

    // the name: the held message is written again with it, and goes out
    await set({ 'commune.name': 'UBND xã Ví Dụ' });
    await until(() => gw.sentTo('+84912345678').length === 1, 'the held message sent');
    const body = gw.sentTo('+84912345678')[0]!.body;
    expect(body).toContain('UBND xa Vi Du');
    expect(body).toContain('0210 3800 123');
    expect(body).not.toMatch(/chua cau hinh/i);
    expect(await msg(held.id)).toMatchObject({ status: 'sent', lastError: null });
    expect((await alerts())[0]!.clearedAt).not.toBeNull();
    expect((await checklist()).heldSms).toBe(0);

    // from now on nothing is held
    const next = ready('HS-2', '0911 111 222');
    expect(next.status).toBe('queued');
    expect(next.lastError).toBeNull();
  });

  it('a held message past its validity window when the identity is set expires instead of going out', async () => {
    const gw = new ScriptedGateway();
    const { h, ready, msg, set } = await unsetHub(gw);
    const old = ready('HS-OLD', '0912 000 001');
    h.clock.advance(20 * HOUR);
    const recent = ready('HS-NEW', '0912 000 002');
    h.clock.advance(5 * HOUR); // the first is 25 h old: past the 24 h window
    await set({ 'commune.phone': '0210 3800 123', 'commune.code': '26734', 'commune.name': 'UBND xã Ví Dụ' });
    await until(() => gw.sentTo('+84912000002').length === 1, 'the recent held message sent');
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sentTo('+84912000001')).toEqual([]);
    expect((await msg(old.id)).status).toBe('expired');
    expect((await msg(recent.id)).status).toBe('sent');
  });
});
