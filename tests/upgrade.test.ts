import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '@onestop/shared';
import { buildDailySummary } from '../hub/src/summary/build.js';
import { SCHEMA_VERSION } from '../hub/src/db/migrations.js';
import { HUB_BIN, ROOT, hubCli, startHub, tmpDir } from './helpers/procs.js';
import { schemaVersion } from './helpers/db.js';

// made by the previous release's own code (schema 10, commit 1626b04): tests/fixtures/make-previous-release-db.ts
const FIXTURE = path.join(ROOT, 'tests/fixtures/hub-v10.sqlite');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/hub-v10.expected.json'), 'utf8')) as {
  schemaVersion: number;
  env: Record<string, string>;
  summaries: Record<string, Record<string, unknown>>;
};
const DAYS = Object.keys(EXPECTED.summaries);

/** The figures of a summary: everything but the moment it was made. */
const figures = (s: Record<string, unknown>) => ({ ...s, generatedAt: undefined });

function copyFixture(): string {
  const dir = tmpDir('upgrade-');
  fs.copyFileSync(FIXTURE, path.join(dir, 'hub.sqlite'));
  return dir;
}

/** Every row of the tables that hold what was measured, read without writing. */
function rows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of ['counters', 'devices', 'ratings', 'device_days', 'settings']) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
    return out;
  } finally {
    db.close();
  }
}

const version = schemaVersion;

const preUpgrade = (dir: string) => (fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('pre-upgrade-')) : []);

describe('upgrading a database made by the previous release', () => {
  it('the fixture is what the previous release wrote', () => {
    expect(version(FIXTURE)).toBe(EXPECTED.schemaVersion);
    expect(EXPECTED.schemaVersion).toBeLessThan(SCHEMA_VERSION);
    expect(rows(FIXTURE).ratings!.length).toBeGreaterThan(50);
  });

  it('takes a backup first, keeps every figure; the rollback (that backup in place) gives the same figures again', async () => {
    const dir = copyFixture();
    const before = rows(FIXTURE);
    // the first command on the copy upgrades it
    for (const day of DAYS) {
      const summary = JSON.parse(await hubCli(['summary', '--date', day, '--data-dir', dir], EXPECTED.env));
      expect(figures(summary), day).toEqual(figures(EXPECTED.summaries[day]!));
    }
    expect(version(path.join(dir, 'hub.sqlite'))).toBe(SCHEMA_VERSION);
    const backups = preUpgrade(dir);
    expect(backups).toEqual([expect.stringMatching(new RegExp(`^pre-upgrade-v${EXPECTED.schemaVersion}-to-v${SCHEMA_VERSION}-\\d{8}T\\d{6}Z\\.sqlite$`))]);
    const backup = path.join(dir, 'backups', backups[0]!);
    // the copy is the database as the previous release left it
    expect(version(backup)).toBe(EXPECTED.schemaVersion);
    expect(rows(backup)).toEqual(before);
    // the upgraded database lost nothing either
    const after = rows(path.join(dir, 'hub.sqlite'));
    for (const t of ['counters', 'devices', 'ratings', 'device_days'] as const) expect(after[t], t).toEqual(before[t]);

    // rolling back: the previous release is installed again and that copy put in place (its own `hub restore`
    // does exactly this, and opens it at version 10: nothing to migrate)
    fs.rmSync(path.join(dir, 'hub.sqlite'));
    fs.copyFileSync(backup, path.join(dir, 'hub.sqlite'));
    expect(version(path.join(dir, 'hub.sqlite'))).toBe(EXPECTED.schemaVersion);
    expect(rows(path.join(dir, 'hub.sqlite'))).toEqual(before);
    // the figures of the rolled-back database as the previous release sees it: at version 10, not migrated again
    // (on a scratch copy: the file figures' query keeps a working table)
    const scratch = path.join(tmpDir('rolled-back-'), 'hub.sqlite');
    fs.copyFileSync(path.join(dir, 'hub.sqlite'), scratch);
    const db = new Database(scratch);
    try {
      for (const day of DAYS) {
        const s = buildDailySummary(db as never, systemClock, { date: day, commune: { code: EXPECTED.env.COMMUNE_CODE!, name: EXPECTED.env.COMMUNE_NAME! } });
        expect(figures(s as unknown as Record<string, unknown>), day).toEqual(figures(EXPECTED.summaries[day]!));
      }
      expect(db.pragma('user_version', { simple: true })).toBe(EXPECTED.schemaVersion);
    } finally {
      db.close();
    }
  });

  it('a starting hub names the backup in its log', async () => {
    const dir = copyFixture();
    const hub = await startHub({ dataDir: dir, env: { LOG_LEVEL: 'info' } });
    try {
      const name = preUpgrade(dir)[0]!;
      expect(name).toBeDefined();
      await expect.poll(() => hub.output(), { timeout: 15_000 }).toContain(`database schema upgraded from ${EXPECTED.schemaVersion} to ${SCHEMA_VERSION}`);
      await expect.poll(() => hub.output(), { timeout: 15_000 }).toContain(path.join(dir, 'backups', name));
    } finally {
      await hub.stop();
    }
    // started again: nothing left to upgrade, no second copy
    const again = await startHub({ dataDir: dir });
    await again.stop();
    expect(preUpgrade(dir)).toHaveLength(1);
  });

  it('every command that upgrades the schema names the copy on stderr, whatever LOG_LEVEL says', async () => {
    // not only `hub start`: an installer's first `hub user list` of a new release, a backup, a restore upgrade too
    for (const args of [['user', 'list'], ['counter', 'list'], ['backup']]) {
      const dir = copyFixture();
      const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(HUB_BIN, [...args, '--data-dir', dir], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error', ...EXPECTED.env } }, (err, _o, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
        ),
      );
      expect(r.code, args.join(' ')).toBe(0);
      const name = preUpgrade(dir)[0];
      expect(name, args.join(' ')).toBeDefined();
      expect(r.stderr, args.join(' ')).toContain(`warning: database schema upgraded from ${EXPECTED.schemaVersion} to ${SCHEMA_VERSION}; the database as it was is kept in ${path.join(dir, 'backups', name!)}`);
    }
  });

  it('a hub refuses to start on a database newer than its code, says what to do, and touches nothing', async () => {
    const dir = copyFixture();
    const file = path.join(dir, 'hub.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = fs.readFileSync(file);
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(HUB_BIN, ['start', '--data-dir', dir, '--port', '0', '--host', '127.0.0.1', '--no-demo'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } }, (err, _o, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`database schema version ${SCHEMA_VERSION + 1} is newer than this hub (${SCHEMA_VERSION})`);
    expect(r.stderr).toContain('Install the newer hub again');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(preUpgrade(dir)).toEqual([]);
  });
});
