import { afterEach, describe, expect, it } from 'vitest';
import type { AuditPage, FileEventView, FileView, SmsMessageView, SmsReasonRoom, SmsTemplateView } from '@onestop/shared';
import { MONDAY_9AM, TestClock, staffClient } from '../kit/index.js';
import { ScriptedGateway } from './helpers.js';
import { smsHub, type SmsHub } from './hub.js';

/** Issue 14 §2 through the real hub: messages in one part, the clerk's undo window, and no row for a switched-off kind. */
const hubs: SmsHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

const LONG_NAME = 'Cấp bản sao trích lục hộ tịch, bản sao giấy khai sinh và xác nhận thông tin hộ tịch có yếu tố nước ngoài';
const LONG_REASON =
  'thiếu bản sao giấy chứng nhận quyền sử dụng đất có chứng thực, cần bổ sung thêm xác nhận của trưởng thôn về nơi cư trú hiện tại và giấy tờ tùy thân của người được ủy quyền';

async function counterHub(opts: { undoSeconds?: number } = {}) {
  const gw = new ScriptedGateway();
  const h = await smsHub({ gateway: gw, clock: new TestClock(MONDAY_9AM), sms: { contactPhone: '0276 3822 123', ...(opts.undoSeconds !== undefined ? { undoSeconds: opts.undoSeconds } : {}) } });
  hubs.push(h);
  const procedures = h.hub.services.procedures;
  procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
  procedures.create({ code: 'HT-BS', name: LONG_NAME, field: 'Hộ tịch', processingDays: 1, fee: 0 });
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS: 0 });
  const { client } = await staffClient(h, counter.id);
  const receive = async (code: string, procedureCode = 'HT-KS') => {
    const r = await client.post<FileView>('/api/staff/files', { code, procedureCode, citizenName: 'Nguyễn Văn An', phone: '0912 345 678' });
    expect(r.status).toBe(201);
    return r.body.data!;
  };
  const messages = (code: string) => h.hub.services.sms.messagesForFile(h.hub.services.files.get(code).file.id) as SmsMessageView[];
  const history = async (code: string) => (await client.get<{ history: FileEventView[] }>(`/api/staff/files/${code}`)).body.data!.history;
  return { h, gw, client, receive, messages, history };
}

describe('every message in one part', () => {
  it('each kind the files feature writes, with the real longest procedure and a long reason, goes out in one part', async () => {
    const { h, client, receive, messages } = await counterHub();
    for (const kind of ['received', 'reminder']) expect((await h.admin.call('PUT', `/api/admin/sms/templates/${kind}`, { body: (await h.admin.get<SmsTemplateView[]>('/api/admin/sms/templates')).body.data!.find((t) => t.kind === kind)!.body, enabled: true })).status).toBe(200);
    await receive('HS-1', 'HT-BS');
    await receive('HS-2', 'HT-BS');
    expect((await client.post('/api/staff/files/HS-1/status', { status: 'supplement', reason: LONG_REASON })).status).toBe(200);
    expect((await client.post('/api/staff/files/HS-2/status', { status: 'late', reason: LONG_REASON, newDueDate: '2026-12-04' })).status).toBe(200);
    expect((await client.post('/api/staff/files/HS-2/status', { status: 'ready' })).status).toBe(200);
    h.clock.advance(5 * 86_400_000);
    h.hub.services.files.sendReminders(1);
    const all = [...messages('HS-1'), ...messages('HS-2')];
    expect(new Set(all.map((m) => m.kind))).toEqual(new Set(['received', 'supplement', 'apology', 'ready', 'reminder']));
    for (const m of all) expect({ kind: m.kind, segments: m.segments, encoding: m.encoding }).toEqual({ kind: m.kind, segments: 1, encoding: 'gsm7' });
    // the procedure is its short name (derived: the name before the first comma, within 30 characters)
    expect(all.find((m) => m.kind === 'ready')!.body).toContain('(Cap ban sao trich luc ho tich)');
    expect(all.find((m) => m.kind === 'apology')!.body).toMatch(/\.\.\.\. Hen lai ngay 04\/12\/2026\. DT 0276 3822 123$/);
  });

  it('an admin’s short name is used, is refused over 30 characters, and null derives it again', async () => {
    const { h, client, receive, messages } = await counterHub();
    const put = (smsName: string | null) => h.admin.call('PATCH', '/api/admin/procedures/HT-BS', { smsName });
    expect((await put('x'.repeat(31))).body).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect((await put('Trích lục hộ tịch')).body.data).toMatchObject({ smsName: 'Trích lục hộ tịch', smsNameDerived: false });
    await receive('HS-3', 'HT-BS');
    await client.post('/api/staff/files/HS-3/status', { status: 'ready' });
    expect(messages('HS-3')[0]!.body).toContain('(Trich luc ho tich)');
    expect((await put(null)).body.data).toMatchObject({ smsName: 'Cấp bản sao trích lục hộ tịch', smsNameDerived: true });
  });

  it('the template editor’s worst case uses the commune’s name and phone and the longest procedure, and says what is left', async () => {
    const { h } = await counterHub();
    const list = (await h.admin.get<SmsTemplateView[]>('/api/admin/sms/templates')).body.data!;
    for (const t of list) {
      expect(t.worst.segments).toBe(1);
      expect(t.worst.procedure).toBe('Cấp bản sao trích lục hộ tịch');
      expect(t.worstVars).toMatchObject({ communeName: 'UBND xã Ví Dụ', contactPhone: '0276 3822 123', procedure: 'Cấp bản sao trích lục hộ tịch' });
    }
    const ready = list.find((t) => t.kind === 'ready')!;
    expect(ready.worst.text).toContain('(Cap ban sao trich luc ho tich)');
    expect(ready.worst.remaining).toBe(160 - ready.worst.units);
    expect(list.find((t) => t.kind === 'supplement')!.worst.reasonRoom).toBeGreaterThan(40);
  });

  it('the counter asks how long a reason may be for this file, and gets 0 with enabled=false for a switched-off kind', async () => {
    const { h, client, receive } = await counterHub();
    await receive('HS-4', 'HT-BS');
    const room = (await client.get<SmsReasonRoom>('/api/staff/files/HS-4/sms-room?kind=supplement')).body.data!;
    expect(room).toMatchObject({ kind: 'supplement', enabled: true, keepAccents: false });
    expect(room.room).toBeGreaterThan(40);
    expect((await client.get('/api/staff/files/HS-4/sms-room?kind=ready')).body).toMatchObject({ ok: false, reason: 'invalid-payload' });
    await h.admin.call('PUT', '/api/admin/sms/templates/supplement', { body: 'x {reason}', enabled: false });
    expect((await client.get<SmsReasonRoom>('/api/staff/files/HS-4/sms-room?kind=supplement')).body.data).toMatchObject({ enabled: false });
  });
});

describe('a switched-off kind', () => {
  it('writes no row at all: a reception with "received" off leaves the SMS log empty', async () => {
    const { h, receive, messages } = await counterHub();
    await receive('HS-5');
    expect(messages('HS-5')).toEqual([]);
    expect(h.hub.services.sms.list({ status: 'cancelled' })).toEqual([]);
  });
});

describe('the clerk’s undo window', () => {
  it('within the window: nothing reaches the gateway, "Hoàn tác" puts the file back, cancels the held message, and both steps are in the history and the audit log', async () => {
    const { h, gw, client, receive, messages, history } = await counterHub();
    await receive('HS-6');
    const ready = await client.post<FileView>('/api/staff/files/HS-6/status', { status: 'ready' });
    expect(ready.body.data).toMatchObject({ status: 'ready', undo: { step: 'ready', leftMs: 60_000 } });
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sends).toEqual([]);
    expect(messages('HS-6').map((m) => m.status)).toEqual(['queued']);

    h.clock.advance(59_000);
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sends).toEqual([]);
    const undone = await client.post<FileView>('/api/staff/files/HS-6/undo', { step: 'ready' });
    expect(undone.status).toBe(200);
    expect(undone.body.data).toMatchObject({ status: 'received', readyAt: null });
    expect(messages('HS-6')).toMatchObject([{ status: 'cancelled', lastError: { code: 'undone' } }]);
    h.clock.advance(3_600_000);
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sends).toEqual([]);

    expect((await history('HS-6')).map((e) => [e.kind, e.from, e.to])).toEqual([
      ['received', null, 'received'],
      ['ready', 'received', 'ready'],
      ['undone', 'ready', 'received'],
    ]);
    const audit = (await h.admin.get<AuditPage>('/api/admin/audit?kind=file')).body.data!;
    expect(audit.entries.filter((e) => e.target === 'HS-6').map((e) => e.action).sort()).toEqual(['ready', 'received', 'undone']);
    // nothing left to undo
    expect((await client.post('/api/staff/files/HS-6/undo', { step: 'ready' })).body).toMatchObject({ ok: false, reason: 'nothing-to-undo' });
  });

  it('after the window: the message is sent and the undo is refused with undo-window-closed, changing nothing', async () => {
    const { h, gw, client, receive, messages, history } = await counterHub();
    await receive('HS-7');
    await client.post('/api/staff/files/HS-7/status', { status: 'ready' });
    h.clock.advance(60_000);
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sends.map((m) => m.body)).toEqual([expect.stringContaining('ho so HS-7 (Dang ky khai sinh) da co ket qua')]);
    const r = await client.post('/api/staff/files/HS-7/undo', { step: 'ready' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ ok: false, reason: 'undo-window-closed' });
    expect(h.hub.services.files.get('HS-7').file.status).toBe('ready');
    expect(messages('HS-7').map((m) => m.status)).toEqual(['sent']);
    expect((await history('HS-7')).map((e) => e.kind)).toEqual(['received', 'ready']);
  });

  it('with the window set to 0 (sms.undoSeconds) the message is not held and the step cannot be undone', async () => {
    const { h, client, receive } = await counterHub({ undoSeconds: 0 });
    await receive('HS-8');
    const ready = await client.post<FileView>('/api/staff/files/HS-8/status', { status: 'ready' });
    expect(ready.body.data!.undo).toBeUndefined(); // 0: no undo window
    await h.hub.services.sms.worker.runOnce();
    expect((await client.post('/api/staff/files/HS-8/undo', { step: 'ready' })).body).toMatchObject({ reason: 'undo-window-closed' });
  });

  it('"Trả kết quả" undone: back to ready, its rating invitation taken back, the "ready" SMS never resent', async () => {
    const { h, gw, client, receive, history } = await counterHub();
    await receive('HS-9');
    await client.post('/api/staff/files/HS-9/status', { status: 'ready' });
    h.clock.advance(61_000);
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(1);
    const returned = await client.post<FileView>('/api/staff/files/HS-9/status', { status: 'returned' });
    expect(returned.body.data).toMatchObject({ status: 'returned', undo: { step: 'returned' } });
    const invites = () => h.db.prepare('SELECT COUNT(*) AS n FROM rating_invites WHERE file_id = ?').get(returned.body.data!.id) as { n: number };
    expect(invites().n).toBe(1);
    h.clock.advance(30_000);
    const r = await client.post<FileView>('/api/staff/files/HS-9/undo', { step: 'returned' });
    expect(r.body.data).toMatchObject({ status: 'ready', closedAt: null });
    expect(invites().n).toBe(0);
    expect((await history('HS-9')).map((e) => e.kind)).toEqual(['received', 'ready', 'returned', 'undone']);
    // the step asked for must be the latest one
    expect((await client.post('/api/staff/files/HS-9/undo', { step: 'returned' })).body).toMatchObject({ reason: 'nothing-to-undo' });
    expect((await client.post('/api/staff/files/HS-9/undo', { step: 'bogus' })).body).toMatchObject({ reason: 'invalid-payload' });
    await h.hub.services.sms.worker.runOnce();
    expect(gw.sends).toHaveLength(1);
  });
});
