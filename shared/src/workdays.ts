/**
 * Working-day arithmetic for appointment dates (ngày hẹn trả kết quả). Pure and browser-safe: days are local
 * calendar days written YYYY-MM-DD; the calendar (public holidays, and weekend days worked in exchange) is handed in.
 *
 * The rule (docs/files.md, docs/decisions/0012-working-days.md):
 * - Saturdays, Sundays and configured holidays are not working days; a weekend day listed as worked (làm bù) is.
 * - A file received on a working day before the cut-off (15:00) is received that day; one received later, or on a
 *   day that is not a working day, counts as received on the next working day (the practice of the civil-status and
 *   authentication rules: "sau 15 giờ ... trả kết quả trong ngày làm việc tiếp theo").
 * - A procedure of 0 days is decided within the day it counts as received; one of N days is due on the Nth working
 *   day after that day (counting starts the next working day).
 */
import { OFFSET_MS } from './time.js';

export interface WorkCalendar {
  /** days off besides weekends: public holidays and the days off given in exchange (nghỉ bù) */
  holidays: ReadonlySet<string>;
  /** Saturdays or Sundays that are worked (làm bù) */
  workingWeekendDays?: ReadonlySet<string>;
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: new Set() };

/** Files received at or after 15:00 local count from the next working day. */
export const DEFAULT_CUTOFF_MINUTES = 15 * 60;

/** Ten years of days: no real calendar has that many days off in a row; a broken one must not hang the hub. */
const MAX_STEPS = 3660;

function parts(day: string): [number, number, number] {
  return day.split('-').map(Number) as [number, number, number];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The day n calendar days after (or before, for negative n) the given day. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.holidays.has(day)) return false;
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return cal.workingWeekendDays?.has(day) ?? false;
  return true;
}

/** The first working day strictly after the given day. */
export function nextWorkingDay(day: string, cal: WorkCalendar): string {
  let d = day;
  for (let i = 0; i < MAX_STEPS; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) return d;
  }
  throw new Error(`no working day within ${MAX_STEPS} days after ${day}: check the holiday calendar`);
}

/** The nth working day strictly after the given day; n = 0 gives the day itself. */
export function addWorkingDays(day: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('working days must be a whole number ≥ 0');
  let d = day;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, cal);
  return d;
}

/** The local day and minute of the day an instant falls on. */
function localDayAndMinute(ms: number): { day: string; minute: number } {
  const t = new Date(ms + OFFSET_MS);
  return { day: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`, minute: t.getUTCHours() * 60 + t.getUTCMinutes() };
}

/** The working day a file received at this instant counts as received on (see the rule above). */
export function countingDay(receivedAt: number, cal: WorkCalendar, cutoffMinutes = DEFAULT_CUTOFF_MINUTES): string {
  const { day, minute } = localDayAndMinute(receivedAt);
  return isWorkingDay(day, cal) && minute < cutoffMinutes ? day : nextWorkingDay(day, cal);
}

/** The appointment day for a file received at this instant, for a procedure of `processingDays` working days. */
export function appointmentDay(receivedAt: number, processingDays: number, cal: WorkCalendar, opts: { cutoffMinutes?: number } = {}): string {
  return addWorkingDays(countingDay(receivedAt, cal, opts.cutoffMinutes), processingDays, cal);
}
