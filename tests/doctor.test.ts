import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dayBounds, localDay, OFFSET_MS } from '@onestop/shared';
import { lastOfficeDay } from '../hub/src/doctor/live.js';
import { SCHEMA_VERSION } from '../hub/src/db/migrations.js';
import { HUB_BIN, ROOT, addCounter, hubCli, tmpDir } from './helpers/procs.js';
import { docsText } from './kit/docs.js';

interface Check {
  id: string;
  status: 'ok' | 'warn' | 'fail';
  code: string;
  message: string;
  todo: string | null;
}

function doctor(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(HUB_BIN, ['doctor', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function report(dir: string): Promise<{ code: number; ok: boolean; checks: Map<string, Check> }> {
  const r = await doctor(['--json', '--data-dir', dir]);
  const body = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
  return { code: r.code, ok: body.ok, checks: new Map(body.checks.map((c) => [c.id, c])) };
}

/** A data directory as a running commune has it: a counter, a verified backup, private to its owner. */
async function healthy(): Promise<string> {
  const dir = tmpDir('doctor-');
  await addCounter(dir, 'Quầy 1');
  await hubCli(['backup', '--data-dir', dir]);
  fs.chmodSync(dir, 0o700);
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      fs.chmodSync(p, e.isDirectory() ? 0o700 : 0o600);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return dir;
}

/** The report a guide shows on a new hub: the block after "Trên một hub mới" / "On a new hub". */
function guideReport(lang: 'vi' | 'en'): string {
  const text = fs.readFileSync(path.join(ROOT, `docs/install.${lang}.md`), 'utf8');
  const at = text.indexOf(lang === 'vi' ? 'Trên một hub mới' : 'On a new hub');
  expect(at, `docs/install.${lang}.md: the doctor's report is introduced by its sentence`).toBeGreaterThan(0);
  const block = /```\n([\s\S]*?)```/.exec(text.slice(at));
  expect(block, `docs/install.${lang}.md: the doctor's report block`).not.toBeNull();
  return block![1]!;
}

/** A report with what differs from machine to machine and from run to run made alike: sizes, times, Node's version. */
function sameReport(r: string): string {
  return r
    .replace(/\d+(\.\d+)? MB/g, 'N MB')
    .replace(/hub-\d{8}-\d{6}\.sqlite/g, 'hub-DATE.sqlite')
    .replace(/\d+ (giờ trước|h old)/g, 'N $1')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/(Node\.js: (phiên bản|version)) \d+\.\d+\.\d+/g, '$1 X.Y.Z')
    .trimEnd();
}

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('hub doctor', () => {
  it('on a healthy data directory: every check ✓ or ⚠, exit 0, in Vietnamese by default and in English with --lang en', async () => {
    const dir = await healthy();
    const r = await report(dir);
    expect(r.code).toBe(0);
    expect(r.ok).toBe(true);
    expect([...r.checks.keys()]).toEqual(['database', 'disk', 'permissions', 'backup', 'clock', 'secrets', 'sms', 'upstream', 'devices', 'node', 'timezone']);
    for (const id of ['database', 'permissions', 'backup', 'clock', 'secrets', 'node']) expect(r.checks.get(id)!.status, id).toBe('ok');
    // the console gateway sends nothing real: said, with what to do
    expect(r.checks.get('sms')).toMatchObject({ status: 'warn', code: 'sms-console' });
    expect(r.checks.get('devices')).toMatchObject({ status: 'warn', code: 'devices-never-seen' });

    // as on a hub set to Vietnam's time, whatever this machine's zone
    const vi = await doctor(['--data-dir', dir], { TZ: 'Asia/Ho_Chi_Minh' });
    expect(vi.code).toBe(0);
    expect(vi.stdout).toContain(`✓ Cơ sở dữ liệu: nguyên vẹn, phiên bản ${SCHEMA_VERSION},`);
    expect(vi.stdout).toContain('✓ Bản sao lưu:');
    expect(vi.stdout).toContain('⚠ Cổng SMS: chỉ ghi vào nhật ký');
    expect(vi.stdout).toMatch(/Sẵn sàng, với \d+ cảnh báo/);
    const en = await doctor(['--lang', 'en', '--data-dir', dir], { TZ: 'Asia/Ho_Chi_Minh' });
    expect(en.stdout).toContain(`✓ Database: intact, version ${SCHEMA_VERSION},`);
    expect(en.stdout).toMatch(/Ready, with \d+ warnings/);
    // the installation guides show this report as it is on a new hub (docs/install.*.md), line for line but for sizes, times and versions
    for (const [lang, out] of [['vi', vi.stdout], ['en', en.stdout]] as const) {
      const report = out.replaceAll(dir, '/var/lib/onestop');
      await docsText(`doctor.${lang}`, report);
      expect(sameReport(guideReport(lang)), `docs/install.${lang}.md shows a doctor report other than the one hub doctor prints now: renew it from docs/images/install-doctor.${lang}.txt (DOCS_SCREENSHOTS=1 npx vitest run tests/doctor.test.ts)`).toBe(sameReport(report));
    }
  });

  it('a corrupt database is ✗ with the restore to do, exit 1, and the file is left as it was', async () => {
    const dir = await healthy();
    const file = path.join(dir, 'hub.sqlite');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 4096);
    fs.closeSync(fd);
    const before = sha(file);
    const r = await report(dir);
    expect(r.code).toBe(1);
    expect(r.checks.get('database')).toMatchObject({ status: 'fail', code: 'database-corrupt' });
    expect(r.checks.get('database')!.todo).toContain('restore --from');
    // nothing that needs a sound database was attempted
    expect(r.checks.has('devices')).toBe(false);
    expect(sha(file)).toBe(before);
    const vi = await doctor(['--data-dir', dir]);
    expect(vi.stdout).toContain('✗ Cơ sở dữ liệu: tệp bị hỏng');
    expect(vi.stdout).toMatch(/Chưa sẵn sàng: \d+ lỗi/);
  });

  it('a missing backup is ✗ with the command that makes one', async () => {
    const dir = await healthy();
    fs.rmSync(path.join(dir, 'backups'), { recursive: true });
    const r = await report(dir);
    expect(r.code).toBe(1);
    expect(r.checks.get('backup')).toMatchObject({ status: 'fail', code: 'backup-missing' });
    expect(r.checks.get('backup')!.todo).toContain('hub.mjs backup');
  });

  it('a damaged newest backup is ✗', async () => {
    const dir = await healthy();
    const backups = path.join(dir, 'backups');
    const newest = fs.readdirSync(backups).sort().at(-1)!;
    fs.writeFileSync(path.join(backups, newest), 'not a database');
    expect((await report(dir)).checks.get('backup')).toMatchObject({ status: 'fail', code: 'backup-corrupt' });
  });

  it('wrong permissions: a database readable by other accounts is ✗, readable by the group is ⚠', async () => {
    const dir = await healthy();
    fs.chmodSync(path.join(dir, 'hub.sqlite'), 0o644);
    const open = await report(dir);
    expect(open.code).toBe(1);
    expect(open.checks.get('permissions')).toMatchObject({ status: 'fail', code: 'permissions-open' });
    expect(open.checks.get('permissions')!.message).toContain('hub.sqlite');
    expect(open.checks.get('permissions')!.todo).toBe(`sudo chmod -R go-rwx ${dir}`);
    fs.chmodSync(path.join(dir, 'hub.sqlite'), 0o640);
    expect((await report(dir)).checks.get('permissions')).toMatchObject({ status: 'warn', code: 'permissions-group' });
  });

  it('a database newer than this hub is ✗ and is not touched', async () => {
    const dir = await healthy();
    const db = new Database(path.join(dir, 'hub.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    const r = await report(dir);
    expect(r.checks.get('database')).toMatchObject({ status: 'fail', code: 'database-newer' });
    const after = new Database(path.join(dir, 'hub.sqlite'), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    after.close();
  });

  it('a stored rating later than the clock says the clock went back', async () => {
    const dir = await healthy();
    const db = new Database(path.join(dir, 'hub.sqlite'));
    const counter = (db.prepare('SELECT id FROM counters').get() as { id: string }).id;
    const future = Date.now() + 3 * 3600_000;
    db.prepare("INSERT INTO devices (id, counter_id, kind, token_hash, buttons, button_map, min_interval_s, created_at) VALUES ('d-1', ?, 'agent', 'h', 4, '[1,2,3,4]', 3, ?)").run(counter, future);
    const cols = (db.prepare('PRAGMA table_info(ratings)').all() as { name: string; notnull: number; dflt_value: unknown }[]).filter((c) => c.notnull && c.dflt_value === null);
    const values: Record<string, unknown> = { id: 'r-1', device_id: 'd-1', counter_id: counter, score: 4, received_at: future, rated_at: future, day: new Date(future).toISOString().slice(0, 10), source: 'button', seq: 1 };
    db.prepare(`INSERT INTO ratings (${cols.map((c) => c.name).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => values[c.name] ?? 0));
    db.close();
    expect((await report(dir)).checks.get('clock')).toMatchObject({ status: 'fail', code: 'clock-behind-data' });
  });

  describe('every counter\'s devices on the last office day', () => {
    const DAY = 24 * 3600_000;
    const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

    /**
     * Today and the working day before it made days off, so the last office day does not depend on the hour the test
     * runs: the latest weekday before today that is not the day off (the calendar's days off are skipped).
     */
    function daysOff(db: Database.Database): string {
      const today = localDay(Date.now());
      let prev = dayBefore(today);
      while (weekend(prev)) prev = dayBefore(prev);
      db.prepare("INSERT INTO holidays (date, name, kind) VALUES (?, 'Nghỉ', 'off'), (?, 'Nghỉ bù', 'off')").run(today, prev);
      let d = dayBefore(prev);
      while (weekend(d)) d = dayBefore(d);
      return d;
    }

    /** A device paired long ago, seen on these local days (the last one its last-seen time). */
    function device(db: Database.Database, counter: string, id: string, kind: 'agent' | 'kiosk', seen: string[]): void {
      const last = seen.length ? dayBounds(seen.at(-1)!).start + 10 * 3600_000 : null;
      db.prepare("INSERT INTO devices (id, counter_id, kind, label, token_hash, buttons, button_map, min_interval_s, created_at, last_seen_at) VALUES (?, ?, ?, NULL, ?, 4, '[1,2,3,4]', 3, ?, ?)").run(
        id,
        counter,
        kind,
        `h-${id}`,
        Date.now() - 90 * DAY,
        last,
      );
      for (const d of seen) db.prepare('INSERT INTO device_days (device_id, day) VALUES (?, ?)').run(id, d);
    }

    async function commune(build: (db: Database.Database, counters: string[], officeDay: string) => void): Promise<{ dir: string; officeDay: string }> {
      const dir = await healthy();
      await addCounter(dir, 'Quầy 2');
      const db = new Database(path.join(dir, 'hub.sqlite'));
      const counters = (db.prepare('SELECT id FROM counters ORDER BY name').all() as { id: string }[]).map((r) => r.id);
      const officeDay = daysOff(db);
      build(db, counters, officeDay);
      db.close();
      return { dir, officeDay };
    }

    it('✓ when each counter\'s devices were seen on the last office day, even if one was also seen since', async () => {
      const { dir, officeDay } = await commune((db, [c1, c2], d) => {
        device(db, c1!, 'box-1', 'agent', [dayBefore(d), d, localDay(Date.now())]);
        device(db, c2!, 'kiosk-2', 'kiosk', [d]);
      });
      const r = await report(dir);
      expect(r.checks.get('devices')).toMatchObject({ status: 'ok', code: 'devices-ok', message: `2 thiết bị của 2 quầy đều hoạt động trong ngày làm việc ${officeDay}` });
    });

    it('⚠ naming the counter whose device was not seen on the last office day, with the day it was last seen', async () => {
      const { dir, officeDay } = await commune((db, [c1, c2], d) => {
        device(db, c1!, 'box-1', 'agent', [d]);
        device(db, c2!, 'kiosk-2', 'kiosk', [dayBefore(d)]);
      });
      const devices = (await report(dir)).checks.get('devices')!;
      expect(devices).toMatchObject({ status: 'warn', code: 'devices-missing' });
      expect(devices.message).toBe(`không thấy trong ngày làm việc ${officeDay} (trong ngoặc: loại, ngày thấy lần cuối): Quầy 2 (kiosk, ${dayBefore(officeDay)})`);
    });

    it('⚠, not ✓, when every device has been dark for weeks', async () => {
      const { dir } = await commune((db, [c1, c2], d) => {
        let old = d;
        for (let i = 0; i < 21; i++) old = dayBefore(old);
        device(db, c1!, 'box-1', 'agent', [old]);
        device(db, c2!, 'kiosk-2', 'kiosk', [old]);
      });
      const devices = (await report(dir)).checks.get('devices')!;
      expect(devices).toMatchObject({ status: 'warn', code: 'devices-missing' });
      expect(devices.message).toMatch(/Quầy 1 \(agent, \d{4}-\d\d-\d\d\), Quầy 2 \(kiosk, \d{4}-\d\d-\d\d\)$/);
    });

    it('the last office day: today once office hours have begun on a working day, else the working day before, days off skipped', () => {
      const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00Z`) - OFFSET_MS;
      const hours = ['07:30-11:30', '13:30-17:00'];
      const none = { holidays: new Set<string>() };
      // 2026-12-02 is a Wednesday, 2026-12-07 a Monday
      expect(lastOfficeDay(at('2026-12-02', '07:29'), none, hours)).toBe('2026-12-01');
      expect(lastOfficeDay(at('2026-12-02', '07:30'), none, hours)).toBe('2026-12-02');
      expect(lastOfficeDay(at('2026-12-02', '22:00'), none, hours)).toBe('2026-12-02');
      expect(lastOfficeDay(at('2026-12-07', '06:00'), none, hours)).toBe('2026-12-04');
      expect(lastOfficeDay(at('2026-12-07', '06:00'), { holidays: new Set(['2026-12-04']) }, hours)).toBe('2026-12-03');
      expect(lastOfficeDay(at('2026-12-06', '10:00'), none, hours)).toBe('2026-12-04');
      // a Sunday worked in exchange (làm bù)
      expect(lastOfficeDay(at('2026-12-06', '10:00'), { holidays: new Set(), workingWeekendDays: new Set(['2026-12-06']) }, hours)).toBe('2026-12-06');
      expect(lastOfficeDay(at('2026-12-02', '07:45'), none, ['08:00-11:30'])).toBe('2026-12-01');
    });
  });

  it('refuses an unknown language', async () => {
    const r = await doctor(['--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang must be vi or en');
  });
});
