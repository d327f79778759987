/**
 * Audit log benchmark: `npm run bench:audit` (docs/performance.md, "Audit log").
 *
 * A year of a busy commune's history in a real hub.sqlite (migrations applied): 40,000 files with 3 transitions each
 * (120,000 file_events) and 20,000 administrative changes in audit_log. Then, through the real AuditService:
 *   - the audit page's first page for the default range (last 30 days) and for the whole year, all kinds;
 *   - the year's CSV export (UTF-8 with BOM) written to a null stream: rows per second;
 * and, as the raw baseline in the same run, bare better-sqlite3 reading the same rows with one plain query.
 * Prints a table, then one JSON object as the last line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { openDb } from '../../hub/src/db/open.js';
import { AuditService } from '../../hub/src/audit/service.js';
import { writeAuditCsv } from '../../hub/src/audit/export.js';
import { silentLogger } from '../../hub/src/log.js';
import { loadFields } from './quiet.ts';

const DAY = 86_400_000;
const FILES = 40_000;
const ADMIN_CHANGES = 20_000;
const NOW = Date.UTC(2026, 11, 31, 3, 0, 0); // 31/12/2026 10:00 in Vietnam
const START = NOW - 365 * DAY;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-audit-'));
const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(n: number, fn: () => unknown): number {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

const db = openDb(path.join(dir, 'hub.sqlite'));
const seedStart = performance.now();
db.transaction(() => {
  db.prepare("INSERT INTO procedures (code, name, field, processing_days, created_at, updated_at) VALUES ('HT-KS', 'Đăng ký khai sinh', 'Hộ tịch', 3, ?, ?)").run(START, START);
  db.prepare("INSERT INTO users (id, username, display_name, role, password_hash, created_at, password_changed_at) VALUES ('u-1', 'lan', 'Nguyễn Thị Lan', 'staff', 'x', ?, ?)").run(START, START);
  const file = db.prepare(
    `INSERT INTO files (id, code, procedure_code, procedure_name, processing_days, citizen_name, name_folded, phone, received_by, received_at, due_date, status, status_at, created_at)
     VALUES (?, ?, 'HT-KS', 'Đăng ký khai sinh', 3, 'Lê Văn Đức', 'le van duc', '+84912345678', 'u-1', ?, '2026-12-31', 'returned', ?, ?)`,
  );
  const ev = db.prepare('INSERT INTO file_events (file_id, at, kind, from_status, to_status, user_id) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < FILES; i++) {
    const at = START + Math.floor((i / FILES) * 365 * DAY);
    const id = `f-${i}`;
    file.run(id, `HS-${i}`, at, at + 2 * DAY, at);
    ev.run(id, at, 'received', null, 'received', 'u-1');
    ev.run(id, at + DAY, 'ready', 'received', 'ready', 'u-1');
    ev.run(id, at + 2 * DAY, 'returned', 'ready', 'returned', 'u-1');
  }
  const audit = db.prepare('INSERT INTO audit_log (at, actor_id, actor, kind, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < ADMIN_CHANGES; i++) {
    const at = START + Math.floor((i / ADMIN_CHANGES) * 365 * DAY);
    audit.run(at, 'u-admin', 'admin', i % 2 ? 'counter' : 'procedure', 'update', `t-${i % 50}`, JSON.stringify({ name: `Quầy ${i}` }), JSON.stringify({ name: `Quầy ${i + 1}` }));
  }
})();
const seedMs = performance.now() - seedStart;

const audit = new AuditService(db, { now: () => NOW }, silentLogger());
const page30 = timeIt(20, () => audit.list({}));
const pageYear = timeIt(10, () => audit.list({ from: '2026-01-01', to: '2026-12-31' }));
const pageYearFiles = timeIt(10, () => audit.list({ from: '2026-01-01', to: '2026-12-31', kind: 'file', page: 100 }));
const yearFilter = audit.filter({ from: '2026-01-01', to: '2026-12-31' }).filter;

const nullStream = () => new Writable({ write: (_c, _e, cb) => cb() });
let t = performance.now();
const rows = await writeAuditCsv(nullStream(), audit.iterate(yearFilter));
const csvMs = performance.now() - t;

// raw baseline: the same rows, one plain statement each, no union, no JSON, no CSV
t = performance.now();
let bare = 0;
for (const _r of db.prepare('SELECT * FROM audit_log ORDER BY at').iterate()) bare++;
for (const _r of db.prepare('SELECT e.*, f.code FROM file_events e JOIN files f ON f.id = e.file_id ORDER BY e.at').iterate()) bare++;
const bareMs = performance.now() - t;
db.close();

const result = {
  file_events: FILES * 3,
  admin_changes: ADMIN_CHANGES,
  seed_ms: Math.round(seedMs),
  page_30d_ms: +page30.toFixed(2),
  page_year_ms: +pageYear.toFixed(2),
  page_year_files_p100_ms: +pageYearFiles.toFixed(2),
  csv_rows: rows,
  csv_rows_per_s: Math.round(rows / (csvMs / 1000)),
  bare_sqlite_rows: bare,
  bare_sqlite_rows_per_s: Math.round(bare / (bareMs / 1000)),
};
const w = (k: string, v: string) => process.stdout.write(`${k.padEnd(48)} ${v}\n`);
w('history', `${result.file_events} file events + ${result.admin_changes} admin changes (seeded in ${result.seed_ms} ms)`);
w('audit page, last 30 days (median of 20)', `${result.page_30d_ms} ms`);
w('audit page, whole year (median of 10)', `${result.page_year_ms} ms`);
w('audit page 100 of a year of files (median of 10)', `${result.page_year_files_p100_ms} ms`);
w('CSV export of the year', `${result.csv_rows} rows, ${result.csv_rows_per_s} rows/s`);
w('baseline: bare SQLite read of the same rows', `${result.bare_sqlite_rows} rows, ${result.bare_sqlite_rows_per_s} rows/s`);
process.stdout.write(JSON.stringify({ ...result, ...loadFields() }) + '\n');
