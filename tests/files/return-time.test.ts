import { afterEach, describe, expect, it } from 'vitest';
import type { AppointmentProposal, FileReceipt, FileView, SettingView, SmsMessageView, SmsTemplateView } from '@onestop/shared';
import { MONDAY_9AM, TestClock, staffClient } from '../kit/index.js';
import { ScriptedGateway } from '../sms/helpers.js';
import { smsHub, type SmsHub } from '../sms/hub.js';

/**
 * Issue 14 §3: the time of day of the return. The commune's default (`commune.returnTime`, 08:00 unless set) is
 * proposed with the appointment, kept with each file as it was at reception, printed on the receipt and written in
 * the "received" message, which still takes one part.
 */
const hubs: SmsHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

async function counterHub() {
  const h = await smsHub({ gateway: new ScriptedGateway(), clock: new TestClock(MONDAY_9AM), sms: { contactPhone: '0276 3822 123' } });
  hubs.push(h);
  h.hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 3, fee: 0 });
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS: 0 });
  const { client } = await staffClient(h, counter.id);
  const receive = async (code: string, extra: Record<string, unknown> = {}) => {
    const r = await client.post<FileView>('/api/staff/files', { code, procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn An', phone: '0912 345 678', ...extra });
    expect(r.status).toBe(201);
    return r.body.data!;
  };
  const setting = async () => (await h.admin.get<SettingView[]>('/api/admin/settings')).body.data!.find((s) => s.key === 'commune.returnTime')!;
  const messages = (code: string) => h.hub.services.sms.messagesForFile(h.hub.services.files.get(code).file.id) as SmsMessageView[];
  return { h, client, receive, setting, messages };
}

describe('the time of the return', () => {
  it('is 08:00 by default, proposed with the appointment and stored with a file received without one', async () => {
    const { client, receive, setting } = await counterHub();
    expect(await setting()).toMatchObject({ value: '08:00', source: 'default', locked: false, group: 'commune' });
    expect((await client.get<AppointmentProposal>('/api/staff/appointment?procedureCode=HT-KS')).body.data).toEqual({ dueDate: '2026-11-26', dueTime: '08:00' });
    expect(await receive('HS-1')).toMatchObject({ dueDate: '2026-11-26', dueTime: '08:00' });
    // the clerk's own hour, and a file the clerk left without one
    expect((await receive('HS-2', { dueTime: '14:30' })).dueTime).toBe('14:30');
    expect((await receive('HS-3', { dueTime: null })).dueTime).toBeNull();
    const receipt = (await client.get<FileReceipt>('/api/staff/files/HS-1/receipt')).body.data!;
    expect(receipt.file).toMatchObject({ dueDate: '2026-11-26', dueTime: '08:00' });
  });

  it('set by the admin, applies to the next files and proposals; files already received keep theirs', async () => {
    const { h, client, receive, setting } = await counterHub();
    await receive('HS-1');
    const put = await h.admin.call<SettingView[]>('PUT', '/api/admin/settings', { values: { 'commune.returnTime': '07:30' } });
    expect(put.status).toBe(200);
    expect(await setting()).toMatchObject({ value: '07:30', source: 'admin' });
    expect((await client.get<AppointmentProposal>('/api/staff/appointment?procedureCode=HT-KS')).body.data!.dueTime).toBe('07:30');
    expect((await receive('HS-2')).dueTime).toBe('07:30');
    expect(h.hub.services.files.get('HS-1').file.dueTime).toBe('08:00');
    // cleared: back to the default
    await h.admin.call('PUT', '/api/admin/settings', { values: { 'commune.returnTime': null } });
    expect(await setting()).toMatchObject({ value: '08:00', source: 'default' });
  });

  it.each([['7h30'], ['24:00'], ['07:60'], ['7:30'], [730]])('refuses %j as a time, by the shared schema, changing nothing', async (bad) => {
    const { h, client, setting } = await counterHub();
    const r = await h.admin.call('PUT', '/api/admin/settings', { values: { 'commune.returnTime': bad } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ ok: false, reason: 'invalid-payload', detail: expect.stringContaining('commune.returnTime') });
    expect(await setting()).toMatchObject({ value: '08:00', source: 'default' });
    // a file's own hour goes through the same schema
    const f = await client.post('/api/staff/files', { code: 'HS-9', procedureCode: 'HT-KS', citizenName: 'Lê Thị Hoa', phone: '0912345678', dueTime: bad });
    expect(f.body).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: 0 });
  });

  it('the "received" message says the hour and the day, in one part; without an hour it says the day alone', async () => {
    const { h, receive, messages } = await counterHub();
    const tpl = (await h.admin.get<SmsTemplateView[]>('/api/admin/sms/templates')).body.data!.find((t) => t.kind === 'received')!;
    expect(tpl.body).toContain('{appointmentTime} ngày {appointmentDate}');
    // the worst case the editor shows measures the hour too, and still fits
    expect(tpl.worstVars.appointmentTime).toBe('08:00');
    expect(tpl.worst).toMatchObject({ segments: 1, shortened: [], fits: true });
    expect((await h.admin.call('PUT', '/api/admin/sms/templates/received', { body: tpl.body, enabled: true })).status).toBe(200);
    await h.admin.call('PUT', '/api/admin/settings', { values: { 'commune.returnTime': '07:30' } });
    await receive('HS-1');
    await receive('HS-2', { dueTime: null });
    const [withHour] = messages('HS-1');
    expect(withHour).toMatchObject({ kind: 'received', segments: 1, encoding: 'gsm7' });
    expect(withHour!.body).toContain('Hen tra ket qua 07:30 ngay 26/11/2026. DT 0276 3822 123');
    expect(messages('HS-2')[0]!.body).toContain('Hen tra ket qua ngay 26/11/2026. DT 0276 3822 123');
  });
});
