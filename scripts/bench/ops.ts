/**
 * Operations benchmark: `npm run bench:ops` (docs/performance.md, "Backups, retention, display").
 *
 * Generates a very busy commune's year straight into a SQLite file (500,000 ratings, 100,000 files with their events
 * and SMS; tests/stats/generate.ts), then measures, on that file:
 *   A. the online backup (BackupService: SQLite backup API, journal switch, integrity check, rename): time and MB/s;
 *      and a raw baseline in the same run: fs.copyFileSync of the same (idle, checkpointed) file
 *   B. ratings written by the same process while a backup runs: how long the longest rating commit waited
 *   C. the retention job on files closed more than 90 days before 31/12 (the first run, a year of backlog): files/s
 *      in batches of 500; the next night's run; and a raw baseline in the same run on a copy: one UPDATE statement
 *      over the same files
 *   D. the display's figures for one busy day (DisplayService.figures), 30 runs
 *
 * Prints a table, then one JSON object as the last line. The temp directory is removed at the end.
 * Options: --ratings N --files N (smaller runs while investigating), --keep.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { dayBounds, uuidv7, type Clock } from '@onestop/shared';
import { openDb } from '../../hub/src/db/open.ts';
import { silentLogger } from '../../hub/src/log.ts';
import { BackupService } from '../../hub/src/backup/service.ts';
import { RetentionService } from '../../hub/src/retention/service.ts';
import { DisplayService } from '../../hub/src/display/service.ts';
import { generate } from '../../tests/stats/generate.ts';
import { loadFields } from './quiet.ts';

const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { ratings: { type: 'string' }, files: { type: 'string' }, keep: { type: 'boolean' } } });
  const nRatings = Number(values.ratings ?? 500_000);
  const nFiles = Number(values.files ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ops-'));
  try {
    const file = path.join(dir, 'hub.sqlite');
    const db = openDb(file);
    let t = performance.now();
    generate(db, { from: '2026-01-01', days: 365, ratings: nRatings, files: nFiles, seed: 7 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    log(`generated ${nRatings} ratings, ${nFiles} files in ${Math.round(performance.now() - t)} ms`);
    const mb = fs.statSync(file).size / 1_048_576;
    const clock: Clock = { now: () => dayBounds('2026-12-31').start + 10 * 3_600_000 };

    // A. backup, and the raw copy baseline
    const backups = new BackupService(db, dir, clock, silentLogger(), () => ({ keepDaily: 7, keepWeekly: 4 }));
    t = performance.now();
    fs.copyFileSync(file, path.join(dir, 'raw-copy.sqlite'));
    const copyMs = performance.now() - t;
    fs.rmSync(path.join(dir, 'raw-copy.sqlite'));
    // B. meanwhile, one rating commit after another on the same connection (as the hub's group commit does)
    const counter = (db.prepare('SELECT id FROM counters LIMIT 1').get() as { id: string }).id;
    const device = (db.prepare('SELECT id FROM devices WHERE counter_id = ? LIMIT 1').get(counter) as { id: string }).id;
    const insert = db.prepare(
      "INSERT INTO ratings (id, device_id, counter_id, source, button, score, scale_buttons, device_time, received_at, rated_at, day) VALUES (?, ?, ?, 'button', 1, 5, 4, ?, ?, ?, '2026-12-31')",
    );
    let writing = true;
    const waits: number[] = [];
    const writer = (async () => {
      let last = performance.now();
      while (writing) {
        await new Promise((r) => setImmediate(r));
        const now = performance.now();
        waits.push(now - last);
        const at = clock.now();
        insert.run(uuidv7(at + waits.length), device, counter, at, at, at);
        last = performance.now();
      }
    })();
    t = performance.now();
    const run = await backups.backupNow('manual');
    const backupMs = performance.now() - t;
    writing = false;
    await writer;
    if (!run.ok) throw new Error(`backup failed: ${run.error}`);
    const duringBackup = waits.length;
    const maxWait = Math.max(...waits);

    // C. retention on a copy (the raw baseline on another copy, so both start from the same data)
    const backupFile = path.join(dir, 'backups', run.file!);
    const retFile = path.join(dir, 'ret.sqlite');
    const rawFile = path.join(dir, 'raw.sqlite');
    fs.copyFileSync(backupFile, retFile);
    fs.copyFileSync(backupFile, rawFile);
    const retDb = openDb(retFile);
    const retention = new RetentionService(retDb, clock, silentLogger(), () => ({ days: 90, batchSize: 500 }));
    t = performance.now();
    const ret = await retention.run();
    const retMs = performance.now() - t;
    // the next night: only the files closed in one more day, plus the sweep for SMS stragglers
    const nextNight = new RetentionService(retDb, { now: () => clock.now() + 86_400_000 }, silentLogger(), () => ({ days: 90, batchSize: 500 }));
    t = performance.now();
    const ret2 = await nextNight.run();
    const ret2Ms = performance.now() - t;
    retDb.close();
    const raw = new Database(rawFile);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    const cutoff = clock.now() - 90 * 86_400_000;
    t = performance.now();
    const rawN = raw.prepare("UPDATE files SET citizen_name = '', name_folded = '', phone = '' WHERE closed_at IS NOT NULL AND closed_at < ?").run(cutoff).changes;
    raw.prepare("UPDATE sms_messages SET to_phone = '' WHERE file_id IN (SELECT id FROM files WHERE closed_at IS NOT NULL AND closed_at < ?)").run(cutoff);
    const rawMs = performance.now() - t;
    raw.close();

    // D. the display's figures for a busy day
    const display = new DisplayService(db, { now: () => dayBounds('2026-06-15').start + 15 * 3_600_000 }, () => 'Xã Bến Đò');
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      t = performance.now();
      display.figures();
      times.push(performance.now() - t);
    }
    db.close();

    const fig = {
      ratings: nRatings,
      files: nFiles,
      db_mb: r1(mb),
      backup_ms: Math.round(backupMs),
      backup_mb_per_s: r1(mb / (backupMs / 1000)),
      raw_copy_ms: Math.round(copyMs),
      ratings_committed_during_backup: duringBackup,
      max_commit_wait_during_backup_ms: r1(maxWait),
      retention_files: ret.files,
      retention_sms: ret.smsMessages,
      retention_ms: Math.round(retMs),
      retention_files_per_s: Math.round(ret.files / (retMs / 1000)),
      retention_next_night_ms: Math.round(ret2Ms),
      retention_next_night_files: ret2.files,
      retention_raw_update_ms: Math.round(rawMs),
      retention_raw_files: rawN,
      display_figures_ms: r1(median(times)),
    };
    log('');
    log(`A  backup of ${fig.db_mb} MB: ${fig.backup_ms} ms (${fig.backup_mb_per_s} MB/s, verified); raw file copy ${fig.raw_copy_ms} ms`);
    log(`B  ${fig.ratings_committed_during_backup} rating commits during the backup; longest wait between two ${fig.max_commit_wait_during_backup_ms} ms`);
    log(`C  retention: ${fig.retention_files} files + ${fig.retention_sms} SMS in ${fig.retention_ms} ms (${fig.retention_files_per_s} files/s); raw UPDATE ${fig.retention_raw_update_ms} ms (${fig.retention_raw_files} files)`);
    log(`   the next night: ${fig.retention_next_night_files} files in ${fig.retention_next_night_ms} ms`);
    log(`D  display figures of a busy day: median ${fig.display_figures_ms} ms`);
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
