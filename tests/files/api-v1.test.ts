import { afterEach, describe, expect, it } from 'vitest';
import type { FileEventView, FileView, ProcedureView } from '@onestop/shared';
import { adminClient, catalogue, Client, testHub, type TestHub } from './testHub.js';

let h: TestHub;
afterEach(async () => {
  await h?.close();
});

const count = (table: string) => (h.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** An API token made by the admin on the page, and a client that presents it. */
async function apiClientViaAdmin(name = 'Phần mềm một cửa tỉnh') {
  const admin = await adminClient(h);
  const made = await admin.post<{ id: string; token: string }>('/api/admin/tokens', { name });
  expect(made.status).toBe(201);
  expect(made.body.data!.token).toMatch(/^hub_[A-Za-z0-9_-]{43}$/);
  return { admin, api: new Client(h.url, { authorization: `Bearer ${made.body.data!.token}` }), tokenId: made.body.data!.id, token: made.body.data!.token };
}

/** A client with a token made by the service (as `npx hub token add` does). */
function apiClient(name = 'Phần mềm một cửa tỉnh') {
  const { token } = h.hub.services.apiTokens.create({ name });
  return { api: new Client(h.url, { authorization: `Bearer ${token}` }) };
}

describe('API v1: authentication', () => {
  it('needs a bearer token: none, unknown or revoked is 401; a session cookie is not enough; only a hash is stored', async () => {
    h = await testHub();
    const { admin, api, tokenId, token } = await apiClientViaAdmin();
    expect((await api.get('/api/v1/procedures')).status).toBe(200);

    const none = await new Client(h.url).get('/api/v1/procedures');
    expect([none.status, none.body.reason, none.headers.get('www-authenticate')]).toEqual([401, 'unauthorized', 'Bearer realm="hub"']);
    expect((await new Client(h.url, { authorization: 'Bearer hub_nope' }).get('/api/v1/procedures')).status).toBe(401);
    expect((await new Client(h.url, { authorization: token }).get('/api/v1/procedures')).status).toBe(401);
    expect((await admin.get('/api/v1/procedures')).status).toBe(401);
    expect(JSON.stringify(h.db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token.slice(4));

    expect((await admin.get<{ id: string; revoked: boolean }[]>('/api/admin/tokens')).body.data).toEqual([expect.objectContaining({ id: tokenId, revoked: false })]);
    expect((await admin.post(`/api/admin/tokens/${tokenId}/revoke`)).status).toBe(200);
    const revoked = await api.get('/api/v1/procedures');
    expect([revoked.status, revoked.body.reason]).toEqual([401, 'token-revoked']);
    expect((await admin.post('/api/admin/tokens/t-nothere/revoke')).body.reason).toBe('token-not-found');
  });
});

describe('API v1: procedures', () => {
  it('a script loads the catalogue: 201 for a new one, 409 for a code that exists, 400 for a bad body; PUT replaces', async () => {
    h = await testHub();
    const { api } = apiClient();
    const p = { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: 0 };
    const created = await api.post<ProcedureView>('/api/v1/procedures', p);
    expect([created.status, created.body.data]).toEqual([201, { ...p, documents: [], active: true, smsName: 'Đăng ký khai sinh', smsNameDerived: true }]);
    expect((await api.post('/api/v1/procedures', p)).status).toBe(409);
    for (const bad of [{ ...p, code: 'X 1' }, { ...p, processingDays: -1 }, { ...p, processingDays: 1.5 }, { ...p, fee: '2000' }, { ...p, extra: 1 }, { code: 'A' }]) {
      const r = await api.post('/api/v1/procedures', bad);
      expect([r.status, r.body.reason]).toEqual([400, 'invalid-payload']);
    }
    expect((await api.call('PUT', '/api/v1/procedures/1.001193', { ...p, processingDays: 1 })).status).toBe(200);
    expect((await api.call('PUT', '/api/v1/procedures/2.000815', { name: 'Chứng thực bản sao', field: 'Chứng thực', processingDays: 0 })).status).toBe(201);
    const list = (await api.get<ProcedureView[]>('/api/v1/procedures')).body.data!;
    expect(list.map((x) => [x.code, x.processingDays])).toEqual([
      ['2.000815', 0],
      ['1.001193', 1],
    ]);
  });
});

describe('API v1: files', () => {
  it('drives the life cycle: 201 on create, 200 on each allowed change, 409 with a reason on a refused one, 404 for an unknown code', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const { api } = apiClient('Một cửa tỉnh');
    const body = { code: 'H56.22-261123-0007', procedureCode: 'HT-TTHN', citizenName: 'Hà Văn Sơn', phone: '+84 97 111 2233', receivedAt: '2026-11-23T08:15:00+07:00', counterId: counter.id };
    const created = await api.post<FileView>('/api/v1/files', body);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ code: body.code, phone: '+84971112233', receivedAt: Date.parse('2026-11-23T01:15:00Z'), dueDate: '2026-11-26', receivedBy: null, counterId: counter.id });

    const status = (b: unknown, code = body.code) => api.post<FileView>(`/api/v1/files/${code}/status`, b);
    expect((await status({ status: 'ready' })).status).toBe(200);
    const again = await status({ status: 'ready' });
    expect([again.status, again.body.reason]).toEqual([409, 'transition-not-allowed']);
    expect((await status({ status: 'returned' })).body.data).toMatchObject({ status: 'returned' });
    expect((await status({ status: 'returned' })).status).toBe(409);
    expect((await status({ status: 'ready' }, 'NOPE')).status).toBe(404);

    const got = await api.get<{ file: FileView; history: FileEventView[] }>(`/api/v1/files/${body.code}`);
    expect(got.body.data!.history.map((e) => [e.kind, e.by])).toEqual([
      ['received', 'API: Một cửa tỉnh'],
      ['ready', 'API: Một cửa tỉnh'],
      ['returned', 'API: Một cửa tỉnh'],
    ]);
    // no SMS reader wired in this hub: the list is empty, not an error
    expect((await api.get(`/api/v1/files/${body.code}/sms`)).body).toEqual({ ok: true, data: [] });
    expect(h.outbox().map((m) => m.kind)).toEqual(['ready']);
  });

  it('a late file gets an apology and a new date through the API', async () => {
    h = await testHub();
    catalogue(h);
    const { api } = apiClient();
    await api.post('/api/v1/files', { code: 'L-9', procedureCode: 'HT-TTHN', citizenName: 'Lý Thị Na', phone: '0912345678', dueDate: '2026-11-24' });
    const r = await api.post<FileView>('/api/v1/files/L-9/status', { status: 'late', reason: 'Hệ thống dữ liệu hộ tịch gián đoạn', newDueDate: '2026-11-27' });
    expect(r.body.data).toMatchObject({ dueDate: '2026-11-27', apologies: 1 });
    expect(h.outbox()[0]).toMatchObject({ kind: 'apology', vars: { appointmentDate: '24/11/2026', newDate: '27/11/2026' } });
  });

  it.each([
    ['no phone', { code: 'B-1', procedureCode: 'HT-KS', citizenName: 'A' }, 400, 'invalid-payload'],
    ['a bad phone', { code: 'B-1', procedureCode: 'HT-KS', citizenName: 'A', phone: '0123' }, 400, 'phone-invalid'],
    ['an unknown procedure', { code: 'B-1', procedureCode: 'ZZ', citizenName: 'A', phone: '0912345678' }, 404, 'procedure-not-found'],
    ['a code with a slash', { code: 'B/1', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678' }, 400, 'invalid-payload'],
    ['a date that does not exist', { code: 'B-1', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678', dueDate: '2026-02-30' }, 400, 'invalid-payload'],
    ['a receipt time in the future', { code: 'B-1', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678', receivedAt: '2027-01-01T08:00:00+07:00' }, 400, 'bad-date'],
    ['an unknown counter', { code: 'B-1', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678', counterId: 'q-none' }, 404, 'counter-not-found'],
    ['an unknown field', { code: 'B-1', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678', note: 'x' }, 400, 'invalid-payload'],
  ])('refuses a body with %s, changing nothing', async (_what, body, status, reason) => {
    h = await testHub();
    catalogue(h);
    const { api } = apiClient();
    const r = await api.post('/api/v1/files', body);
    expect([r.status, r.body.reason]).toEqual([status, reason]);
    expect(count('files')).toBe(0);
    expect(count('file_events')).toBe(0);
  });

  it('refuses a second file with the same code (409) and malformed JSON (400)', async () => {
    h = await testHub();
    catalogue(h);
    const { api } = apiClient();
    const body = { code: 'D-1', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678' };
    expect((await api.post('/api/v1/files', body)).status).toBe(201);
    const dup = await api.post('/api/v1/files', { ...body, citizenName: 'B' });
    expect([dup.status, dup.body.reason]).toEqual([409, 'duplicate-code']);
    const broken = await api.post('/api/v1/files', '{"code": ', { 'content-type': 'application/json' });
    expect([broken.status, broken.body.reason]).toEqual([400, 'invalid-payload']);
    expect(count('files')).toBe(1);
  });
});

describe('CSV import of the catalogue (admin)', () => {
  const csv = 'code,name,field,processingDays,fee\r\nHT-KS,Đăng ký khai sinh,Hộ tịch,0,\r\nCT-BS,"Chứng thực bản sao, từ bản chính",Chứng thực,0,2.000\r\n';

  it('imports every row, updating codes that exist', async () => {
    h = await testHub();
    const admin = await adminClient(h);
    h.hub.services.procedures.create({ code: 'HT-KS', name: 'cũ', field: 'cũ', processingDays: 5 });
    const r = await admin.post('/api/admin/procedures/import', csv, { 'content-type': 'text/csv; charset=utf-8' });
    expect(r.body).toEqual({ ok: true, data: { created: 1, updated: 1 } });
    expect(h.hub.services.procedures.get('HT-KS')).toMatchObject({ name: 'Đăng ký khai sinh', processingDays: 0, fee: null });
    expect(h.hub.services.procedures.get('CT-BS')).toMatchObject({ fee: 2000 });
  });

  it('a file with bad rows is refused whole, naming the rows', async () => {
    h = await testHub();
    const admin = await adminClient(h);
    const bad = csv + 'X Y,Sai mã,Hộ tịch,1,\r\nOK-2,Tên,Hộ tịch,một,\r\n';
    const r = await admin.post('/api/admin/procedures/import', bad, { 'content-type': 'text/csv' });
    expect([r.status, r.body.reason]).toEqual([400, 'invalid-csv']);
    expect(r.body.detail).toMatch(/^row 4: code/m);
    expect(r.body.detail).toMatch(/^row 5: processingDays/m);
    expect(count('procedures')).toBe(0);
    const empty = await admin.post('/api/admin/procedures/import', '', { 'content-type': 'text/csv' });
    expect(empty.body.reason).toBe('invalid-csv');
  });
});
