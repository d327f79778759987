import { afterEach, describe, expect, it } from 'vitest';
import { appointmentDay, localDay } from '@onestop/shared';
import { localTime } from '../sms/helpers.js';
import { smsHub, type SmsHub } from '../sms/hub.js';
import { ScriptedGateway } from '../sms/helpers.js';
import { ServiceError } from '../../hub/src/http/errors.js';

/**
 * A file received on paper on an earlier day (the PC was off, the power was cut) and entered today: the clerk gives
 * the day it was received and why it is entered late; the file counts from that day, the reason is in its history.
 * A past appointment without that is refused with a code whose message says how to enter it.
 */
const hubs: SmsHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof ServiceError ? e.reason : String(e);
  }
  return 'no error';
};

describe('a file entered late at the counter', () => {
  it('is received on the day of its paper with the reason in its history; a past appointment alone, a future or too old day, or no reason is refused and stores nothing', async () => {
    const h = await smsHub({ gateway: new ScriptedGateway() });
    hubs.push(h);
    const files = h.hub.services.files;
    h.hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
    const { user } = await h.hub.services.auth.createUser({ username: 'an', displayName: 'Nguyễn Văn An', role: 'staff', password: 'staff-password-for-tests' });
    const clerk = { kind: 'user', userId: user.id, name: user.displayName, counterId: null } as const;
    const now = localTime(9, 30, 7);
    h.clock.set(now);
    const today = localDay(now);
    const fourDaysAgo = localDay(localTime(9, 30, 3));
    const count = () => (h.db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
    const base = { procedureCode: 'HT-KS', citizenName: 'Lò Văn Páo', phone: '0912 345 678' };

    // the appointment written on the paper receipt has passed: without a day of reception, it says what to do
    expect(reasonOf(() => files.receiveAtCounter({ ...base, code: 'HS-L1', dueDate: fourDaysAgo }, clerk))).toBe('due-date-past');
    // a day of reception needs its reason; a day to come or more than 30 days ago is refused
    expect(reasonOf(() => files.receiveAtCounter({ ...base, code: 'HS-L1', receivedOn: fourDaysAgo }, clerk))).toBe('invalid-payload');
    expect(reasonOf(() => files.receiveAtCounter({ ...base, code: 'HS-L1', receivedOn: localDay(localTime(9, 0, 8)), lateEntryReason: 'x' }, clerk))).toBe('bad-date');
    expect(reasonOf(() => files.receiveAtCounter({ ...base, code: 'HS-L1', receivedOn: localDay(localTime(9, 0, -24)), lateEntryReason: 'Mất điện' }, clerk))).toBe('late-entry-too-old');
    expect(count()).toBe(0);

    // entered late: received four days ago at the time of entry, the appointment counted from that day
    const reason = 'Mất điện, nhận trên giấy, nhập lại hôm nay';
    const v = files.receiveAtCounter({ ...base, code: 'HS-L1', receivedOn: fourDaysAgo, lateEntryReason: reason }, clerk);
    expect(localDay(v.receivedAt)).toBe(fourDaysAgo);
    expect(v.receivedAt).toBe(now - 4 * 86_400_000);
    expect(v.dueDate).toBe(appointmentDay(v.receivedAt, 1, h.hub.services.procedures.calendar()));
    expect(v.dueDate < today).toBe(true);
    expect(v.late).toBe(true); // its appointment has passed: the counter's lists show it overdue at once
    const { history } = files.get('HS-L1');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'received', reason, at: now });

    // and the proposal the form shows for it counts from the same day
    expect(files.appointment('HT-KS', files.lateEntryInstant(fourDaysAgo)).dueDate).toBe(v.dueDate);
  });
});
