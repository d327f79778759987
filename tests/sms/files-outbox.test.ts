import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedGateway, localTime, until } from './helpers.js';
import { smsHub, type SmsHub } from './hub.js';

/**
 * The seam as createHub wires it: the files service writes to the real outbox inside its transitions and answers
 * the worker's "still true?".
 */
const hubs: SmsHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

/** The files service's actor for another program, with a real API token behind it. */
function apiActor(h: SmsHub) {
  const { view } = h.hub.services.apiTokens.create({ name: 'test script' });
  return { kind: 'token', tokenId: view.id, name: view.name } as const;
}

describe('files → SMS outbox', () => {
  it('"ready" writes the SMS in the same transaction; returned before it went out (quiet hours), it is cancelled, not sent', async () => {
    const gw = new ScriptedGateway();
    const h = await smsHub({ gateway: gw });
    hubs.push(h);
    const files = h.hub.services.files;
    const API = apiActor(h);
    h.hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
    files.receiveFromApi({ code: 'HS-1', procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn An', phone: '0912 345 678' }, API);
    files.receiveFromApi({ code: 'HS-2', procedureCode: 'HT-KS', citizenName: 'Trần Thị Bình', phone: '0987 654 321' }, API);

    h.clock.set(localTime(21, 30)); // after hours: messages wait for the morning
    files.transition('HS-1', { status: 'ready' }, API);
    files.transition('HS-2', { status: 'ready' }, API);
    // the optional "received" SMS is off by default: a switched-off kind writes no row at all (issue 14 §2)
    expect(h.hub.services.sms.list({}).filter((m) => m.kind === 'received')).toEqual([]);
    const msgs = () => h.hub.services.sms.list({}).filter((m) => m.kind !== 'received');
    await until(() => msgs().length === 2, 'two messages in the outbox');
    expect(msgs().every((m) => m.status === 'queued' && m.kind === 'ready')).toBe(true);
    expect(h.hub.services.sms.messagesForFile(files.get('HS-1').file.id).find((m) => m.kind === 'ready')!.body).toContain('ho so HS-1 (Dang ky khai sinh) da co ket qua');

    h.clock.set(localTime(6, 45, 1));
    files.transition('HS-1', { status: 'returned' }, API); // collected before 07:00
    h.clock.set(localTime(7, 0, 1));
    await h.hub.services.sms.worker.runOnce();
    const ready = (code: string) => h.hub.services.sms.messagesForFile(files.get(code).file.id).filter((m) => m.kind === 'ready');
    const [one] = ready('HS-1');
    const [two] = ready('HS-2');
    expect(one).toMatchObject({ status: 'cancelled', lastError: { code: 'no-longer-true' } });
    expect(two).toMatchObject({ status: 'sent' });
    expect(gw.sends.map((m) => m.to)).toEqual(['+84987654321']);
  });

  it('a transition that fails leaves no SMS behind', async () => {
    const h = await smsHub({ gateway: new ScriptedGateway() });
    hubs.push(h);
    const files = h.hub.services.files;
    const API = apiActor(h);
    h.hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
    files.receiveFromApi({ code: 'HS-3', procedureCode: 'HT-KS', citizenName: 'Lê Văn Cường', phone: '0912 345 678' }, API);
    expect(() => files.transition('HS-3', { status: 'returned' }, API)).toThrow(); // not ready yet
    expect(h.hub.services.sms.list({}).filter((m) => m.kind !== 'received')).toHaveLength(0);
  });
});
