import { afterEach, describe, expect, it } from 'vitest';
import type { FileEventView, FileView } from '@onestop/shared';
import { fileFigures } from '../../hub/src/files/figures.js';
import { catalogue, quickStaff, STAFF_PW, staffClient, testHub, type TestHub } from './testHub.js';

let h: TestHub;
afterEach(async () => {
  await h?.close();
});

const DAY = 86_400_000;
const fileCount = () => (h.db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;

/** A file received through the service by a staff member at the counter. */
function receive(counterId: string, extra: Record<string, unknown> = {}) {
  const actor = quickStaff(h, counterId);
  const f = h.hub.services.files.receiveAtCounter({ procedureCode: 'HT-TTHN', citizenName: 'Lê Văn Đức', phone: '0912345678', ...extra }, actor);
  return { f, actor };
}

describe('receiving a file at the counter', () => {
  it('gets its appointment from the procedure’s working days, stores the mobile in E.164, and records who and where', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const { client, userId } = await staffClient(h, counter.id);
    const res = await client.post<FileView>('/api/staff/files', { code: 'HS-0001', procedureCode: 'HT-TTHN', citizenName: 'Nguyễn Văn An', phone: '091 234 5678' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      code: 'HS-0001',
      procedure: { code: 'HT-TTHN', processingDays: 3 },
      phone: '+84912345678',
      counterId: counter.id,
      receivedBy: { id: userId, name: 'Nguyễn Thị Lan' },
      receivedAt: h.clock.now(),
      // Monday 09:00 + 3 working days
      dueDate: '2026-11-26',
      status: 'received',
      late: false,
    });
    const got = await client.get<{ file: FileView; history: FileEventView[] }>('/api/staff/files/HS-0001');
    expect(got.body.data!.history).toEqual([expect.objectContaining({ kind: 'received', from: null, to: 'received', by: 'Nguyễn Thị Lan', counterId: counter.id, newDueDate: '2026-11-26' })]);
    // the "received" SMS is optional and off by default
    expect(h.outbox()).toEqual([]);
  });

  it('makes a code when none is typed, and takes an appointment the staff changed', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const a = receive(counter.id).f;
    const b = receive(counter.id, { dueDate: '2026-11-30' }).f;
    expect([a.code, b.code]).toEqual(['20261123-0001', '20261123-0002']);
    expect(b.dueDate).toBe('2026-11-30');
    // a past appointment at the counter: the answer says to enter the file late (tests/files/late-entry.test.ts)
    expect(() => receive(counter.id, { dueDate: '2026-11-20' })).toThrow(/due-date-past/);
  });

  it.each([
    ['a landline', '024 3825 1234', 'phone-not-mobile'],
    ['too few digits', '091234567', 'phone-invalid'],
    ['letters', '09123abcde', 'phone-invalid'],
    ['a foreign number', '+1 202 555 0100', 'phone-not-mobile'],
  ])('refuses %s at entry with its reason, storing nothing', async (_what, phone, reason) => {
    h = await testHub();
    const { counter } = catalogue(h);
    const { client } = await staffClient(h, counter.id);
    const res = await client.post('/api/staff/files', { code: 'HS-1', procedureCode: 'HT-KS', citizenName: 'A', phone });
    expect([res.status, res.body.reason]).toEqual([400, reason]);
    expect(fileCount()).toBe(0);
  });

  it('refuses a second file with the same code, an unknown procedure and a malformed body', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    receive(counter.id, { code: 'HS-7' });
    expect(() => receive(counter.id, { code: 'hs-7' })).toThrow(/duplicate-code/);
    expect(() => receive(counter.id, { procedureCode: 'NOPE' })).toThrow(/procedure-not-found/);
    expect(() => receive(counter.id, { citizenName: '' })).toThrow(/invalid-payload/);
    expect(() => receive(counter.id, { code: 'has space' })).toThrow(/invalid-payload/);
    expect(fileCount()).toBe(1);
  });

  it('sends the optional "received" SMS with the appointment date when configured', async () => {
    h = await testHub({ smsOnReceived: true });
    const { counter } = catalogue(h);
    const { f } = receive(counter.id, { code: 'HS-9' });
    expect(h.outbox()).toEqual([
      expect.objectContaining({ kind: 'received', fileId: f.id, to: '+84912345678', vars: expect.objectContaining({ fileCode: 'HS-9', appointmentDate: '26/11/2026', communeName: 'Xã Ví Dụ' }) }),
    ]);
  });
});

describe('transitions', () => {
  it('supplement → received again (a new legal time) → ready → returned, each recorded, with the SMS the citizen should get', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const { client } = await staffClient(h, counter.id);
    await client.post('/api/staff/files', { code: 'HS-1', procedureCode: 'HT-TTHN', citizenName: 'Phạm Thị Hoa', phone: '0987654321' });
    const step = (body: unknown) => client.post<FileView>('/api/staff/files/HS-1/status', body);

    const supp = await step({ status: 'supplement', reason: 'Thiếu bản sao CCCD' });
    expect(supp.body.data).toMatchObject({ status: 'supplement', supplementReason: 'Thiếu bản sao CCCD' });
    h.clock.advance(DAY); // Tuesday: the citizen brings the paper; yesterday's session has ended
    expect((await step({ status: 'received' })).status).toBe(401);
    await client.login('canbo1', STAFF_PW, counter.id);
    const back = await step({ status: 'received' });
    expect(back.body.data).toMatchObject({ status: 'received', supplementReason: null, dueDate: '2026-11-27' });
    const ready = await step({ status: 'ready' });
    expect(ready.body.data).toMatchObject({ status: 'ready', readyAt: h.clock.now() });
    const returned = await step({ status: 'returned' });
    expect(returned.body.data).toMatchObject({ status: 'returned', closedAt: h.clock.now() });

    const hist = (await client.get<{ history: FileEventView[] }>('/api/staff/files/HS-1')).body.data!.history;
    expect(hist.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['received', null, 'received'],
      ['supplement', 'received', 'supplement'],
      ['resumed', 'supplement', 'received'],
      ['ready', 'received', 'ready'],
      ['returned', 'ready', 'returned'],
    ]);
    expect(hist[2]).toMatchObject({ oldDueDate: '2026-11-26', newDueDate: '2026-11-27' });
    expect(h.outbox().map((m) => [m.kind, m.to, m.vars.fileCode])).toEqual([
      ['supplement', '+84987654321', 'HS-1'],
      ['ready', '+84987654321', 'HS-1'],
    ]);
    expect(h.outbox()[0]!.vars).toMatchObject({ reason: 'Thiếu bản sao CCCD', procedure: 'Xác nhận tình trạng hôn nhân' });
  });

  it('refuses what makes no sense with a reason code, and changes nothing', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const { client } = await staffClient(h, counter.id);
    await client.post('/api/staff/files', { code: 'HS-2', procedureCode: 'HT-KS', citizenName: 'Võ An', phone: '0351234567' });
    const step = (body: unknown, code = 'HS-2') => client.post(`/api/staff/files/${code}/status`, body).then((r) => [r.status, r.body.reason]);

    expect(await step({ status: 'returned' })).toEqual([409, 'transition-not-allowed']);
    expect(await step({ status: 'received' })).toEqual([409, 'transition-not-allowed']);
    expect(await step({ status: 'supplement' })).toEqual([400, 'invalid-payload']);
    expect(await step({ status: 'late', reason: 'Chờ xác minh' })).toEqual([400, 'invalid-payload']);
    expect(await step({ status: 'done' })).toEqual([400, 'invalid-payload']);
    expect(await step({ status: 'ready' }, 'HS-404')).toEqual([404, 'file-not-found']);
    expect(await step({ status: 'ready' })).toEqual([200, undefined]);
    expect(await step({ status: 'ready' })).toEqual([409, 'transition-not-allowed']);
    expect(await step({ status: 'rejected', reason: 'x' })).toEqual([409, 'transition-not-allowed']);
    expect(await step({ status: 'late', reason: 'x', newDueDate: '2026-12-01' })).toEqual([409, 'transition-not-allowed']);
    expect(await step({ status: 'returned' })).toEqual([200, undefined]);
    expect(await step({ status: 'withdrawn' })).toEqual([409, 'transition-not-allowed']);
    const hist = (await client.get<{ history: FileEventView[] }>('/api/staff/files/HS-2')).body.data!.history;
    expect(hist.map((e) => e.kind)).toEqual(['received', 'ready', 'returned']);
    expect(h.outbox().map((m) => m.kind)).toEqual(['ready']);
  });

  it('a file may be rejected (with a reason) or withdrawn while received or waiting for a supplement', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const files = h.hub.services.files;
    const { actor } = receive(counter.id, { code: 'R-1' });
    receive(counter.id, { code: 'R-2' });
    files.transition('R-2', { status: 'supplement', reason: 'Thiếu giấy' }, actor);
    expect(files.transition('R-1', { status: 'rejected', reason: 'Không thuộc thẩm quyền' }, actor)).toMatchObject({ status: 'rejected' });
    expect(files.transition('R-2', { status: 'withdrawn' }, actor)).toMatchObject({ status: 'withdrawn' });
    expect(() => files.transition('R-1', { status: 'rejected' }, actor)).toThrow(/invalid-payload/);
  });
});

describe('late files and apologies', () => {
  it('a file not ready by its appointment is late; staff give a reason and a new date: apology SMS, history, the printed slip', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const files = h.hub.services.files;
    const { actor } = receive(counter.id, { code: 'L-1' }); // due Thursday 26/11
    h.clock.advance(2 * DAY); // Wednesday: due tomorrow, not late yet
    expect(files.get('L-1').file).toMatchObject({ late: false, dueSoon: true });
    h.clock.advance(2 * DAY); // Friday
    expect(files.get('L-1').file).toMatchObject({ late: true, dueSoon: false });

    expect(() => files.transition('L-1', { status: 'late', reason: 'Chờ xác minh', newDueDate: '2026-11-26' }, actor)).toThrow(/bad-date/);
    const after = files.transition('L-1', { status: 'late', reason: 'Chờ UBND xã khác trả lời xác minh', newDueDate: '2026-12-02' }, actor);
    expect(after).toMatchObject({ status: 'received', dueDate: '2026-12-02', apologies: 1, late: false });
    expect(h.outbox()).toEqual([
      expect.objectContaining({
        kind: 'apology',
        to: '+84912345678',
        vars: expect.objectContaining({ fileCode: 'L-1', appointmentDate: '26/11/2026', newDate: '02/12/2026', reason: 'Chờ UBND xã khác trả lời xác minh' }),
      }),
    ]);
    const slip = files.apologySlip('L-1');
    expect(slip.apology).toMatchObject({ oldDueDate: '2026-11-26', newDueDate: '2026-12-02', reason: 'Chờ UBND xã khác trả lời xác minh', by: 'Trần Văn Minh' });
    expect(files.get('L-1').history.at(-1)).toMatchObject({ kind: 'apology', from: 'received', to: 'received' });
  });
});

describe('reminders for results not collected', () => {
  it('a file ready for N days gets one reminder, recorded in its history; a collected one gets none', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const files = h.hub.services.files;
    const { actor } = receive(counter.id, { code: 'M-1', procedureCode: 'HT-KS' });
    receive(counter.id, { code: 'M-2', procedureCode: 'HT-KS' });
    files.transition('M-1', { status: 'ready' }, actor);
    files.transition('M-2', { status: 'ready' }, actor);
    h.clock.advance(DAY);
    files.transition('M-2', { status: 'returned' }, actor);
    expect(files.sendReminders(3)).toBe(0);
    h.clock.advance(2 * DAY); // Thursday: ready since Monday
    expect(files.sendReminders(3)).toBe(1);
    expect(files.sendReminders(3)).toBe(0);
    expect(h.outbox().filter((m) => m.kind === 'reminder')).toEqual([expect.objectContaining({ fileId: files.get('M-1').file.id, vars: expect.objectContaining({ fileCode: 'M-1' }) })]);
    expect(files.get('M-1').history.at(-1)).toMatchObject({ kind: 'reminder', by: 'hub', from: 'ready', to: 'ready' });
  });
});

describe('the outbox and the transition share one transaction', () => {
  it('a transition that fails after its SMS was written leaves neither the change nor the message', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const files = h.hub.services.files;
    const { actor } = receive(counter.id, { code: 'T-1' });
    // the history row is written after the outbox row; make that write fail, as a full disk would
    h.db.exec(`CREATE TRIGGER fail_ready BEFORE INSERT ON file_events WHEN NEW.kind = 'ready' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => files.transition('T-1', { status: 'ready' }, actor)).toThrow(/disk full/);
    expect(files.get('T-1').file.status).toBe('received');
    expect(h.outbox()).toEqual([]);
    h.db.exec('DROP TRIGGER fail_ready');
    files.transition('T-1', { status: 'ready' }, actor);
    expect(h.outbox().map((m) => m.kind)).toEqual(['ready']);
  });

  it('over HTTP the failure is a 500 with a reason code, and nothing is half-done', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const { client } = await staffClient(h, counter.id);
    await client.post('/api/staff/files', { code: 'T-2', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678' });
    h.db.exec(`CREATE TRIGGER fail_supp BEFORE INSERT ON file_events WHEN NEW.kind = 'supplement' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const r = await client.post('/api/staff/files/T-2/status', { status: 'supplement', reason: 'Thiếu giấy' });
    expect([r.status, r.body.reason]).toEqual([500, 'internal-error']);
    expect(h.hub.services.files.get('T-2').file.status).toBe('received');
    expect(h.outbox()).toEqual([]);
  });
});

describe('is the message still true? (asked by the SMS worker before sending)', () => {
  it('follows the file', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const files = h.hub.services.files;
    const { f, actor } = receive(counter.id, { code: 'S-1' });
    expect([files.stillTrue('received', f.id), files.stillTrue('apology', f.id), files.stillTrue('ready', f.id)]).toEqual([true, true, false]);
    files.transition('S-1', { status: 'supplement', reason: 'x' }, actor);
    expect([files.stillTrue('supplement', f.id), files.stillTrue('apology', f.id)]).toEqual([true, false]);
    files.transition('S-1', { status: 'received' }, actor);
    expect(files.stillTrue('supplement', f.id)).toBe(false);
    files.transition('S-1', { status: 'ready' }, actor);
    expect([files.stillTrue('ready', f.id), files.stillTrue('reminder', f.id), files.stillTrue('apology', f.id), files.stillTrue('received', f.id)]).toEqual([true, true, false, true]);
    files.transition('S-1', { status: 'returned' }, actor);
    expect([files.stillTrue('ready', f.id), files.stillTrue('received', f.id)]).toEqual([false, false]);
    expect(files.stillTrue('ready', 'no-such-file')).toBe(false);
  });
});

describe('figures of a day (upstream summary)', () => {
  it('count what happened that day, and stay the same when asked again later', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const files = h.hub.services.files;
    const { actor } = receive(counter.id, { code: 'F-1' }); // due Thu 26/11
    receive(counter.id, { code: 'F-2' });
    receive(counter.id, { code: 'F-3', procedureCode: 'HT-KS' }); // due today
    files.transition('F-3', { status: 'ready' }, actor);
    files.transition('F-3', { status: 'returned' }, actor);
    expect(fileFigures(h.db, '2026-11-23')).toEqual({ received: 3, ready: 1, returned: 1, late: 0, apologies: 0, openAtEndOfDay: 2 });

    h.clock.advance(4 * DAY); // Friday 27/11: F-1 and F-2 became late today
    files.transition('F-1', { status: 'late', reason: 'Chờ xác minh', newDueDate: '2026-12-01' }, actor);
    files.transition('F-2', { status: 'ready' }, actor);
    const friday = fileFigures(h.db, '2026-11-27', '2026-11-27');
    expect(friday).toEqual({ received: 0, ready: 1, returned: 0, late: 2, apologies: 1, openAtEndOfDay: 2 });
    h.clock.advance(7 * DAY);
    expect(fileFigures(h.db, '2026-11-27', '2026-12-04')).toEqual(friday);
    expect(fileFigures(h.db, '2026-11-23')).toEqual({ received: 3, ready: 1, returned: 1, late: 0, apologies: 0, openAtEndOfDay: 2 });
  });
});
