import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addWorkingDays, appointmentDay, countingDay, isWorkingDay, nextWorkingDay, weekday, type WorkCalendar } from './workdays.js';

/** An instant at a local (UTC+7) wall-clock time. */
const at = (day: string, hhmm = '09:00') => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, h - 7, min);
};
const none: WorkCalendar = { holidays: new Set() };
const vn: WorkCalendar = {
  holidays: new Set(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02', '2027-01-01']),
};

describe('calendar days', () => {
  it('adds days across months, years and 29 February', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekday('2026-11-21')).toBe(6);
    expect(weekday('2026-11-23')).toBe(1);
  });

  it('knows weekends, holidays and weekend days worked in exchange', () => {
    expect(isWorkingDay('2026-11-23', none)).toBe(true);
    expect(isWorkingDay('2026-11-21', none)).toBe(false);
    expect(isWorkingDay('2026-11-22', none)).toBe(false);
    expect(isWorkingDay('2026-04-30', vn)).toBe(false);
    expect(isWorkingDay('2026-11-21', { holidays: new Set(), workingWeekendDays: new Set(['2026-11-21']) })).toBe(true);
    expect(nextWorkingDay('2026-11-20', none)).toBe('2026-11-23');
  });
});

describe('appointment dates', () => {
  it('a same-day procedure received in the morning is due that day; at or after 15:00, the next working day', () => {
    expect(appointmentDay(at('2026-11-23', '09:00'), 0, none)).toBe('2026-11-23');
    expect(appointmentDay(at('2026-11-23', '14:59'), 0, none)).toBe('2026-11-23');
    expect(appointmentDay(at('2026-11-23', '15:00'), 0, none)).toBe('2026-11-24');
    expect(appointmentDay(at('2026-11-20', '16:30'), 0, none)).toBe('2026-11-23');
  });

  it('counting starts the next working day', () => {
    expect(appointmentDay(at('2026-11-23'), 1, none)).toBe('2026-11-24');
    expect(appointmentDay(at('2026-11-23'), 3, none)).toBe('2026-11-26');
    // đăng ký thường trú: 7 working days from a Monday ends on the Wednesday of the next week but one
    expect(appointmentDay(at('2026-11-23'), 7, none)).toBe('2026-12-02');
  });

  it('skips weekends: Friday + 1 is Monday; Friday afternoon + 1 is Tuesday', () => {
    expect(appointmentDay(at('2026-11-20', '10:00'), 1, none)).toBe('2026-11-23');
    expect(appointmentDay(at('2026-11-20', '15:30'), 1, none)).toBe('2026-11-24');
  });

  it('a file received on a Saturday or Sunday counts from Monday', () => {
    expect(countingDay(at('2026-11-21', '08:00'), none)).toBe('2026-11-23');
    expect(appointmentDay(at('2026-11-21', '08:00'), 0, none)).toBe('2026-11-23');
    expect(appointmentDay(at('2026-11-22', '08:00'), 1, none)).toBe('2026-11-24');
    expect(appointmentDay(at('2026-11-21', '08:00'), 3, none)).toBe('2026-11-26');
  });

  it('a Saturday worked in exchange counts as received that day and as a working day', () => {
    const cal: WorkCalendar = { holidays: new Set(), workingWeekendDays: new Set(['2026-11-21']) };
    expect(appointmentDay(at('2026-11-21', '08:00'), 0, cal)).toBe('2026-11-21');
    expect(appointmentDay(at('2026-11-20', '08:00'), 1, cal)).toBe('2026-11-21');
  });

  it('skips 30/4 and 1/5 and the weekend after them', () => {
    expect(appointmentDay(at('2026-04-29'), 3, vn)).toBe('2026-05-06');
    expect(appointmentDay(at('2026-04-29'), 0, vn)).toBe('2026-04-29');
    expect(appointmentDay(at('2026-04-29', '15:10'), 0, vn)).toBe('2026-05-04');
  });

  it('skips Tết: a file received the Friday before is due after the holiday week', () => {
    expect(appointmentDay(at('2026-02-13'), 1, vn)).toBe('2026-02-23');
    expect(appointmentDay(at('2026-02-18'), 0, vn)).toBe('2026-02-23');
  });

  it('crosses the year end, with and without 1 January off', () => {
    expect(appointmentDay(at('2026-12-31'), 1, none)).toBe('2027-01-01');
    expect(appointmentDay(at('2026-12-31'), 1, vn)).toBe('2027-01-04');
    expect(appointmentDay(at('2026-12-31'), 2, vn)).toBe('2027-01-05');
    expect(appointmentDay(at('2026-12-30', '16:00'), 1, vn)).toBe('2027-01-04');
  });

  it('dates by the local day: 00:30 on Monday in Vietnam is still Sunday in UTC', () => {
    const mondayEarly = Date.UTC(2026, 10, 22, 17, 30);
    expect(appointmentDay(mondayEarly, 0, none)).toBe('2026-11-23');
  });

  it('refuses a negative or fractional number of days, and a calendar with no working day left', () => {
    expect(() => addWorkingDays('2026-11-23', -1, none)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5, none)).toThrow(RangeError);
    const everyDay = new Set(Array.from({ length: 4000 }, (_, i) => addDays('2026-11-23', i)));
    expect(() => nextWorkingDay('2026-11-23', { holidays: everyDay })).toThrow(/holiday calendar/);
  });

  it('for any instant and any number of days: the appointment is a working day, reached after exactly that many working days', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }), fc.integer({ min: 0, max: 30 }), (t, n) => {
        const start = countingDay(t, vn);
        const due = appointmentDay(t, n, vn);
        expect(isWorkingDay(due, vn)).toBe(true);
        expect(isWorkingDay(start, vn)).toBe(true);
        let working = 0;
        for (let d = addDays(start, 1); d <= due; d = addDays(d, 1)) if (isWorkingDay(d, vn)) working++;
        expect(working).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});
