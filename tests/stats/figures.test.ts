import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../hub/src/db/open.js';
import { MIGRATIONS } from '../../hub/src/db/migrations.js';
import { StatsQueries, type PeriodStats } from '../../hub/src/stats/queries.js';
import { resolveRange, type RangeQuery } from '../../hub/src/stats/range.js';
import { tmpDir } from '../helpers/procs.js';
import { generate } from './generate.js';
import { recompute } from './recompute.js';

let dir: string;
let db: Db;
let q: StatsQueries;

beforeAll(() => {
  dir = tmpDir('stats-figures-');
  db = openDb(path.join(dir, 'hub.sqlite'));
  generate(db, { from: '2026-01-01', days: 120, ratings: 6000, files: 1500, seed: 11 });
  q = new StatsQueries(db);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function check(s: PeriodStats) {
  const e = recompute(db, s.range);
  expect(s.ratings).toEqual(e.ratings);
  expect(s.files).toEqual(e.files);
  expect(s.sms).toEqual(e.sms);
  for (const [dim, rows] of Object.entries(s.breakdown)) {
    const got = Object.fromEntries(rows.filter((r) => r.ratings.total || r.ratings.flagged || r.files).map((r) => [r.key, { ratings: r.ratings, files: r.files }]));
    // counters without any figure still show on the page (as on the summary); the plain count has no row for them
    for (const k of Object.keys(got)) if (!(k in e.breakdown[dim]!)) expect(got[k]!.ratings.total + got[k]!.ratings.flagged).toBe(0);
    for (const [k, v] of Object.entries(e.breakdown[dim]!)) expect(got[k], `${dim} ${k}`).toEqual(v);
  }
  expect(s.trend.map((t) => ({ day: t.day, total: t.ratings.total, flagged: t.ratings.flagged, filesReceived: t.filesReceived, filesReturned: t.filesReturned }))).toEqual(e.trend);
  if (s.range.days === 1) {
    // a day's trend by local hour: a plain count of the day's rows by hour of rated_at + 7 h
    const byHour = db
      .prepare('SELECT ((rated_at + 25200000) / 3600000) % 24 AS hour, SUM(flagged = 0) AS total, SUM(flagged) AS flagged FROM ratings WHERE day = ? GROUP BY hour')
      .all(s.range.from) as { hour: number; total: number; flagged: number }[];
    const want = Array.from({ length: 24 }, (_, hour) => ({ hour, total: 0, flagged: 0, ...byHour.find((r) => r.hour === hour) }));
    expect(s.hourly!.map((p) => ({ hour: p.hour, total: p.ratings.total, flagged: p.ratings.flagged }))).toEqual(want);
    expect(want.reduce((n, h) => n + h.total, 0)).toBe(s.ratings.total);
  } else expect(s.hourly).toBeNull();
  expect(s.heat.length).toBe(e.heat.size);
  for (const c of s.heat) expect({ total: c.total, satisfied: c.satisfied }).toEqual(e.heat.get(`${c.weekday}-${c.hour}`));
}

describe('statistics of a period', () => {
  it.each<RangeQuery>([
    { kind: 'month', date: '2026-02-14' },
    { kind: 'week', date: '2026-03-05' },
    { kind: 'quarter', date: '2026-01-01' },
    { kind: 'custom', from: '2026-02-20', to: '2026-04-10' },
    { kind: 'day', date: '2026-03-16' },
  ])('every figure of %o equals a plain recomputation from the rows', (query) => {
    const s = q.period(resolveRange(query), '2026-05-01');
    expect(s.ratings.total).toBeGreaterThan(0);
    check(s);
  });

  it('a week runs Monday to Sunday; a quarter and a month end on their last day', () => {
    expect(resolveRange({ kind: 'week', date: '2026-03-05' })).toMatchObject({ from: '2026-03-02', to: '2026-03-08', days: 7 });
    expect(resolveRange({ kind: 'week', date: '2026-03-08' })).toMatchObject({ from: '2026-03-02', to: '2026-03-08' });
    expect(resolveRange({ kind: 'month', date: '2028-02-10' })).toMatchObject({ from: '2028-02-01', to: '2028-02-29', days: 29 });
    expect(resolveRange({ kind: 'quarter', date: '2026-11-24' })).toMatchObject({ from: '2026-10-01', to: '2026-12-31', days: 92 });
    expect(resolveRange({ kind: 'year', date: '2026-11-24' })).toMatchObject({ from: '2026-01-01', to: '2026-12-31', days: 365 });
  });

  it('folds five levels to three: 5 very satisfied, 4 satisfied, 3/2/1 not satisfied; satisfaction is (5+4)/total', () => {
    const s = q.period(resolveRange({ kind: 'month', date: '2026-02-01' }));
    const b = s.ratings.byScore;
    expect(s.ratings.level3).toEqual({ verySatisfied: b['5'], satisfied: b['4'], notSatisfied: b['1'] + b['2'] + b['3'] });
    expect(s.ratings.satisfactionRate).toBeCloseTo((b['5'] + b['4']) / s.ratings.total, 4);
  });

  it('pages comments newest first by keyset, without repeats or gaps, and masks phone numbers typed in them', () => {
    const range = resolveRange({ kind: 'quarter', date: '2026-01-01' });
    const all = db.prepare('SELECT id, comment FROM ratings WHERE day BETWEEN ? AND ? AND comment IS NOT NULL ORDER BY rated_at DESC, id DESC').all(range.from, range.to) as { id: string; comment: string }[];
    expect(all.length).toBeGreaterThan(40);
    const seen: string[] = [];
    let before: { ratedAt: number; id: string } | undefined;
    for (;;) {
      const page = q.comments(range, { limit: 17, before });
      seen.push(...page.items.map((c) => c.id));
      for (const c of page.items) expect(c.comment).not.toMatch(/0912 ?345 ?678/);
      if (!page.next) break;
      before = page.next;
    }
    expect(seen).toEqual(all.map((c) => c.id));
    expect(all.some((c) => c.comment.includes('0912 345 678'))).toBe(true);
    const masked = q.comments(range, { limit: 500 }).items.find((c) => c.comment.startsWith('Gọi lại'));
    expect(masked?.comment).toBe('Gọi lại cho tôi số 09xx xxx 678 nhé');
  });

  it('keeps the rollups exact when ratings are corrected or removed, and fills them from ratings and files stored before', () => {
    const range = resolveRange({ kind: 'month', date: '2026-02-01' });
    const ids = (db.prepare("SELECT id FROM ratings WHERE day BETWEEN '2026-02-01' AND '2026-02-28' ORDER BY id LIMIT 30").all() as { id: string }[]).map((r) => r.id);
    const file = db.prepare("SELECT id FROM files WHERE procedure_code = 'TT-03' LIMIT 1").get() as { id: string };
    db.transaction(() => {
      for (const [i, id] of ids.entries()) {
        if (i % 3 === 0) db.prepare('UPDATE ratings SET flagged = 1 - flagged, score = 6 - score WHERE id = ?').run(id);
        else if (i % 3 === 1) db.prepare("UPDATE ratings SET staff_id = 'u-gen-2', file_id = ?, rated_at = rated_at + 3600000 WHERE id = ?").run(file.id, id);
        else db.prepare('DELETE FROM ratings WHERE id = ?').run(id);
      }
    })();
    check(q.period(range));

    // a database from before migration 5 (version 4), with ratings, then migrated
    const old = path.join(dir, 'v4.sqlite');
    const v4 = openDb(old, MIGRATIONS.filter((m) => m.version <= 4));
    generate(v4, { from: '2026-01-01', days: 40, ratings: 1500, files: 300, seed: 9 });
    v4.close();
    const migrated = openDb(old);
    try {
      const mq = new StatsQueries(migrated);
      const mr = resolveRange({ kind: 'custom', from: '2026-01-01', to: '2026-02-09' });
      const s = mq.period(mr);
      const e = recompute(migrated, mr);
      expect(s.ratings).toEqual(e.ratings);
      expect(s.trend.map((t) => t.ratings.total)).toEqual(e.trend.map((t) => t.total));
      expect(Object.fromEntries(s.breakdown.procedure.map((b) => [b.key, b.ratings]))).toEqual(Object.fromEntries(Object.entries(e.breakdown.procedure!).map(([k, v]) => [k, v.ratings])));
      expect(s.files).toEqual(e.files);
      for (const [k, v] of Object.entries(e.breakdown.counter!)) expect(s.breakdown.counter.find((b) => b.key === k)?.files).toEqual(v.files);
      expect(s.trend.map((t) => t.filesReturned)).toEqual(e.trend.map((t) => t.filesReturned));
    } finally {
      migrated.close();
    }
  });

  it('reads every grouped figure through an index, never by scanning a table', () => {
    const range = resolveRange({ kind: 'year', date: '2026-01-01' });
    const plans: string[] = [];
    const prepare = db.prepare.bind(db);
    // record each statement the queries run, then ask SQLite how it would run it
    const spy = Object.assign(Object.create(Object.getPrototypeOf(db)) as Db, db);
    const seen = new Set<string>();
    (db as unknown as { prepare: typeof db.prepare }).prepare = ((sql: string) => {
      seen.add(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    try {
      q.period(range);
      q.hourly(resolveRange({ kind: 'day', date: '2026-01-05' }));
      q.comments(range, { limit: 10 });
    } finally {
      (db as unknown as { prepare: typeof db.prepare }).prepare = prepare;
    }
    void spy;
    expect(seen.size).toBeGreaterThan(20);
    for (const sql of seen) {
      const named = sql.includes('@');
      const args = named ? [{ from: range.from, to: range.to, start: 0, end: 1, beforeAt: null, beforeId: null, limit: 1 }] : Array.from(sql.matchAll(/\?/g), () => '2026-01-01');
      const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((p) => p.detail);
      plans.push(...plan);
      // the label queries read the small lists of counters, users and procedures whole; nothing else may scan
      const scans = plan.filter((d) => /^SCAN (ratings|files|file_events|sms_messages|stats_rating_keys|stats_rating_hours|stats_file_keys|r|f|e|s)\b/.test(d) && !/USING (COVERING )?INDEX/.test(d));
      expect(scans, `${sql}\n${plan.join('\n')}`).toEqual([]);
    }
    expect(plans.some((d) => /SEARCH (s|stats_rating_keys) USING PRIMARY KEY \(dim=\? AND day>\? AND day<\?\)/.test(d))).toBe(true);
    expect(plans.some((d) => /SEARCH stats_rating_hours USING PRIMARY KEY \(day>\? AND day<\?\)/.test(d))).toBe(true);
    expect(plans.some((d) => /SEARCH stats_rating_hours USING PRIMARY KEY \(day=\?\)/.test(d))).toBe(true);
    expect(plans.some((d) => /SEARCH (s|stats_file_keys) USING PRIMARY KEY \(dim=\? AND day>\? AND day<\?\)/.test(d))).toBe(true);
  });
});
