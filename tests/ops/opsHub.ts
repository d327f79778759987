import path from 'node:path';
import { createHub, type Hub } from '../../hub/src/app.js';
import { parseConfig } from '../../hub/src/config/config.js';
import { openDb, type Db } from '../../hub/src/db/open.js';
import { silentLogger } from '../../hub/src/log.js';
import type { Actor } from '../../hub/src/files/service.js';
import { TestClock } from '../helpers/inproc.js';
import { tmpDir } from '../helpers/procs.js';

export const ADMIN_PW = 'ops-admin-password-1';
/** Monday 23 November 2026, 09:00 in Vietnam: a working morning. */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 2, 0, 0);
export const DAY = 86_400_000;

export interface OpsHub {
  hub: Hub;
  db: Db;
  url: string;
  clock: TestClock;
  dataDir: string;
  admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: { ok: boolean; data?: any; reason?: string; detail?: string } }>;
  /** the signed-in admin's session cookie */
  cookie(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole hub (createHub) on a real SQLite file and a loopback port, with the real SMS outbox (console gateway,
 * no quiet hours), an injected clock, and the config sections given.
 */
export async function opsHub(opts: { clock?: TestClock; config?: Record<string, unknown> } = {}): Promise<OpsHub> {
  const dataDir = tmpDir('ops-');
  const clock = opts.clock ?? new TestClock(MONDAY_9AM);
  const config = parseConfig({ dataDir, port: 0, host: '127.0.0.1', demo: false, commune: { code: '26734', name: 'Xã Ví Dụ' }, sms: { quietHours: '' }, ...opts.config });
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  const hub = createHub({ config, db, clock, log: silentLogger() });
  const port = await hub.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  let cookie: string | null = null;
  const signIn = async () => {
    if (!cookie) {
      await hub.services.auth.ensureFirstAdmin(ADMIN_PW);
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PW }) });
      if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status}`);
      cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    }
    return cookie;
  };
  return {
    hub,
    db,
    url,
    clock,
    dataDir,
    cookie: signIn,
    async admin(method, p, body) {
      const cookie = await signIn();
      const res = await fetch(url + p, { method, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as never };
    },
    close: () => hub.close(),
  };
}

/** A staff member written straight into the users table (no scrypt), and the actor the files service sees. */
export function staff(h: OpsHub, counterId: string, username = 'canbo-ops', name = 'Trần Văn Minh'): Actor & { kind: 'user' } {
  const id = `u-${username}`;
  if (!h.hub.services.auth.user(id)) {
    h.hub.services.auth.store.insertUser({ id, username, display_name: name, role: 'staff', password_hash: 'scrypt$17$8$1$AAAA$AAAA', created_at: h.clock.now(), password_changed_at: h.clock.now(), disabled_at: null });
  }
  return { kind: 'user', userId: id, name, counterId };
}
