/**
 * Statistics and exports benchmark: `npm run bench:stats` (docs/performance.md, "Statistics and exports").
 *
 * Generates a very busy commune's year straight into a SQLite file (500,000 ratings, 100,000 files with their
 * events and SMS; tests/stats/generate.ts), then measures, on that file:
 *   A. one day's statistics (every figure of the page: StatsQueries.period), 30 different days; and the same
 *      day's bare SQLite baseline (one grouped count over the same index)
 *   B. one year's statistics, 3 runs; and a bare baseline (one grouped count over the year)
 *   C. CSV export of the year's ratings (every row, joined and labelled) in this process: rows/s; and a raw baseline
 *      in the same run: iterating the same rows with bare better-sqlite3 (no formatting, no file)
 *   D. the year's XLSX export (every sheet, 600,000+ rows) in a child process: time and its peak RSS
 *      (process.resourceUsage().maxRSS); meanwhile this process writes ratings and checkpoints the WAL every
 *      200 ms, which shows no read transaction is held open (the WAL stays small)
 *
 * Prints a table, then one JSON object as the last line. The temp directory is removed at the end.
 * Options: --ratings N --files N (smaller runs while investigating), --keep (keep the data directory).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { localDay, systemClock } from '@onestop/shared';
import { openDb } from '../../hub/src/db/open.ts';
import { silentLogger } from '../../hub/src/log.ts';
import { StatsQueries } from '../../hub/src/stats/queries.ts';
import { resolveRange } from '../../hub/src/stats/range.ts';
import { ExportService } from '../../hub/src/exports/service.ts';
import { ratingsTable } from '../../hub/src/exports/tables.ts';
import { writeCsv } from '../../hub/src/exports/csv.ts';
import { generate } from '../../tests/stats/generate.ts';
import { loadFields } from './quiet.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '../..');
const YEAR = '2026';
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
};
const p95 = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/** The child: exports the year as XLSX through the hub's own ExportService and reports its peak RSS. */
async function child(dataDir: string): Promise<void> {
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  const exports = new ExportService({ db, clock: systemClock, log: silentLogger(), dataDir, commune: () => ({ code: '26734', name: 'Xã Bến Đò' }) });
  const t = performance.now();
  const job = exports.start({ format: 'xlsx', kind: 'stats', range: { kind: 'year', date: `${YEAR}-06-01` } });
  await exports.idle();
  const done = exports.get(job.id);
  const ms = performance.now() - t;
  process.stdout.write(
    JSON.stringify({ status: done.status, rows: done.total, bytes: done.bytes, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
  );
  db.close();
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { ratings: { type: 'string' }, files: { type: 'string' }, keep: { type: 'boolean' }, child: { type: 'string' } } });
  if (values.child) {
    await child(values.child);
    return 0;
  }
  const nRatings = Number(values.ratings ?? 500_000);
  const nFiles = Number(values.files ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-stats-'));
  const file = path.join(dir, 'hub.sqlite');
  try {
    log(`generating ${nRatings} ratings and ${nFiles} files over ${YEAR} into ${file}`);
    let t = performance.now();
    const db = openDb(file);
    generate(db, { from: `${YEAR}-01-01`, days: 365, ratings: nRatings, files: nFiles, seed: 7 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    const genS = (performance.now() - t) / 1000;
    const counts = db.prepare('SELECT (SELECT COUNT(*) FROM ratings) AS ratings, (SELECT COUNT(*) FROM files) AS files, (SELECT COUNT(*) FROM file_events) AS events, (SELECT COUNT(*) FROM sms_messages) AS sms').get() as Record<string, number>;
    log(`  generated in ${genS.toFixed(1)} s: ${JSON.stringify(counts)}; file ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);
    const q = new StatsQueries(db);
    const today = `${Number(YEAR) + 1}-01-01`;

    // A. one day, 30 different working days
    const dayMs: number[] = [];
    const dayBare: number[] = [];
    for (let i = 0; i < 30; i++) {
      const day = localDay(Date.UTC(Number(YEAR), 0, 5) + i * 11 * 86_400_000);
      const range = resolveRange({ kind: 'day', date: day });
      t = performance.now();
      q.period(range, today);
      dayMs.push(performance.now() - t);
      t = performance.now();
      db.prepare('SELECT counter_id, score, COUNT(*) FROM ratings WHERE day = ? AND flagged = 0 GROUP BY counter_id, score').all(day);
      dayBare.push(performance.now() - t);
    }
    // B. the year, 3 runs
    const yearRange = resolveRange({ kind: 'year', date: `${YEAR}-06-01` });
    const yearMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      q.period(yearRange, today);
      yearMs.push(performance.now() - t);
    }
    t = performance.now();
    db.prepare('SELECT counter_id, score, COUNT(*) FROM ratings WHERE day BETWEEN ? AND ? AND flagged = 0 GROUP BY counter_id, score').all(yearRange.from, yearRange.to);
    const yearBare = performance.now() - t;

    // C. CSV of the year's ratings, and the bare iterate of the same rows
    const csvFile = path.join(dir, 'ratings.csv');
    t = performance.now();
    const csvRows = await writeCsv(csvFile, ratingsTable(db, yearRange));
    const csvS = (performance.now() - t) / 1000;
    const csvBytes = fs.statSync(csvFile).size;
    t = performance.now();
    let bare = 0;
    for (const _ of db
      .prepare(
        `SELECT r.id, r.day, r.rated_at, c.name, u.display_name, pr.name, pr.field, r.source, r.score, r.flagged, r.reasons, r.comment
         FROM ratings r JOIN counters c ON c.id = r.counter_id LEFT JOIN users u ON u.id = r.staff_id
           LEFT JOIN files f ON f.id = r.file_id LEFT JOIN procedures pr ON pr.code = f.procedure_code
         WHERE r.day BETWEEN ? AND ? ORDER BY r.day, r.rated_at, r.id`,
      )
      .iterate(yearRange.from, yearRange.to))
      bare++;
    const bareS = (performance.now() - t) / 1000;
    fs.rmSync(csvFile);

    // D. XLSX of the year in a child process, while this process writes and checkpoints
    const wal = `${file}-wal`;
    let walMax = 0;
    let checkpointsBlocked = 0;
    let checkpoints = 0;
    let written = 0;
    const writer = new Database(file);
    writer.pragma('busy_timeout = 5000');
    const ins = writer.prepare(
      "INSERT INTO ratings (id, device_id, counter_id, source, button, score, scale_buttons, device_time, received_at, rated_at, day) VALUES (?, 'd-gen-1-agent', 'q-gen-1', 'button', 1, 5, 5, ?, ?, ?, ?)",
    );
    const late = Date.UTC(Number(YEAR) + 1, 0, 2, 3);
    const tick = setInterval(() => {
      writer.transaction(() => {
        for (let i = 0; i < 100; i++, written++) ins.run(`bench-live-${written}`, late + written, late + written, late + written, localDay(late));
      })();
      const [row] = writer.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      checkpoints++;
      if (row && row.checkpointed < row.log) checkpointsBlocked++;
      try {
        walMax = Math.max(walMax, fs.statSync(wal).size);
      } catch {
        /* no WAL yet */
      }
    }, 200);
    const childOut = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`export child exited ${code}`))));
    });
    clearInterval(tick);
    writer.close();
    const x = JSON.parse(childOut.trim().split('\n').pop()!) as { status: string; rows: number; bytes: number; ms: number; maxRssMb: number };
    if (x.status !== 'done') throw new Error(`xlsx export ${x.status}`);
    db.close();

    const fig = {
      ratings: counts.ratings,
      files: counts.files,
      day_stats_ms: r1(median(dayMs)),
      day_stats_p95_ms: r1(p95(dayMs)),
      day_bare_sqlite_ms: r1(median(dayBare)),
      year_stats_ms: r1(median(yearMs)),
      year_bare_sqlite_ms: r1(yearBare),
      csv_rows: csvRows,
      csv_rows_per_s: Math.round(csvRows / csvS),
      csv_mb: r1(csvBytes / 1e6),
      bare_iterate_rows_per_s: Math.round(bare / bareS),
      xlsx_year_rows: x.rows,
      xlsx_year_s: r1(x.ms / 1000),
      xlsx_year_mb: r1(x.bytes / 1e6),
      xlsx_year_peak_rss_mb: r1(x.maxRssMb),
      wal_max_kb_during_export: Math.round(walMax / 1024),
      checkpoints_during_export: checkpoints,
      checkpoints_blocked: checkpointsBlocked,
    };
    const rows: [string, string, string][] = [
      ['A. one day\'s statistics (median of 30 days; p95)', `${fig.day_stats_ms} ms (p95 ${fig.day_stats_p95_ms} ms)`, '≤ 50 ms'],
      ['   bare SQLite: one grouped count of that day', `${fig.day_bare_sqlite_ms} ms`, ''],
      ['B. one year\'s statistics (median of 3)', `${fig.year_stats_ms} ms`, '≤ 1000 ms'],
      ['   bare SQLite: one grouped count of the year', `${fig.year_bare_sqlite_ms} ms`, ''],
      ['C. CSV of the year\'s ratings', `${fig.csv_rows_per_s.toLocaleString('en')} rows/s (${fig.csv_rows} rows, ${fig.csv_mb} MB)`, '≥ 100,000 rows/s'],
      ['   bare SQLite: iterate the same rows', `${fig.bare_iterate_rows_per_s.toLocaleString('en')} rows/s`, ''],
      ['D. XLSX of the year (child process)', `${fig.xlsx_year_s} s, ${fig.xlsx_year_rows} rows, ${fig.xlsx_year_mb} MB`, ''],
      ['   its peak RSS', `${fig.xlsx_year_peak_rss_mb} MB`, '≤ 300 MB'],
      ['   WAL during the export (writes + checkpoints every 200 ms)', `max ${fig.wal_max_kb_during_export} KB; ${fig.checkpoints_blocked}/${fig.checkpoints_during_export} checkpoints found a reader (momentarily)`, ''],
    ];
    console.log(`\nstatistics and exports, ${counts.ratings} ratings, ${counts.files} files (${os.cpus().length} cores, node ${process.version})`);
    for (const [a, b, c] of rows) console.log(`${a.padEnd(62)} ${b.padEnd(48)} ${c}`);
    console.log(JSON.stringify({ ...fig, ...loadFields() }));
    return 0;
  } finally {
    if (values.keep) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    log(`failed: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  },
);
