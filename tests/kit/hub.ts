import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHub, type Hub, type HubDeps } from '../../hub/src/app.js';
import { loadConfig, parseConfig } from '../../hub/src/config/config.js';
import { openDb, type Db } from '../../hub/src/db/open.js';
import { silentLogger, type Logger } from '../../hub/src/log.js';
import type { PasswordHasher } from '../../hub/src/auth/passwords.js';
import { AdminClient } from './client.js';
import { TestClock } from './clock.js';
import { fastPasswords } from './passwords.js';

export const ADMIN_PW = 'admin-password-for-tests';

export interface TestHubOptions {
  /** default: a TestClock at its default time */
  clock?: TestClock;
  /** config sections over the base (loopback, port 0, no demo, commune 26734 "Xã Ví Dụ", contact phone 0210 3800 000), shallow-merged (sms: over the contact phone) */
  config?: Record<string, unknown> | ((dataDir: string) => Record<string, unknown>);
  /** load the configuration the way `hub start` does (file → environment → flags) instead of from `config` */
  load?: { env?: NodeJS.ProcessEnv; configFile?: Record<string, unknown> };
  /** default: silent */
  log?: Logger;
  /** the SMS outbox, gateway and "received" switch handed to createHub (stand-ins) */
  sms?: HubDeps['sms'] | ((db: Db) => HubDeps['sms']);
  smsGateway?: HubDeps['smsGateway'];
  smsOnReceived?: boolean;
  /** what the upstream sender reads, and its timing */
  upstreamSettings?: HubDeps['upstreamSettings'];
  upstreamPolicy?: HubDeps['upstreamPolicy'];
  /** default: the fast test hasher; tests of the real parameters pass defaultPasswords */
  passwords?: PasswordHasher;
  /** default 0 (any free port) */
  port?: number;
  /** the first admin's password (the account is made at the admin client's first call) */
  adminPassword?: string;
  /** a path the admin client asks before each call, to sign in again once its session has run out */
  adminSessionProbe?: string;
  /** writes to the fresh database before the hub is built on it (e.g. generated history) */
  seed?: (db: Db) => void;
  /** the features' own timers, shortened */
  timing?: HubDeps['timing'];
  /** a temp dir name prefix, to tell a test's leftovers apart */
  prefix?: string;
}

export interface TestHub {
  hub: Hub;
  db: Db;
  url: string;
  port: number;
  clock: TestClock;
  dataDir: string;
  /** the first admin, signed in at its first call */
  admin: AdminClient;
  /** closes the hub and keeps its data folder (to open the same file again); the test then removes it */
  stop(): Promise<void>;
  /** closes the hub and removes its data folder */
  close(): Promise<void>;
}

export function tempDir(prefix = 'onestop-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The whole hub as createHub builds it, in this process: a real SQLite file in a fresh temp dir, a real listen on
 * 127.0.0.1 (port 0), an injected clock, a silent log and the fast password hasher unless told otherwise.
 */
export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const dataDir = tempDir(opts.prefix ?? 'test-hub-');
  const clock = opts.clock ?? new TestClock();
  let config;
  if (opts.load) {
    if (opts.load.configFile) fs.writeFileSync(path.join(dataDir, 'hub.config.json'), JSON.stringify(opts.load.configFile));
    config = loadConfig({ flags: { dataDir, port: 0, host: '127.0.0.1', demo: false }, env: opts.load.env ?? {} });
  } else {
    const over = (typeof opts.config === 'function' ? opts.config(dataDir) : opts.config) ?? {};
    // a commune with its whole identity (name, code, contact phone), so citizen SMS are not held (issue 14) unless a test says so
    const sms = { contactPhone: '0210 3800 000', ...(over.sms as Record<string, unknown> | undefined) };
    config = parseConfig({ dataDir, port: 0, host: '127.0.0.1', demo: false, allowedOrigins: [], commune: { code: '26734', name: 'Xã Ví Dụ' }, ...over, sms });
  }
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  opts.seed?.(db);
  const hub = createHub({
    config,
    db,
    clock,
    log: opts.log ?? silentLogger(),
    passwords: opts.passwords ?? fastPasswords,
    sms: typeof opts.sms === 'function' ? opts.sms(db) : opts.sms,
    smsGateway: opts.smsGateway,
    smsOnReceived: opts.smsOnReceived,
    upstreamSettings: opts.upstreamSettings,
    upstreamPolicy: opts.upstreamPolicy,
    timing: opts.timing,
  });
  const port = await hub.listen(opts.port ?? 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const password = opts.adminPassword ?? ADMIN_PW;
  let closed: Promise<void> | null = null;
  return {
    hub,
    db,
    url,
    port,
    clock,
    dataDir,
    admin: new AdminClient(url, () => hub.services.auth.ensureFirstAdmin(password), password, opts.adminSessionProbe),
    stop: () => hub.close(),
    close() {
      closed ??= hub.close().then(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      return closed;
    },
  };
}
