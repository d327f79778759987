import { dayBounds, isValidDay, localDay, type AppendixRow, type CommuneFigures, type Level, type ProvinceReport, type ReportCounts as Counts } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { ServiceError } from '../http/errors.js';
import { MONTH_SUMS } from './store.js';

/** Longest range a report or export covers (ten years); the communes × days grid is shown up to MATRIX_MAX_DAYS. */
export const MAX_RANGE_DAYS = 3660;
export const MATRIX_MAX_DAYS = 62;

export type { AppendixRow, CommuneFigures, Level, ProvinceReport, ReportCounts as Counts } from '@onestop/shared';

export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = dayBounds(from).start; t < dayBounds(to).end; t += 86_400_000) out.push(localDay(t));
  return out;
}

export function parseRange(q: { from?: unknown; to?: unknown }): { from: string; to: string } {
  const from = typeof q.from === 'string' ? q.from : '';
  const to = typeof q.to === 'string' ? q.to : '';
  if (!isValidDay(from) || !isValidDay(to)) throw new ServiceError('bad-date', 'from and to must be YYYY-MM-DD');
  if (from > to) throw new ServiceError('bad-date', 'from is after to');
  if (daysBetween(from, to).length > MAX_RANGE_DAYS) throw new ServiceError('bad-date', `at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

const satisfaction = (s4: number, s5: number, total: number) => (total > 0 ? (s4 + s5) / total : null);

const nextMonth = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** The sums of a report, in the column names of month_figures (store.ts MONTH_SUMS). */
const SUMS = MONTH_SUMS;

/** One day's share of each sum, as SQL over day_figures: the same tests as store.ts contribution(). */
const DAY_ROWS = `SELECT commune_code AS code, 1 AS days, ratings_total AS total, s1, s2, s3, s4, s5, flagged,
  files_received AS fr, files_ready AS fy, files_returned AS ft, files_late AS fl, files_apologies AS fa,
  sms_sent AS ss, sms_delivered AS sd, sms_failed AS sf,
  files_ready > 0 AS ready_days, (files_ready > 0 AND sms_sent > 0) AS ready_days_sms, sms_sent > 0 AS sms_days,
  (ratings_total + flagged + files_received + files_returned > 0) AS open_days,
  (ratings_total + flagged + files_received + files_returned > 0 AND devices_configured > 0 AND devices_seen >= devices_configured) AS open_days_devices,
  devices_seen > 0 AS seen_days
  FROM day_figures`;

export interface AggRow {
  code: string;
  days: number;
  total: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  flagged: number;
  fr: number;
  fy: number;
  ft: number;
  fl: number;
  fa: number;
  ss: number;
  sd: number;
  sf: number;
  ready_days: number;
  ready_days_sms: number;
  sms_days: number;
  open_days: number;
  open_days_devices: number;
  seen_days: number;
}

/**
 * The appendix's criteria (docs/province-guide.md "Phụ lục"), from the summaries of the period:
 * - SMS result notification: full when the commune had results ready on at least one day and sent SMS on every
 *   such day; partial when it sent SMS on some day but not that; none when it sent no SMS on any day.
 * - Rating devices: an "open day" is a day with any rating or any file received or returned. Full when it had at
 *   least one open day and on every open day all its configured devices were seen (configured > 0); partial when a
 *   device was seen on some day but not that; none when no device was seen on any day.
 * A commune with no summary in the period is "no data" for both, listed apart.
 */
export function smsLevel(a: Pick<AggRow, 'ready_days' | 'ready_days_sms' | 'sms_days'>): Level {
  if (a.ready_days > 0 && a.ready_days_sms === a.ready_days) return 'full';
  return a.sms_days > 0 ? 'partial' : 'none';
}
export function devicesLevel(a: Pick<AggRow, 'open_days' | 'open_days_devices' | 'seen_days'>): Level {
  if (a.open_days > 0 && a.open_days_devices === a.open_days) return 'full';
  return a.seen_days > 0 ? 'partial' : 'none';
}

/** The province's figures for a range of days, from the current revision of every commune's summaries. */
export class ProvinceReports {
  constructor(private readonly db: Db) {}

  report(from: string, to: string): ProvinceReport {
    const days = daysBetween(from, to);
    const communes = this.db.prepare('SELECT code, name, created_at FROM communes ORDER BY code').all() as { code: string; name: string; created_at: number }[];
    const agg = new Map(this.aggregate(from, to).map((r) => [r.code, r]));

    const zero = { total: 0, s1: 0, s2: 0, s3: 0, s4: 0, s5: 0, flagged: 0, fr: 0, fy: 0, ft: 0, fl: 0, fa: 0, ss: 0, sd: 0, sf: 0 };
    const counts = (a: typeof zero): Counts => ({
      total: a.total,
      byScore: { '1': a.s1, '2': a.s2, '3': a.s3, '4': a.s4, '5': a.s5 },
      flagged: a.flagged,
      files: { received: a.fr, ready: a.fy, returned: a.ft, late: a.fl, apologies: a.fa },
      sms: { sent: a.ss, delivered: a.sd, failed: a.sf },
      satisfaction: satisfaction(a.s4, a.s5, a.total),
    });
    const sum = { ...zero };
    let summaries = 0;
    const figures: CommuneFigures[] = communes.map((c) => {
      const a = agg.get(c.code);
      if (a) {
        for (const k of Object.keys(zero) as (keyof typeof zero)[]) sum[k] += a[k];
        summaries += a.days;
      }
      return {
        code: c.code,
        name: c.name,
        daysReported: a?.days ?? 0,
        ...counts(a ?? zero),
        smsLevel: a ? smsLevel(a) : null,
        devicesLevel: a ? devicesLevel(a) : null,
      };
    });

    const ranking = figures
      .filter((f) => f.total > 0)
      .sort((x, y) => y.satisfaction! - x.satisfaction! || y.total - x.total || x.code.localeCompare(y.code))
      .map((f, i) => ({ rank: i + 1, code: f.code, name: f.name, satisfaction: f.satisfaction!, total: f.total }));

    const trend = (
      this.db
        .prepare('SELECT day, SUM(ratings_total) AS total, SUM(s4) + SUM(s5) AS good, COUNT(*) AS n FROM day_figures WHERE day BETWEEN ? AND ? GROUP BY day')
        .all(from, to) as { day: string; total: number; good: number; n: number }[]
    ).reduce((m, r) => m.set(r.day, r), new Map<string, { day: string; total: number; good: number; n: number }>());

    const reportedOnTo = new Set((this.db.prepare('SELECT commune_code AS code FROM day_figures WHERE day = ?').all(to) as { code: string }[]).map((r) => r.code));
    // one index seek (commune_code, day) per silent commune, not a scan of every day ever reported
    const lastStmt = this.db.prepare('SELECT MAX(day) AS last FROM day_figures WHERE commune_code = ? AND day <= ?').pluck();
    const missing = communes
      .filter((c) => !reportedOnTo.has(c.code))
      .map((c) => {
        const lastReported = (lastStmt.get(c.code, to) as string | null) ?? null;
        const silentSince = lastReported ? localDay(dayBounds(lastReported).end) : null;
        return { code: c.code, name: c.name, lastReported, silentSince, daysMissing: days.length - (agg.get(c.code)?.days ?? 0) };
      })
      .sort((x, y) => (x.silentSince ?? '') .localeCompare(y.silentSince ?? '') || x.code.localeCompare(y.code));

    let matrix: Record<string, string> | null = null;
    if (days.length <= MATRIX_MAX_DAYS) {
      const index = new Map(days.map((d, i) => [d, i]));
      const cells = new Map(communes.map((c) => [c.code, new Array<string>(days.length).fill('0')]));
      for (const r of this.db.prepare('SELECT commune_code AS code, day FROM day_figures WHERE day BETWEEN ? AND ?').all(from, to) as { code: string; day: string }[]) {
        const row = cells.get(r.code);
        const i = index.get(r.day);
        if (row && i !== undefined) row[i] = '1';
      }
      matrix = Object.fromEntries([...cells].map(([k, v]) => [k, v.join('')]));
    }

    const appendix = (['sms', 'devices'] as const).map((criterion): AppendixRow => {
      const row: AppendixRow = { criterion, full: { count: 0, communes: [] }, partial: { count: 0, communes: [] }, none: { count: 0, communes: [] }, noData: { count: 0, communes: [] } };
      for (const f of figures) {
        const level = criterion === 'sms' ? f.smsLevel : f.devicesLevel;
        const bucket = level === null ? row.noData : row[level];
        bucket.count++;
        bucket.communes.push(f.name);
      }
      return row;
    });

    return {
      from,
      to,
      days,
      communes: figures,
      province: { ...counts(sum), communes: communes.length, communesReporting: agg.size, summaries },
      ranking,
      trend: days.map((day) => {
        const t = trend.get(day);
        return { day, total: t?.total ?? 0, satisfaction: t ? satisfaction(0, t.good, t.total) : null, communesReporting: t?.n ?? 0 };
      }),
      missing,
      matrix,
      appendix,
    };
  }

  /**
   * Per-commune sums over [from, to]: whole calendar months from month_figures, the days before the first and after
   * the last whole month from day_figures. Equal to aggregateDays(from, to) (a test holds them equal).
   */
  aggregate(from: string, to: string): AggRow[] {
    const firstMonthStart = from.slice(8) === '01' ? from : nextMonth(from.slice(0, 7)) + '-01';
    const lastMonthEnd = localDay(dayBounds(to).end).slice(8) === '01' ? to : localDay(dayBounds(to.slice(0, 7) + '-01').start - 1);
    if (firstMonthStart > lastMonthEnd) return this.aggregateDays(from, to);
    const m1 = firstMonthStart.slice(0, 7);
    const m2 = lastMonthEnd.slice(0, 7);
    const headEnd = localDay(dayBounds(firstMonthStart).start - 1);
    const tailStart = localDay(dayBounds(lastMonthEnd).end);
    return this.db
      .prepare(
        `SELECT code, ${SUMS.map((c) => `SUM(${c}) AS ${c}`).join(', ')} FROM (
           SELECT commune_code AS code, ${SUMS.join(', ')} FROM month_figures WHERE month BETWEEN @m1 AND @m2
           UNION ALL SELECT * FROM (${DAY_ROWS} WHERE day BETWEEN @from AND @headEnd)
           UNION ALL SELECT * FROM (${DAY_ROWS} WHERE day BETWEEN @tailStart AND @to)
         ) GROUP BY code`,
      )
      .all({ m1, m2, from, headEnd, tailStart, to }) as AggRow[];
  }

  /** The same sums straight from the days (used for ranges within a month, and as the reference in tests). */
  aggregateDays(from: string, to: string): AggRow[] {
    return this.db
      .prepare(`SELECT code, ${SUMS.map((c) => `SUM(${c}) AS ${c}`).join(', ')} FROM (${DAY_ROWS} WHERE day BETWEEN ? AND ?) GROUP BY code`)
      .all(from, to) as AggRow[];
  }

  /** Every revision of one commune's day, raw bodies as text (unknown fields included). */
  revisions(code: string, day: string): { revision: number; receivedAt: number; body: string }[] {
    return (this.db.prepare('SELECT revision, received_at, body FROM summaries WHERE commune_code = ? AND day = ? ORDER BY revision').all(code, day) as { revision: number; received_at: number; body: Buffer }[]).map(
      (r) => ({ revision: r.revision, receivedAt: r.received_at, body: r.body.toString('utf8') }),
    );
  }

  /** One row per commune and day with a summary, for the detailed export. */
  dayRows(from: string, to: string): Iterable<Record<string, number | string>> {
    return this.db
      .prepare(
        `SELECT f.day, f.commune_code AS code, c.name, f.revision, f.ratings_total AS total, f.s5, f.s4, f.s3, f.s2, f.s1, f.flagged,
           f.files_received, f.files_ready, f.files_returned, f.files_late, f.files_apologies, f.files_open,
           f.sms_sent, f.sms_delivered, f.sms_failed, f.devices_configured, f.devices_seen
         FROM day_figures f JOIN communes c ON c.code = f.commune_code WHERE f.day BETWEEN ? AND ? ORDER BY f.day, f.commune_code`,
      )
      .iterate(from, to) as Iterable<Record<string, number | string>>;
  }
}
