import { dayBounds } from '@onestop/shared';
import type { Db } from '../db/open.js';

/** A type, not an interface: it must fit the summary schema's open object (which has an index signature). */
export type FileFigures = {
  /** files received that day (first reception; a supplement delivered is not a new file) */
  received: number;
  /** files marked ready that day */
  ready: number;
  /** files handed back that day */
  returned: number;
  /** files that became late that day: the first day after their appointment, not ready by then */
  late: number;
  /** apologies (new appointment dates) given that day */
  apologies: number;
  /** files received by the end of that day and not yet returned, rejected or withdrawn then (ready ones included) */
  openAtEndOfDay: number;
};

/**
 * The `files` block of a day's summary (upstream contract v1), the one query every figure of files comes from.
 * Each figure is counted from what was recorded when it happened, so a past day's figures do not change later.
 * Pass `today` (the hub's local day) to mark newly late files first; FileService does it before every change.
 */
export function fileFigures(db: Db, day: string, today?: string): FileFigures {
  return fileFiguresBetween(db, day, day, today);
}

/**
 * The same figures over the local days `from`..`to` (both included), for the statistics page and the exports; one
 * day's answer is the summary's. A file ready (returned) twice in the range counts once, as within one day.
 */
export function fileFiguresBetween(db: Db, from: string, to: string, today?: string): FileFigures {
  if (today) db.prepare("UPDATE files SET late_since = date(due_date, '+1 day') WHERE late_since IS NULL AND status = 'received' AND due_date < ?").run(today);
  const start = dayBounds(from).start;
  const end = dayBounds(to).end;
  const one = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  const events = (kind: string) => one('SELECT COUNT(DISTINCT file_id) AS n FROM file_events WHERE kind = ? AND at >= ? AND at < ?', kind, start, end);
  return {
    received: one('SELECT COUNT(*) AS n FROM files WHERE received_at >= ? AND received_at < ?', start, end),
    ready: events('ready'),
    returned: events('returned'),
    late: one('SELECT COUNT(*) AS n FROM files WHERE late_since >= ? AND late_since <= ?', from, to),
    apologies: one("SELECT COUNT(*) AS n FROM file_events WHERE kind = 'apology' AND at >= ? AND at < ?", start, end),
    openAtEndOfDay: one('SELECT COUNT(*) AS n FROM files WHERE received_at < ? AND (closed_at IS NULL OR closed_at >= ?)', end, end),
  };
}

/**
 * The three file figures the screen shows, by the same definitions as fileFigures above and StatsQueries.fileTotals
 * (received that day; handed back that day; of those, never late). Not those functions themselves: they also count
 * the files open at the end of the day, a scan of every file ever received (170 ms on a busy commune's year), which
 * a screen refreshed every second must not pay. A test checks the three agree with fileTotals.
 */
export function dayFiles(db: Db, day: string): { received: number; returned: number; returnedOnTime: number } {
  const { start, end } = dayBounds(day);
  const received = (db.prepare('SELECT COUNT(*) AS n FROM files WHERE received_at >= ? AND received_at < ?').get(start, end) as { n: number }).n;
  const r = db
    .prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(late_since IS NOT NULL), 0) AS late FROM files
       WHERE id IN (SELECT file_id FROM file_events WHERE kind = 'returned' AND at >= ? AND at < ?)`,
    )
    .get(start, end) as { n: number; late: number };
  return { received, returned: r.n, returnedOnTime: r.n - r.late };
}
