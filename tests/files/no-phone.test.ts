import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SMS_TEMPLATES } from '@onestop/shared';
import { localTime } from '../sms/helpers.js';
import { smsHub, type SmsHub } from '../sms/hub.js';
import { ScriptedGateway } from '../sms/helpers.js';
import { ServiceError } from '../../hub/src/http/errors.js';

/**
 * A citizen without a mobile phone can be received: the choice is explicit (`noPhone: true` instead of a number),
 * the file then gets no SMS at any step, and its result is collected at the counter on the appointment date.
 */
const hubs: SmsHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof ServiceError ? `${e.reason}: ${e.detail ?? ''}` : String(e);
  }
  return 'no error';
};

describe('a citizen without a mobile', () => {
  it('is received with noPhone; no SMS is written for received, ready, late or reminder; a missing choice is refused', async () => {
    const gw = new ScriptedGateway();
    const h = await smsHub({ gateway: gw });
    hubs.push(h);
    const files = h.hub.services.files;
    const { view } = h.hub.services.apiTokens.create({ name: 'test script' });
    const API = { kind: 'token', tokenId: view.id, name: view.name } as const;
    h.hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
    h.clock.set(localTime(9, 0));

    // neither a number nor the choice, or both: refused, nothing stored
    const count = () => (h.db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
    expect(reasonOf(() => files.receiveFromApi({ code: 'HS-X', procedureCode: 'HT-KS', citizenName: 'Lò Văn Páo' }, API))).toMatch(/^invalid-payload: .*noPhone/);
    expect(reasonOf(() => files.receiveFromApi({ code: 'HS-X', procedureCode: 'HT-KS', citizenName: 'Lò Văn Páo', phone: '0912345678', noPhone: true }, API))).toMatch(/^invalid-payload/);
    expect(reasonOf(() => files.receiveFromApi({ code: 'HS-X', procedureCode: 'HT-KS', citizenName: 'Lò Văn Páo', noPhone: false }, API))).toMatch(/^invalid-payload/);
    expect(count()).toBe(0);

    // "received" and "reminder" are off by default, and a switched-off kind writes nothing: switch them on
    for (const kind of ['received', 'reminder'] as const) h.hub.services.sms.updateTemplate(kind, { body: DEFAULT_SMS_TEMPLATES[kind].body, enabled: true });
    const v = files.receiveFromApi({ code: 'HS-NP', procedureCode: 'HT-KS', citizenName: 'Lò Văn Páo', noPhone: true }, API);
    expect(v.phone).toBe('');
    files.receiveFromApi({ code: 'HS-P', procedureCode: 'HT-KS', citizenName: 'Vàng Thị Mỷ', phone: '0987 654 321' }, API);
    const id = files.get('HS-NP').file.id;

    // late with an apology and a new date: the apology is recorded (and printed), no SMS
    h.clock.set(localTime(9, 0) + 3 * 86_400_000);
    files.transition('HS-NP', { status: 'late', reason: 'Chờ xác minh', newDueDate: '2026-12-31' }, API);
    files.transition('HS-NP', { status: 'ready' }, API);
    files.transition('HS-P', { status: 'ready' }, API);
    // a week on, not collected: the reminder goes to the one with a number only
    h.clock.set(localTime(9, 0) + 10 * 86_400_000);
    files.sendReminders(3);

    expect(h.hub.services.sms.messagesForFile(id)).toEqual([]);
    const events = h.db.prepare('SELECT kind FROM file_events WHERE file_id = ? ORDER BY at, rowid').all(id) as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['received', 'apology', 'ready']));
    expect(events.map((e) => e.kind)).not.toContain('reminder');
    const other = h.hub.services.sms.messagesForFile(files.get('HS-P').file.id).map((m) => m.kind);
    expect(other).toEqual(expect.arrayContaining(['received', 'ready', 'reminder']));
    // the lists show it without a number
    expect(files.get('HS-NP').file.phone).toBe('');
  });
});
