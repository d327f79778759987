import { useEffect, useState } from 'react';
import { EMPTY_CALENDAR, localDay, type HolidayView, type WorkCalendar } from '@onestop/shared';
import { useStaffApi } from './session';

/** The hub's days off and weekend days worked, this year and next, as a WorkCalendar for the date fields. */
export function useCalendar(): WorkCalendar {
  const call = useStaffApi();
  const [cal, setCal] = useState<WorkCalendar>(EMPTY_CALENDAR);
  useEffect(() => {
    const year = Number(localDay(Date.now()).slice(0, 4));
    void Promise.all([year, year + 1].map((y) => call<HolidayView[]>('GET', `/api/staff/holidays?year=${y}`))).then((rs) => {
      const days = rs.flatMap((r) => (r.ok ? r.data : []));
      setCal({
        holidays: new Set(days.filter((d) => d.kind === 'off').map((d) => d.date)),
        workingWeekendDays: new Set(days.filter((d) => d.kind === 'work').map((d) => d.date)),
      });
    });
  }, [call]);
  return cal;
}
