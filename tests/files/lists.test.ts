import { afterEach, describe, expect, it } from 'vitest';
import type { FileView } from '@onestop/shared';
import { catalogue, MONDAY_9AM, quickStaff, staffClient, testHub, type TestHub } from './testHub.js';
import { TestClock } from '../kit/index.js';

let h: TestHub;
afterEach(async () => {
  await h?.close();
});

const DAY = 86_400_000;
const codes = (files: FileView[] | undefined) => (files ?? []).map((f) => f.code).sort();

describe('the counter page’s lists', () => {
  it('today’s files, due on the next working day, overdue, ready and not collected, waiting for a supplement', async () => {
    // Thursday 19/11/2026 09:00
    h = await testHub({ clock: new TestClock(MONDAY_9AM - 4 * DAY) });
    const { counter } = catalogue(h);
    h.hub.services.procedures.create({ code: 'CT-HD', name: 'Chứng thực hợp đồng', field: 'Chứng thực', processingDays: 2 });
    const files = h.hub.services.files;
    const actor = quickStaff(h, counter.id);
    const receive = (code: string, procedureCode: string, phone = '0912345678', citizenName = 'Lê Thị Mai') =>
      files.receiveAtCounter({ code, procedureCode, citizenName, phone }, actor);
    receive('OLD-LATE', 'HT-KS'); // due Thursday 19/11
    receive('DUE-MON', 'CT-HD'); // due Monday 23/11
    receive('READY', 'HT-KS');
    files.transition('READY', { status: 'ready' }, actor);
    receive('SUPP', 'HT-TTHN');
    files.transition('SUPP', { status: 'supplement', reason: 'Thiếu tờ khai' }, actor);
    h.clock.advance(DAY); // Friday 20/11
    receive('FRI-1', 'HT-TTHN'); // due Wednesday 25/11
    receive('FRI-2', 'HT-KS'); // due today

    const { client } = await staffClient(h, counter.id);
    const list = async (name: string) => (await client.get<FileView[]>(`/api/staff/files?list=${name}`)).body.data;
    expect(codes(await list('today'))).toEqual(['FRI-1', 'FRI-2']);
    // on a Friday, "tomorrow" is Monday
    expect(codes(await list('due-tomorrow'))).toEqual(['DUE-MON']);
    expect(codes(await list('overdue'))).toEqual(['OLD-LATE']);
    expect(codes(await list('ready'))).toEqual(['READY']);
    expect(codes(await list('supplement'))).toEqual(['SUPP']);
    const late = (await list('overdue'))![0]!;
    expect(late).toMatchObject({ late: true, phone: '09xx xxx 678' });
    expect((await client.get('/api/staff/files?list=everything')).body.reason).toBe('invalid-payload');
  });
});

describe('search', () => {
  it('by code, by a phone number however it is typed or by its last digits, by name with or without diacritics', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const files = h.hub.services.files;
    const actor = quickStaff(h, counter.id);
    files.receiveAtCounter({ code: '000.00.15.H56-261123-0001', procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn Đức', phone: '0912345678' }, actor);
    files.receiveAtCounter({ code: '000.00.15.H56-261123-0002', procedureCode: 'HT-KS', citizenName: 'Trần Thị Hồng', phone: '0388 777 666' }, actor);
    files.receiveAtCounter({ code: 'B-3', procedureCode: 'HT-TTHN', citizenName: 'Nguyễn Thị Đào', phone: '+84 70 123 4567' }, actor);
    const { client } = await staffClient(h, counter.id);
    const search = async (q: string) => codes((await client.get<FileView[]>(`/api/staff/files?q=${encodeURIComponent(q)}`)).body.data);

    expect(await search('000.00.15.H56-261123-0002')).toEqual(['000.00.15.H56-261123-0002']);
    expect(await search('h56-261123')).toEqual(['000.00.15.H56-261123-0001', '000.00.15.H56-261123-0002']);
    expect(await search('091.234.5678')).toEqual(['000.00.15.H56-261123-0001']);
    expect(await search('+84912345678')).toEqual(['000.00.15.H56-261123-0001']);
    expect(await search('84388777666')).toEqual(['000.00.15.H56-261123-0002']);
    expect(await search('4567')).toEqual(['B-3']);
    expect(await search('0701')).toEqual(['B-3']);
    expect(await search('nguyen')).toEqual(['000.00.15.H56-261123-0001', 'B-3']);
    expect(await search('Đức')).toEqual(['000.00.15.H56-261123-0001']);
    expect(await search('TRAN THI hong')).toEqual(['000.00.15.H56-261123-0002']);
    expect(await search('100%')).toEqual([]);
    expect((await client.get('/api/staff/files?q=x')).body.reason).toBe('invalid-payload');
  });
});

describe('print data', () => {
  it('the receipt carries what the paper needs, and the code for its QR', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const { client } = await staffClient(h, counter.id);
    await client.post('/api/staff/files', { code: 'P-1', procedureCode: 'HT-KS', citizenName: 'Đỗ Minh Khoa', phone: '0912345678' });
    const r = await client.get<Record<string, unknown>>('/api/staff/files/P-1/receipt');
    expect(r.body.data).toMatchObject({ communeName: 'Xã Ví Dụ', counterName: 'Quầy 1', receivedByName: 'Nguyễn Thị Lan', fee: 0, qr: 'P-1', file: { dueDate: '2026-11-23', dueTime: '08:00', citizenName: 'Đỗ Minh Khoa' } });
    expect((await client.get('/api/staff/files/P-1/apology')).body.reason).toBe('not-found');
    // the day and the commune's time of return (tests/files/return-time.test.ts)
    expect((await client.get('/api/staff/appointment?procedureCode=HT-TTHN')).body.data).toEqual({ dueDate: '2026-11-26', dueTime: '08:00' });
  });

  it('the kiosk finds a file by its code without any personal data', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    h.hub.services.files.receiveAtCounter({ code: 'K-1', procedureCode: 'HT-TTHN', citizenName: 'Bùi Văn Tâm', phone: '0912345678' }, quickStaff(h, counter.id));
    const r = await fetch(`${h.url}/api/public/files/K-1`);
    const body = (await r.json()) as { data: unknown };
    expect(body.data).toEqual({ code: 'K-1', procedureName: 'Xác nhận tình trạng hôn nhân', status: 'received', dueDate: '2026-11-26', late: false });
    expect(JSON.stringify(body)).not.toMatch(/Tâm|912/);
    expect((await fetch(`${h.url}/api/public/files/NOPE`)).status).toBe(404);
  });

  it('guessing codes is rate-limited per address: after 10 lookups that find nothing in a minute, 429 for a minute', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    h.hub.services.files.receiveAtCounter({ code: 'K-2', procedureCode: 'HT-TTHN', citizenName: 'Bùi Văn Tâm', phone: '0912345678' }, quickStaff(h, counter.id));
    // finding files does not use up the guessing budget
    for (let i = 0; i < 12; i++) expect((await fetch(`${h.url}/api/public/files/K-2`)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await fetch(`${h.url}/api/public/files/GUESS-${i}`)).status).toBe(404);
    const blocked = await fetch(`${h.url}/api/public/files/GUESS-10`);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({ ok: false, reason: 'rate-limited' });
    // the address is held back for the rest of the minute, even for a real code
    expect((await fetch(`${h.url}/api/public/files/K-2`)).status).toBe(429);
  });
});
