import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedGateway, until } from './helpers.js';
import { smsHub, type SmsHub } from './hub.js';
import { ConsoleGateway } from '../../hub/src/sms/gateways/console.js';

const hubs: SmsHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, stream), text: () => lines.join('') };
}

describe('SMS admin API', () => {
  it('is for signed-in admins only', async () => {
    const h = await smsHub();
    hubs.push(h);
    for (const [method, p] of [['GET', '/api/admin/sms/messages'], ['GET', '/api/admin/sms/templates'], ['POST', '/api/admin/sms/preview'], ['POST', '/api/admin/sms/test']] as const) {
      const res = await fetch(h.url + p, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, p).toBe(401);
    }
  });

  it('templates: list with a preview, edit, refuse an unknown placeholder, reset to the default', async () => {
    const h = await smsHub({ sms: { contactPhone: '0243 826 1234' } });
    hubs.push(h);
    const list = await h.admin.call('GET', '/api/admin/sms/templates');
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { kind: string }) => t.kind)).toEqual(['received', 'supplement', 'ready', 'apology', 'reminder', 'test', 'alert']);
    const ready = list.body.data.find((t: { kind: string }) => t.kind === 'ready');
    expect(ready).toMatchObject({ enabled: true, keepAccents: false, preview: { encoding: 'gsm7', segments: 1 } });
    expect(ready.preview.text).toMatch(/^UBND xa Vi Du: ho so HS-2026-000123 .*DT 0243 826 1234$/);

    const bad = await h.admin.call('PUT', '/api/admin/sms/templates/ready', { body: 'Hồ sơ {maHoSo} đã xong' });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, reason: 'sms-template-invalid', detail: 'unknown placeholder(s): {maHoSo}' } });
    expect((await h.admin.call('PUT', '/api/admin/sms/templates/nope', { body: 'x' })).status).toBe(404);
    expect((await h.admin.call('PUT', '/api/admin/sms/templates/ready', { text: 'x' })).body.reason).toBe('invalid-payload');

    const ok = await h.admin.call('PUT', '/api/admin/sms/templates/received', { body: 'Đã nhận hồ sơ {fileCode}, hẹn {appointmentDate}.', enabled: true });
    expect(ok.body.data).toMatchObject({ enabled: true, body: 'Đã nhận hồ sơ {fileCode}, hẹn {appointmentDate}.', preview: { text: 'Da nhan ho so HS-2026-000123, hen 25/11/2026.' } });
    const id = h.enqueue({ to: '+84912345678', kind: 'received', vars: { fileCode: 'HS-9', appointmentDate: '30/11/2026' } });
    expect(h.row(id).body).toBe('Da nhan ho so HS-9, hen 30/11/2026.');

    const reset = await h.admin.call('DELETE', '/api/admin/sms/templates/received');
    expect(reset.body.data).toMatchObject({ enabled: false, updatedAt: null });
  });

  it('preview: rendered text, encoding and segments while typing', async () => {
    const h = await smsHub();
    hubs.push(h);
    const plain = await h.admin.call('POST', '/api/admin/sms/preview', { body: 'Hồ sơ {fileCode} của {procedure} đã có kết quả' });
    expect(plain.body.data).toMatchObject({ text: 'Ho so HS-2026-000123 cua Dang ky khai sinh da co ket qua', encoding: 'gsm7', segments: 1, perSegment: 160, missing: [], unknown: [] });
    const accented = await h.admin.call('POST', '/api/admin/sms/preview', { body: 'Hồ sơ {fileCode} {sai}', keepAccents: true, vars: { fileCode: 'A1' } });
    expect(accented.body.data).toMatchObject({ text: 'Hồ sơ A1 {sai}', encoding: 'ucs2', segments: 1, perSegment: 70, unknown: ['sai'] });
    const long = await h.admin.call('POST', '/api/admin/sms/preview', { body: 'x'.repeat(161) });
    expect(long.body.data).toMatchObject({ encoding: 'gsm7', segments: 2, units: 161, perSegment: 153 });
  });

  it('messages: listed with the number masked and the error; a failed one resent once; a test message', async () => {
    const gw = new ScriptedGateway();
    gw.perNumber.set('+84922222222', { kind: 'permanent', code: 'twilio-21610', text: 'the recipient has opted out (STOP)' });
    const h = await smsHub({ gateway: gw, sms: { quietHours: '' } });
    hubs.push(h);
    const good = h.enqueue({ to: '+84912345678' });
    const bad = h.enqueue({ to: '+84922222222' });
    await until(() => h.row(good).status === 'sent' && h.row(bad).status === 'failed', 'a pass');

    const list = await h.admin.call('GET', '/api/admin/sms/messages');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toMatch(/912345678|922222222/);
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual([bad, good]);
    expect(list.body.data[0]).toMatchObject({ to: '09xx xxx 222', status: 'failed', lastError: { code: 'twilio-21610', text: 'the recipient has opted out (STOP)' }, attempts: 1 });
    expect((await h.admin.call('GET', '/api/admin/sms/messages?status=failed')).body.data).toHaveLength(1);
    expect((await h.admin.call('GET', '/api/admin/sms/messages?status=nope')).status).toBe(400);

    expect((await h.admin.call('POST', `/api/admin/sms/messages/${good}/resend`)).body).toMatchObject({ ok: false, reason: 'sms-not-resendable' });
    expect((await h.admin.call('POST', '/api/admin/sms/messages/nope/resend')).status).toBe(404);
    gw.perNumber.clear();
    const resent = await h.admin.call('POST', `/api/admin/sms/messages/${bad}/resend`);
    expect(resent.status).toBe(201);
    expect(resent.body.data).toMatchObject({ resendOf: bad, status: 'queued', to: '09xx xxx 222' });
    expect((await h.admin.call('POST', `/api/admin/sms/messages/${bad}/resend`)).status).toBe(409);
    await until(() => h.row(resent.body.data.id).status === 'sent', 'the resent message');
    expect((await h.admin.call('GET', `/api/admin/sms/messages/${bad}`)).body.data).toMatchObject({ status: 'failed', resentAs: resent.body.data.id });

    expect((await h.admin.call('POST', '/api/admin/sms/test', { to: '024 3825 1234' })).body).toMatchObject({ ok: false, reason: 'phone-not-mobile' });
    const test = await h.admin.call('POST', '/api/admin/sms/test', { to: '0987 654 321' });
    expect(test).toMatchObject({ status: 201, body: { data: { kind: 'test', to: '09xx xxx 321' } } });
    await until(() => h.row(test.body.data.id).status === 'sent', 'the test message');
    expect(gw.sentTo('+84987654321')[0]!.body).toBe('UBND xa Vi Du: tin nhan thu cua he thong mot cua. Khong can tra loi.');

    const status = await h.admin.call('GET', '/api/admin/sms/status');
    expect(status.body.data).toMatchObject({ gateway: 'scripted', quietHours: '', counts: { sent: 3, failed: 1 } });
  });

  it('the console gateway (the default) logs the message with the number masked, never in full', async () => {
    const { log, text } = memoryLog();
    const gw = new ConsoleGateway(log.child({ module: 'sms' }));
    const h = await smsHub({ gateway: gw, log, sms: { quietHours: '' } });
    hubs.push(h);
    const id = h.enqueue({ to: '0912 345 678' });
    await until(() => h.row(id).status === 'sent', 'sent');
    await h.admin.call('POST', '/api/admin/sms/test', { to: '0987654321' });
    await until(() => gw.sent.length === 2, 'both logged');
    expect(text()).toContain('SMS (console gateway)');
    expect(text()).toContain('09xx xxx 678');
    expect(text()).not.toMatch(/912345678|987654321/);
  });
});
