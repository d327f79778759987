import fs from 'node:fs';
import path from 'node:path';
import { createHub, type Hub } from '../../hub/src/app.js';
import { loadConfig } from '../../hub/src/config/config.js';
import { openDb, type Db } from '../../hub/src/db/open.js';
import pino from 'pino';
import { silentLogger, type Logger } from '../../hub/src/log.js';
import { TestClock } from '../helpers/inproc.js';
import { tmpDir } from '../helpers/procs.js';
import { Client } from '../files/testHub.js';

export const ADMIN_PW = 'admin-password-for-tests';
/** Monday 23 November 2026, 09:00 in Vietnam. */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 2, 0, 0);

export interface AdminHub {
  hub: Hub;
  db: Db;
  url: string;
  clock: TestClock;
  dataDir: string;
  admin: Client;
  auditCount(): number;
  close(): Promise<void>;
}

/**
 * The whole hub (createHub) on a real SQLite file and a loopback port, its configuration loaded the way `hub start`
 * loads it (file → environment → flags), so what the environment sets is locked on the settings page.
 */
export async function adminHub(opts: { env?: NodeJS.ProcessEnv; clock?: TestClock; log?: Logger; configFile?: Record<string, unknown> } = {}): Promise<AdminHub> {
  const dataDir = tmpDir('admin-');
  if (opts.configFile) fs.writeFileSync(path.join(dataDir, 'hub.config.json'), JSON.stringify(opts.configFile));
  const clock = opts.clock ?? new TestClock(MONDAY_9AM);
  const config = loadConfig({ flags: { dataDir, port: 0, host: '127.0.0.1', demo: false }, env: opts.env ?? {} });
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  const hub = createHub({ config, db, clock, log: opts.log ?? silentLogger() });
  const port = await hub.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  await hub.services.auth.ensureFirstAdmin(ADMIN_PW);
  const admin = new Client(url);
  const r = await admin.login('admin', ADMIN_PW);
  if (r.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(r.body)}`);
  return {
    hub,
    db,
    url,
    clock,
    dataDir,
    admin,
    auditCount: () => (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n,
    close: () => hub.close(),
  };
}

export interface SettingView {
  key: string;
  value: string | number | null;
  secret: boolean;
  isSet: boolean;
  source: string;
  locked: boolean;
}

/** A real pino logger whose JSON lines are kept, to check what was logged. */
export function capturedLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void out.push(s) });
  return { log, lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export const byKey = (list: SettingView[], key: string) => list.find((s) => s.key === key)!;
