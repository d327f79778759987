import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HUB_BIN, ROOT, addCounter, hubCli, tmpDir } from './helpers/procs.js';
import { docsText } from './kit/docs.js';

interface Check {
  id: string;
  status: 'ok' | 'warn' | 'fail';
  code: string;
  message: string;
  todo: string | null;
}

function doctor(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(HUB_BIN, ['doctor', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } }, (err, stdout, stderr) =>
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

    const vi = await doctor(['--data-dir', dir]);
    expect(vi.code).toBe(0);
    // the installation guides show this report as it is on a new hub (docs/install.*.md)
    await docsText('doctor.vi', vi.stdout.replaceAll(dir, '/var/lib/onestop'));
    expect(vi.stdout).toContain('✓ Cơ sở dữ liệu: nguyên vẹn, phiên bản');
    expect(vi.stdout).toContain('✓ Bản sao lưu:');
    expect(vi.stdout).toContain('⚠ Cổng SMS: chỉ ghi vào nhật ký');
    expect(vi.stdout).toMatch(/Sẵn sàng, với \d+ cảnh báo/);
    const en = await doctor(['--lang', 'en', '--data-dir', dir]);
    await docsText('doctor.en', en.stdout.replaceAll(dir, '/var/lib/onestop'));
    expect(en.stdout).toContain('✓ Database: intact, version');
    expect(en.stdout).toMatch(/Ready, with \d+ warnings/);
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

  it('refuses an unknown language', async () => {
    const r = await doctor(['--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang must be vi or en');
  });
});
