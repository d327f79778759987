import {
  dayBounds,
  DIMENSIONS,
  maskPhonesInText,
  type BreakdownRow,
  type CommentRow,
  type Dimension,
  type FileBlock,
  type HeatCell,
  type HourPoint,
  type PeriodStats,
  type RatingBlock,
  type ScoreCounts,
  type TrendPoint,
} from '@onestop/shared';
import type { Db } from '../db/open.js';
import { fileFiguresBetween, type FileFigures } from '../files/figures.js';
import { smsFiguresBetween, smsFiguresByChannel, type SmsFigures, type SmsFiguresByChannel } from '../sms/figures.js';
import type { StatsRange } from './range.js';

/**
 * Every statistic of a period, each one a grouped SQL statement over an indexed range (migration 5). Nothing here
 * loops over rows in JS: the loops below run over groups (counters, days, hour × weekday cells), never over ratings
 * or files. Flagged presses are counted apart and in no other rating figure, as in the daily summary.
 */

export {
  DIMENSIONS,
  type BreakdownRow,
  type CommentRow,
  type Dimension,
  type FileBlock,
  type HeatCell,
  type HourPoint,
  type Level3Counts,
  type PeriodStats,
  type RatingBlock,
  type TrendPoint,
} from '@onestop/shared';

const zeroScores = (): ScoreCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A rating block from its counts by score (flagged apart). */
export function ratingBlock(byScore: ScoreCounts, flagged: number): RatingBlock {
  const total = byScore['1'] + byScore['2'] + byScore['3'] + byScore['4'] + byScore['5'];
  const sum = byScore['1'] + 2 * byScore['2'] + 3 * byScore['3'] + 4 * byScore['4'] + 5 * byScore['5'];
  return {
    total,
    flagged,
    byScore,
    level3: { verySatisfied: byScore['5'], satisfied: byScore['4'], notSatisfied: byScore['1'] + byScore['2'] + byScore['3'] },
    satisfactionRate: total ? round((byScore['5'] + byScore['4']) / total, 4) : null,
    meanScore: total ? round(sum / total, 2) : null,
  };
}

/** Counts by score from the rollups (n ratings per row), flagged apart. */
const SCORE_SUMS = `SUM(CASE WHEN flagged = 0 AND score = 1 THEN n END) AS s1, SUM(CASE WHEN flagged = 0 AND score = 2 THEN n END) AS s2,
  SUM(CASE WHEN flagged = 0 AND score = 3 THEN n END) AS s3, SUM(CASE WHEN flagged = 0 AND score = 4 THEN n END) AS s4,
  SUM(CASE WHEN flagged = 0 AND score = 5 THEN n END) AS s5, SUM(CASE WHEN flagged = 1 THEN n END) AS fl`;
type ScoreSums = { s1: number | null; s2: number | null; s3: number | null; s4: number | null; s5: number | null; fl: number | null };
const blockOf = (r: ScoreSums) =>
  ratingBlock({ '1': r.s1 ?? 0, '2': r.s2 ?? 0, '3': r.s3 ?? 0, '4': r.s4 ?? 0, '5': r.s5 ?? 0 }, r.fl ?? 0);

export class StatsQueries {
  constructor(private readonly db: Db) {}

  /** Rating figures of the whole period (rollup by hour, migration 5). */
  ratingTotals(range: StatsRange): RatingBlock {
    const row = this.db.prepare(`SELECT ${SCORE_SUMS} FROM stats_rating_hours WHERE day BETWEEN ? AND ?`).get(range.from, range.to) as ScoreSums;
    return blockOf(row);
  }

  /** Dissatisfaction reasons (as chosen on the kiosk), over unflagged ratings. */
  reasons(range: StatsRange): Record<string, number> {
    const rows = this.db
      .prepare(
        `SELECT j.value AS reason, COUNT(*) AS n FROM ratings r, json_each(r.reasons) j
         WHERE r.day BETWEEN ? AND ? AND r.flagged = 0 AND r.reasons IS NOT NULL GROUP BY j.value ORDER BY j.value`,
      )
      .all(range.from, range.to) as { reason: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  commentCount(range: StatsRange): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM ratings WHERE day BETWEEN ? AND ? AND comment IS NOT NULL').get(range.from, range.to) as { n: number }).n;
  }

  /** Ratings grouped by one dimension, from the rollup by key; a field is its procedures' sum. */
  ratingsBy(range: StatsRange, dim: Dimension): Map<string, RatingBlock> {
    const sql =
      dim === 'field'
        ? `SELECT COALESCE(p.field, '') AS k, ${SCORE_SUMS} FROM stats_rating_keys s LEFT JOIN procedures p ON p.code = s.key
           WHERE s.dim = 'procedure' AND s.day BETWEEN ? AND ? GROUP BY k`
        : `SELECT key AS k, ${SCORE_SUMS} FROM stats_rating_keys WHERE dim = '${dim}' AND day BETWEEN ? AND ? GROUP BY key`;
    const rows = this.db.prepare(sql).all(range.from, range.to) as (ScoreSums & { k: string })[];
    return new Map(rows.filter((r) => (r.s1 ?? 0) + (r.s2 ?? 0) + (r.s3 ?? 0) + (r.s4 ?? 0) + (r.s5 ?? 0) + (r.fl ?? 0) > 0).map((r) => [r.k, blockOf(r)]));
  }

  /**
   * File figures grouped by one dimension (not by source: a file has none): the counts of the period from the
   * rollup by key (migration 5), and the files open at the period's end from the files themselves.
   */
  filesBy(range: StatsRange, dim: Dimension, open?: OpenFiles): Map<string, FileBlock> | null {
    if (dim === 'source') return null;
    const field = dim === 'field';
    const keyExpr = field ? "COALESCE(p.field, '')" : 's.key';
    const join = field ? 'LEFT JOIN procedures p ON p.code = s.key' : '';
    const rows = this.db
      .prepare(
        `SELECT ${keyExpr} AS k, SUM(s.received) AS received, SUM(s.ready) AS ready, SUM(s.returned) AS returned, SUM(s.returned_late) AS returnedLate,
           SUM(s.days_sum) AS daysSum, SUM(s.days_n) AS daysN, SUM(s.apologies) AS apologies, SUM(s.late) AS late
         FROM stats_file_keys s ${join} WHERE s.dim = ? AND s.day BETWEEN ? AND ? GROUP BY k`,
      )
      .all(field ? 'procedure' : dim, range.from, range.to) as {
      k: string;
      received: number;
      ready: number;
      returned: number;
      returnedLate: number;
      daysSum: number;
      daysN: number;
      apologies: number;
      late: number;
    }[];
    const out = new Map<string, FileBlock>();
    for (const r of rows) {
      if (!(r.received || r.ready || r.returned || r.apologies || r.late)) continue;
      out.set(r.k, {
        received: r.received,
        ready: r.ready,
        returned: r.returned,
        late: r.late,
        returnedOnTime: r.returned - r.returnedLate,
        returnedLate: r.returnedLate,
        inProgress: 0,
        avgProcessingDays: r.daysN ? round(r.daysSum / r.daysN, 1) : null,
        apologies: r.apologies,
      });
    }
    const counts = new Map<string, number>();
    for (const r of open ?? this.openFiles(range)) counts.set(r[dim], (counts.get(r[dim]) ?? 0) + r.n);
    for (const [k, n] of counts) {
      const b = out.get(k) ?? emptyFiles();
      b.inProgress = n;
      out.set(k, b);
    }
    return out;
  }

  /**
   * The files still open at the period's end (received before it, not closed by it), counted by every key a
   * breakdown needs at once: one read of the files for the four breakdowns of a page, not one each.
   */
  openFiles(range: StatsRange): OpenFiles {
    const end = dayBounds(range.to).end;
    // the field comes from the few procedures, not from a join made for every open file
    const fields = new Map((this.db.prepare("SELECT code, COALESCE(field, '') AS field FROM procedures").all() as { code: string; field: string }[]).map((p) => [p.code, p.field]));
    const rows = this.db
      .prepare(
        `SELECT COALESCE(counter_id, '') AS counter, COALESCE(received_by, '') AS staff, procedure_code AS procedure, COUNT(*) AS n
         FROM files WHERE (closed_at IS NULL OR closed_at >= ?) AND received_at < ? GROUP BY 1, 2, 3`,
      )
      .all(end, end) as Omit<OpenFiles[number], 'field'>[];
    return rows.map((r) => ({ ...r, field: fields.get(r.procedure) ?? '' }));
  }

  /**
   * The period's file figures: the summary's six from the summary's own query (one source), and on-time / late
   * returns and processing days from the rollup (every file is under exactly one counter key, '' for none).
   */
  fileTotals(range: StatsRange, today?: string): FileBlock {
    const f: FileFigures = fileFiguresBetween(this.db, range.from, range.to, today);
    const r = this.db
      .prepare(
        `SELECT TOTAL(returned) AS returned, TOTAL(returned_late) AS late, TOTAL(days_sum) AS daysSum, TOTAL(days_n) AS daysN
         FROM stats_file_keys WHERE dim = 'counter' AND day BETWEEN ? AND ?`,
      )
      .get(range.from, range.to) as { returned: number; late: number; daysSum: number; daysN: number };
    return {
      received: f.received,
      ready: f.ready,
      returned: f.returned,
      late: f.late,
      returnedOnTime: r.returned - r.late,
      returnedLate: r.late,
      inProgress: f.openAtEndOfDay,
      avgProcessingDays: r.daysN ? round(r.daysSum / r.daysN, 1) : null,
      apologies: f.apologies,
    };
  }

  sms(range: StatsRange): SmsFigures {
    return smsFiguresBetween(this.db, range.from, range.to);
  }

  /** The same by channel, Zalo ZNS and SMS (the totals above are the upstream summary's). */
  smsByChannel(range: StatsRange): SmsFiguresByChannel {
    return smsFiguresByChannel(this.db, range.from, range.to);
  }

  /** Names for the keys of a dimension (ids of counters and users; procedures' names). */
  labels(dim: Dimension): Map<string, string> {
    const q = (sql: string) => new Map((this.db.prepare(sql).all() as { k: string; v: string }[]).map((r) => [r.k, r.v]));
    switch (dim) {
      case 'counter':
        return q('SELECT id AS k, name AS v FROM counters');
      case 'staff':
        return q('SELECT id AS k, display_name AS v FROM users');
      case 'procedure':
        return q('SELECT code AS k, name AS v FROM procedures');
      default:
        return new Map();
    }
  }

  /** procedure code → field */
  procedureFields(): Map<string, string> {
    return new Map((this.db.prepare('SELECT code AS k, field AS v FROM procedures').all() as { k: string; v: string }[]).map((r) => [r.k, r.v]));
  }

  /** One row per day of the period (days without ratings included), oldest first. */
  trend(range: StatsRange): TrendPoint[] {
    const rows = this.db
      .prepare(`SELECT day, ${SCORE_SUMS} FROM stats_rating_hours WHERE day BETWEEN ? AND ? GROUP BY day`)
      .all(range.from, range.to) as (ScoreSums & { day: string })[];
    const files = this.db
      .prepare("SELECT day, SUM(received) AS received, SUM(returned) AS returned FROM stats_file_keys WHERE dim = 'counter' AND day BETWEEN ? AND ? GROUP BY day")
      .all(range.from, range.to) as { day: string; received: number; returned: number }[];
    const received = files.map((r) => ({ day: r.day, n: r.received }));
    const returned = files.map((r) => ({ day: r.day, n: r.returned }));
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const rec = new Map(received.map((r) => [r.day, r.n]));
    const ret = new Map(returned.map((r) => [r.day, r.n]));
    const out: TrendPoint[] = [];
    const empty: ScoreSums = { s1: 0, s2: 0, s3: 0, s4: 0, s5: 0, fl: 0 };
    for (let t = Date.parse(`${range.from}T00:00:00Z`), last = Date.parse(`${range.to}T00:00:00Z`); t <= last; t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      out.push({ day, ratings: blockOf(byDay.get(day) ?? empty), filesReceived: rec.get(day) ?? 0, filesReturned: ret.get(day) ?? 0 });
    }
    return out;
  }

  /** A one-day period's ratings by local hour, all 24 hours (the hourly rollup, migration 5); null for longer periods. */
  hourly(range: StatsRange): HourPoint[] | null {
    if (range.from !== range.to) return null;
    const rows = this.db.prepare(`SELECT hour, ${SCORE_SUMS} FROM stats_rating_hours WHERE day = ? GROUP BY hour`).all(range.from) as (ScoreSums & { hour: number })[];
    const byHour = new Map(rows.map((r) => [r.hour, r]));
    const empty: ScoreSums = { s1: 0, s2: 0, s3: 0, s4: 0, s5: 0, fl: 0 };
    return Array.from({ length: 24 }, (_, hour) => ({ hour, ratings: blockOf(byHour.get(hour) ?? empty) }));
  }

  /** Unflagged ratings by weekday × local hour (only cells with ratings). */
  heat(range: StatsRange): HeatCell[] {
    const rows = this.db
      .prepare(
        `SELECT CAST(strftime('%w', day) AS INTEGER) AS weekday, hour, SUM(n) AS total, SUM(CASE WHEN score >= 4 THEN n ELSE 0 END) AS satisfied,
           SUM(score * n) * 1.0 / SUM(n) AS mean
         FROM stats_rating_hours WHERE day BETWEEN ? AND ? AND flagged = 0 GROUP BY weekday, hour HAVING SUM(n) > 0 ORDER BY weekday, hour`,
      )
      .all(range.from, range.to) as { weekday: number; hour: number; total: number; satisfied: number; mean: number }[];
    return rows.map((r) => ({
      weekday: r.weekday,
      hour: r.hour,
      total: r.total,
      satisfied: r.satisfied,
      satisfactionRate: round(r.satisfied / r.total, 4),
      meanScore: round(r.mean, 2),
    }));
  }

  /**
   * Comments, newest first, one page at a time by keyset (the last row's rated_at and id), so a page deep in a year
   * costs the same as the first. Phone numbers a citizen typed into a comment are masked.
   */
  comments(range: StatsRange, opts: { limit: number; before?: { ratedAt: number; id: string } }): { items: CommentRow[]; next: { ratedAt: number; id: string } | null } {
    const rows = this.db
      .prepare(
        `SELECT r.id, r.rated_at, r.day, c.name AS counter, u.display_name AS staff, r.score, r.source, r.reasons, r.comment
         FROM ratings r JOIN counters c ON c.id = r.counter_id LEFT JOIN users u ON u.id = r.staff_id
         WHERE r.day BETWEEN @from AND @to AND r.comment IS NOT NULL
           AND (@beforeAt IS NULL OR r.rated_at < @beforeAt OR (r.rated_at = @beforeAt AND r.id < @beforeId))
         ORDER BY r.rated_at DESC, r.id DESC LIMIT @limit`,
      )
      .all({ from: range.from, to: range.to, beforeAt: opts.before?.ratedAt ?? null, beforeId: opts.before?.id ?? null, limit: opts.limit + 1 }) as {
      id: string;
      rated_at: number;
      day: string;
      counter: string;
      staff: string | null;
      score: number;
      source: string;
      reasons: string | null;
      comment: string;
    }[];
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        ratedAt: r.rated_at,
        day: r.day,
        counter: r.counter,
        staff: r.staff,
        score: r.score,
        source: r.source,
        reasons: r.reasons ? (JSON.parse(r.reasons) as string[]) : [],
        comment: maskPhonesInText(r.comment),
      })),
      next: rows.length > opts.limit && last ? { ratedAt: last.rated_at, id: last.id } : null,
    };
  }

  /** Everything for the statistics page and the exports' summary sheets. */
  period(range: StatsRange, today?: string): PeriodStats {
    // first: with `today` it marks newly late files, which the breakdowns then see
    const files = this.fileTotals(range, today);
    const breakdown = {} as Record<Dimension, BreakdownRow[]>;
    const open = this.openFiles(range);
    for (const dim of DIMENSIONS) breakdown[dim] = this.breakdown(range, dim, open);
    return {
      range,
      ratings: { ...this.ratingTotals(range), reasons: this.reasons(range), comments: this.commentCount(range) },
      files,
      sms: this.sms(range),
      smsByChannel: this.smsByChannel(range),
      breakdown,
      trend: this.trend(range),
      hourly: this.hourly(range),
      heat: this.heat(range),
    };
  }

  /** `open`: the period's open files when the caller has read them already (openFiles). */
  breakdown(range: StatsRange, dim: Dimension, open?: OpenFiles): BreakdownRow[] {
    const ratings = this.ratingsBy(range, dim);
    const files = this.filesBy(range, dim, open);
    const labels = this.labels(dim);
    const keys = new Set<string>([...ratings.keys(), ...(files?.keys() ?? [])]);
    // every counter shows, even one without ratings (as on the summary)
    if (dim === 'counter') for (const k of labels.keys()) keys.add(k);
    const empty = ratingBlock(zeroScores(), 0);
    return [...keys]
      .map((key) => ({ key, label: key === '' ? '' : (labels.get(key) ?? key), ratings: ratings.get(key) ?? empty, files: files ? (files.get(key) ?? emptyFiles()) : null }))
      .sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : a.label.localeCompare(b.label, 'vi')));
  }
}

/** Open files counted by counter, receiving staff, procedure and field together (StatsQueries.openFiles). */
type OpenFiles = { counter: string; staff: string; procedure: string; field: string; n: number }[];

const emptyFiles = (): FileBlock => ({ received: 0, ready: 0, returned: 0, late: 0, returnedOnTime: 0, returnedLate: 0, inProgress: 0, avgProcessingDays: null, apologies: 0 });

