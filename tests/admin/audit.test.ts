import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { ADMIN_PW, adminHub, type AdminHub } from './helpers.js';
import { quickStaff } from '../files/testHub.js';
import { addCounter, pairCode } from '../helpers/procs.js';
import { unreadableIn } from '../kit/readable.js';

let h: AdminHub | null = null;

afterEach(async () => {
  if (h) {
    await h.close();
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  }
  h = null;
});

interface Entry {
  id: string;
  at: number;
  actor: string;
  kind: string;
  action: string;
  target: string | null;
  before: any;
  after: any;
}
interface Page {
  total: number;
  page: number;
  pageSize: number;
  entries: Entry[];
}

/** A counter, its clerk "mai", and file HS-0001 received at 09:00 (Vietnam) and made ready an hour later; answers the counter. */
function fileMadeReady(hub: AdminHub, counterName: string) {
  hub.hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0 });
  const counter = hub.hub.services.counters.create({ name: counterName });
  const staff = quickStaff(hub as never, counter.id, 'mai', 'Đỗ Thị Mai');
  hub.hub.services.files.receiveAtCounter({ code: 'HS-0001', procedureCode: 'HT-KS', citizenName: 'Lê Văn Đức', phone: '0912345678' }, staff);
  hub.clock.advance(3_600_000);
  hub.hub.services.files.transition('HS-0001', { status: 'ready' }, staff);
  return counter;
}

const entries = async (q = '') => {
  const r = await h!.admin.get<Page>(`/api/admin/audit${q}`);
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return r.body.data!;
};

async function pairDevice(counterId: string): Promise<string> {
  const code = (await h!.admin.post<{ code: string }>(`/api/admin/counters/${counterId}/pair-code`)).body.data!.code;
  const res = await fetch(`${h!.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent', label: 'Hộp nút 1' }) });
  return ((await res.json()) as { data: { deviceId: string } }).data.deviceId;
}

describe('the audit log', () => {
  it('records changes made with the command line too (actor "cli"), never the pairing code itself', async () => {
    h = await adminHub();
    const id = await addCounter(h.dataDir, 'Quầy dòng lệnh');
    const code = await pairCode(h.dataDir, id);
    // the command line runs on the real clock, the test hub on its own: ask for a wide range
    const list = (await entries('?from=2020-01-01&to=2099-12-31')).entries;
    expect(list.map((e) => [e.actor, e.kind, e.action, e.target])).toEqual([
      ['cli', 'device', 'pair-code', id],
      ['cli', 'counter', 'create', id],
      ['system', 'account', 'create', 'admin'], // the first administrator, made by the hub itself
    ]);
    expect(list[1]!.after).toMatchObject({ name: 'Quầy dòng lệnh' });
    expect(JSON.stringify(list)).not.toContain(code);
  });

  it('records who, when, what, before and after for every kind of administrative change', async () => {
    h = await adminHub();
    const a = h.admin;
    // counters and devices
    const counter = (await a.post<{ id: string }>('/api/admin/counters', { name: 'Quầy 1', buttons: 4, minIntervalS: 3 })).body.data!;
    expect((await a.call('PATCH', `/api/admin/counters/${counter.id}`, { name: 'Quầy Tư pháp', buttons: 3 })).status).toBe(200);
    const deviceId = await pairDevice(counter.id);
    expect((await a.call('PATCH', `/api/admin/devices/${deviceId}`, { scale: { buttons: 5, map: [5, 4, 3, 2, 1] }, minIntervalS: 10 })).status).toBe(200);
    expect((await a.post(`/api/admin/devices/${deviceId}/revoke`)).status).toBe(200);
    // accounts and API tokens
    expect((await a.post('/api/admin/users', { username: 'lan', displayName: 'Nguyễn Thị Lan', role: 'staff' })).status).toBe(201);
    const lan = h.hub.services.auth.userByName('lan')!;
    expect((await a.post(`/api/admin/users/${lan.id}/disable`)).status).toBe(200);
    const token = (await a.post<{ id: string; token: string }>('/api/admin/tokens', { name: 'Phần mềm một cửa tỉnh' })).body.data!;
    expect((await a.post(`/api/admin/tokens/${token.id}/revoke`)).status).toBe(200);
    // procedures and holidays
    expect((await a.post('/api/admin/procedures', { code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0 })).status).toBe(201);
    expect((await a.call('PATCH', '/api/admin/procedures/HT-KS', { processingDays: 1 })).status).toBe(200);
    expect((await a.post('/api/admin/holidays', { date: '2026-12-31', name: 'Nghỉ bù' })).status).toBe(200);
    expect((await a.call('DELETE', '/api/admin/holidays/2026-12-31')).status).toBe(200);
    // SMS template, public information, settings
    expect((await a.call('PUT', '/api/admin/sms/templates/ready', { body: '{communeName}: ho so {fileCode} da co ket qua.' })).status).toBe(200);
    const contact = (await a.post<{ id: string }>('/api/admin/contacts', { name: 'Trần Văn Bình', title: 'Chủ tịch UBND xã', phone: '0912 345 678' })).body.data!;
    expect((await a.call('PUT', `/api/admin/contacts/${contact.id}`, { name: 'Trần Văn Bình', title: 'Chủ tịch UBND xã', phone: '0912 345 679' })).status).toBe(200);
    expect((await a.call('DELETE', `/api/admin/contacts/${contact.id}`)).status).toBe(200);
    expect((await a.call('PUT', '/api/admin/settings', { values: { 'commune.name': 'Xã Đông Phong', 'retention.days': 120, 'upstream.url': 'https://tinh.example.vn' } })).status).toBe(200);

    const all = (await entries('?pageSize=200')).entries;
    const find = (kind: string, action: string) => {
      const e = all.find((x) => x.kind === kind && x.action === action);
      expect(e, `${kind} ${action}`).toBeDefined();
      expect(e!.actor).toBe('admin');
      expect(e!.at).toBe(h!.clock.now());
      return e!;
    };
    expect(find('counter', 'create').after).toMatchObject({ name: 'Quầy 1', buttons: 4 });
    const renamed = find('counter', 'update');
    expect(renamed).toMatchObject({ target: counter.id, before: { name: 'Quầy 1', buttons: 4 }, after: { name: 'Quầy Tư pháp', buttons: 3 } });
    const paired = all.find((x) => x.kind === 'device' && x.action === 'pair')!;
    expect(paired).toMatchObject({ actor: 'pairing-code', target: deviceId, after: { counter: { id: counter.id }, scale: { buttons: 3 } } });
    expect(JSON.stringify(paired)).not.toMatch(/token/i);
    const pc = find('device', 'pair-code');
    expect(JSON.stringify(pc)).not.toMatch(/"code"/);
    expect(find('device', 'update')).toMatchObject({ target: deviceId, before: { scale: { buttons: 3 }, minIntervalS: 3 }, after: { scale: { buttons: 5, map: [5, 4, 3, 2, 1] }, minIntervalS: 10 } });
    expect(find('device', 'revoke')).toMatchObject({ before: { revoked: false }, after: { revoked: true } });
    const created = find('account', 'create');
    expect(created).toMatchObject({ target: 'lan', after: { user: { username: 'lan', role: 'staff' }, password: '***' } });
    expect(find('account', 'disable')).toMatchObject({ target: 'lan', before: { disabled: false }, after: { disabled: true } });
    expect(JSON.stringify(all)).not.toContain(token.token);
    expect(find('api-token', 'create')).toMatchObject({ target: token.id, after: { name: 'Phần mềm một cửa tỉnh' } });
    expect(find('api-token', 'revoke')).toMatchObject({ target: token.id, before: { revoked: false }, after: { revoked: true } });
    expect(find('procedure', 'create')).toMatchObject({ target: 'HT-KS', before: null, after: { processingDays: 0 } });
    expect(find('procedure', 'update')).toMatchObject({ before: { processingDays: 0 }, after: { processingDays: 1 } });
    expect(find('holiday', 'set')).toMatchObject({ target: '2026-12-31', before: null, after: { name: 'Nghỉ bù' } });
    expect(find('holiday', 'delete')).toMatchObject({ target: '2026-12-31', before: { name: 'Nghỉ bù' }, after: null });
    expect(find('sms-template', 'update')).toMatchObject({ target: 'ready', after: { body: '{communeName}: ho so {fileCode} da co ket qua.' } });
    expect(find('contact', 'update')).toMatchObject({ target: contact.id, before: { title: 'Chủ tịch UBND xã' } });
    expect(find('contact', 'delete')).toMatchObject({ target: contact.id, after: null });
    expect(find('setting', 'update')).toMatchObject({ before: { 'commune.name': 'Xã chưa cấu hình', 'retention.days': 90, 'upstream.url': null }, after: { 'commune.name': 'Xã Đông Phong', 'retention.days': 120, 'upstream.url': 'https://tinh.example.vn' } });
    // newest first
    expect(all.map((e) => e.id)).toEqual([...all].sort((x, y) => y.at - x.at || (y.id > x.id ? 1 : -1)).map((e) => e.id));
  });

  it('bad requests get a reason code, change nothing and write no audit entry', async () => {
    h = await adminHub();
    const a = h.admin;
    const counter = (await a.post<{ id: string }>('/api/admin/counters', { name: 'Quầy 1' })).body.data!;
    await a.post('/api/admin/counters', { name: 'Quầy 2' });
    const deviceId = await pairDevice(counter.id);
    const snapshot = () => JSON.stringify([h!.db.prepare('SELECT * FROM counters ORDER BY id').all(), h!.db.prepare('SELECT id, label, buttons, button_map, min_interval_s, revoked_at FROM devices').all(), h!.db.prepare('SELECT * FROM procedures').all(), h!.db.prepare("SELECT * FROM settings WHERE key LIKE 'admin.%'").all()]);
    const before = snapshot();
    const count = h.auditCount();
    const cases: [string, string, unknown, number, string][] = [
      ['PATCH', `/api/admin/counters/${counter.id}`, { name: '' }, 400, 'invalid-payload'],
      ['PATCH', `/api/admin/counters/${counter.id}`, { name: 'Quầy 2' }, 409, 'duplicate-name'],
      ['PATCH', `/api/admin/counters/${counter.id}`, { buttons: 6 }, 400, 'invalid-payload'],
      ['PATCH', `/api/admin/counters/${counter.id}`, { colour: 'red' }, 400, 'invalid-payload'],
      ['PATCH', `/api/admin/counters/${counter.id}`, {}, 400, 'invalid-payload'],
      ['PATCH', '/api/admin/counters/q-nothere', { name: 'X' }, 404, 'counter-not-found'],
      ['POST', '/api/admin/counters', { name: 'Quầy 1' }, 409, 'duplicate-name'],
      ['POST', '/api/admin/counters/q-nothere/pair-code', undefined, 404, 'counter-not-found'],
      ['PATCH', `/api/admin/devices/${deviceId}`, { scale: { buttons: 3, map: [5, 5, 2] } }, 400, 'invalid-payload'],
      ['PATCH', `/api/admin/devices/${deviceId}`, { scale: { buttons: 4, map: [5, 4, 3] } }, 400, 'invalid-payload'],
      ['PATCH', `/api/admin/devices/${deviceId}`, { minIntervalS: -1 }, 400, 'invalid-payload'],
      ['PATCH', '/api/admin/devices/d-nothere', { label: 'x' }, 404, 'device-not-found'],
      ['POST', '/api/admin/devices/d-nothere/revoke', undefined, 404, 'device-not-found'],
      ['POST', '/api/admin/procedures', { code: 'HT-KS', name: 'x' }, 400, 'invalid-payload'],
      ['PATCH', '/api/admin/procedures/NOPE', { processingDays: 2 }, 404, 'procedure-not-found'],
      ['PUT', '/api/admin/sms/templates/ready', { body: 'Xin chao {nobody}' }, 400, 'sms-template-invalid'],
      ['PUT', '/api/admin/settings', { values: { 'retention.days': -3 } }, 400, 'invalid-payload'],
    ];
    for (const [method, p, body, status, reason] of cases) {
      const r = await a.call(method, p, body);
      expect([r.status, r.body.reason], `${method} ${p} ${JSON.stringify(body)}`).toEqual([status, reason]);
    }
    expect(snapshot()).toBe(before);
    expect(h.auditCount()).toBe(count);
  });

  it('shows file transitions from the files history, filters by range, person and kind, pages, and exports CSV and XLSX', async () => {
    h = await adminHub();
    const a = h.admin;
    fileMadeReady(h, 'Quầy 1');
    // admin changes on the next day
    h.clock.advance(24 * 3_600_000);
    expect((await a.login('admin', ADMIN_PW)).status).toBe(200); // the session of yesterday has ended
    for (let i = 1; i <= 5; i++) await a.post('/api/admin/counters', { name: `Quầy ${i + 1}` });

    const files = (await entries('?kind=file&from=2026-11-23&to=2026-11-24')).entries;
    expect(files.map((e) => [e.actor, e.action, e.target, e.after.status])).toEqual([
      ['mai', 'ready', 'HS-0001', 'ready'],
      ['mai', 'received', 'HS-0001', 'received'],
    ]);
    expect(files[0]!.before).toMatchObject({ status: 'received' });
    expect(JSON.stringify(files)).not.toContain('0912345678');
    expect(JSON.stringify(files)).not.toContain('Lê Văn Đức');

    // by day: the 23rd has the file events and the first administrator's creation; the 24th only the counters
    expect((await entries('?from=2026-11-23&to=2026-11-23')).total).toBe(3);
    expect((await entries('?from=2026-11-24&to=2026-11-24')).total).toBe(5);
    expect((await entries('?from=2026-11-23&to=2026-11-24&actor=mai')).total).toBe(2);
    expect((await entries('?from=2026-11-23&to=2026-11-24&actor=admin&kind=counter')).total).toBe(5);
    const p1 = await entries('?from=2026-11-23&to=2026-11-24&pageSize=3');
    const p3 = await entries('?from=2026-11-23&to=2026-11-24&pageSize=3&page=3');
    expect([p1.total, p1.entries.length, p3.entries.length]).toEqual([8, 3, 2]);
    expect(p3.entries.map((e) => [e.actor, e.action])).toEqual([
      ['mai', 'received'],
      ['system', 'create'],
    ]);
    for (const bad of ['?from=2026-13-01', '?from=2026-11-24&to=2026-11-01', '?page=0', '?pageSize=5000', '?colour=red']) {
      const r = await a.get(`/api/admin/audit${bad}`);
      expect(r.status, bad).toBe(400);
      expect(['invalid-payload', 'bad-date']).toContain(r.body.reason);
    }

    // the export walks in batches with a keyset cursor; five entries share one timestamp: none lost or repeated
    const all = (await entries('?from=2026-11-23&to=2026-11-24&pageSize=200')).entries.map((e) => e.id).reverse();
    const f = h.hub.services.audit.filter({ from: '2026-11-23', to: '2026-11-24' }).filter;
    for (const batch of [1, 2, 3, 500]) expect([...h.hub.services.audit.iterate(f, batch)].map((e) => e.id), `batch ${batch}`).toEqual(all);

    // CSV: UTF-8 with a BOM, oldest first, read back by a BOM-aware parser
    const csvRes = await fetch(`${h.url}/api/admin/audit/export.csv?from=2026-11-23&to=2026-11-24`, { headers: { cookie: a.cookie! } });
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    const buf = Buffer.from(await csvRes.arrayBuffer());
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(buf, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ 'Thời điểm': '23/11/2026 09:00', 'Người thực hiện': 'system', 'Loại': 'Tài khoản', 'Hành động': 'tạo mới' });
    // in words, as the page shows it (issue 14 §4): the kind and step named, the time dd/mm/yyyy HH:mm
    expect(rows[1]).toMatchObject({ 'Thời điểm': '23/11/2026 09:00', 'Người thực hiện': 'mai', 'Loại': 'Hồ sơ', 'Hành động': 'Tiếp nhận', 'Đối tượng': 'HS-0001' });
    expect(rows[7]!['Sau']!.split('\n')).toContain('Tên: Quầy 6');
    expect(rows[7]!['Đối tượng']).toBe('Quầy 6'); // the counter's id, by its name

    // XLSX: real dates, the same rows
    const xRes = await fetch(`${h.url}/api/admin/audit/export.xlsx?from=2026-11-23&to=2026-11-24`, { headers: { cookie: a.cookie! } });
    expect(xRes.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xRes.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(9);
    expect(ws.getRow(1).getCell(1).value).toBe('Thời điểm');
    const first = ws.getRow(2).getCell(1).value as Date;
    expect(first).toBeInstanceOf(Date);
    expect(first.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(ws.getRow(9).getCell(2).value).toBe('admin');
  });

  it('exports read like the page (issue 14 §4): settings by their labels, statuses and days off in words, ids by names, times dd/mm/yyyy HH:mm in Vietnam', async () => {
    h = await adminHub();
    const a = h.admin;
    const counter = fileMadeReady(h, 'Quầy Tư pháp – Hộ tịch'); // now 10:00 in Vietnam
    expect((await a.call('PUT', '/api/admin/settings', { values: { 'commune.name': 'Xã Đông Phong', 'sms.undoSeconds': 30 } })).status).toBe(200);
    expect((await a.post('/api/admin/holidays', { date: '2026-12-31', name: 'Nghỉ bù', kind: 'off' })).status).toBe(200);
    const contact = await a.post<{ id: string }>('/api/admin/contacts', { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND xã', phone: '0912 345 678' });
    expect((await a.call('DELETE', `/api/admin/contacts/${contact.body.data!.id}`)).status).toBe(200);
    expect((await a.post(`/api/admin/counters/${counter.id}/pair-code`)).status).toBe(200);

    const csvRes = await fetch(`${h.url}/api/admin/audit/export.csv?from=2026-11-23&to=2026-11-23`, { headers: { cookie: a.cookie! } });
    const rows = parse(Buffer.from(await csvRes.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
    const row = (kind: string, action: string) => rows.find((r) => r['Loại'] === kind && r['Hành động'] === action)!;
    // a setting by the settings page's label, never its key ("sms.undoSeconds")
    expect(row('Cài đặt', 'sửa')).toMatchObject({
      'Thời điểm': '23/11/2026 10:00',
      'Đối tượng': 'Tên xã / phường, Thời gian hoàn tác (giây)',
      'Trước': 'Tên xã / phường: Xã chưa cấu hình\nThời gian hoàn tác (giây): 60',
      'Sau': 'Tên xã / phường: Xã Đông Phong\nThời gian hoàn tác (giây): 30',
    });
    // a file's step and status in the counter page's and the exports' words
    expect(row('Hồ sơ', 'Có kết quả')).toMatchObject({ 'Người thực hiện': 'mai', 'Đối tượng': 'HS-0001', 'Trước': expect.stringContaining('Trạng thái: Đang giải quyết'), 'Sau': expect.stringContaining('Trạng thái: Đã có kết quả') });
    expect(row('Ngày nghỉ', 'đặt')['Sau']!.split('\n')).toContain('Loại: Ngày nghỉ');
    // a contact since deleted, by the name it had; a pairing code's counter by its name and its expiry as a time
    expect(row('Số điện thoại công khai', 'xóa')['Đối tượng']).toBe('Nguyễn Văn An');
    expect(row('Thiết bị', 'tạo mã ghép nối')['Đối tượng']).toBe('Quầy Tư pháp – Hộ tịch');
    expect(row('Thiết bị', 'tạo mã ghép nối')['Sau']).toMatch(/Hết hạn lúc: 23\/11\/2026 \d{2}:\d{2}/);
    // every cell a person reads: no key, id or epoch, no English word (the actor is a username, data)
    for (const r of rows) {
      const { 'Người thực hiện': _actor, ...read } = r!;
      // the first administrator's username, "admin", is data too
      expect(unreadableIn(Object.values(read).join('\n'), { allow: ['admin'] }), JSON.stringify(r)).toEqual([]);
    }

    // XLSX: the same words, the time a real date in Vietnam's wall-clock time
    const xRes = await fetch(`${h.url}/api/admin/audit/export.xlsx?from=2026-11-23&to=2026-11-23`, { headers: { cookie: a.cookie! } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xRes.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const sheet = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2));
    const setting = sheet.find((r) => r.getCell(3).value === 'Cài đặt')!;
    expect((setting.getCell(1).value as Date).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect([setting.getCell(5).value, setting.getCell(7).value]).toEqual(['Tên xã / phường, Thời gian hoàn tác (giây)', 'Tên xã / phường: Xã Đông Phong\nThời gian hoàn tác (giây): 30']);
    expect(sheet.map((r) => r.getCell(4).value)).toEqual(rows.map((r) => r['Hành động']));
  });
});
