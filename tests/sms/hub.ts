import path from 'node:path';
import { createHub, type Hub } from '../../hub/src/app.js';
import { parseConfig } from '../../hub/src/config/config.js';
import { openDb, type Db } from '../../hub/src/db/open.js';
import { silentLogger, type Logger } from '../../hub/src/log.js';
import type { SmsGateway } from '../../hub/src/sms/gateway.js';
import type { SmsRequest } from '../../hub/src/sms/port.js';
import type { SmsRow } from '../../hub/src/sms/store.js';
import { TestClock, tmpDir } from './helpers.js';

export const ADMIN_PASSWORD = 'sms-admin-password-1';

export interface SmsHub {
  hub: Hub;
  db: Db;
  url: string;
  port: number;
  clock: TestClock;
  dataDir: string;
  enqueue(req: Partial<SmsRequest> & { to: string }): string;
  row(id: string): SmsRow;
  /** an HTTP call as the signed-in admin */
  admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: { ok: boolean; data?: any; reason?: string; detail?: string } }>;
  close(): Promise<void>;
}

/** The whole hub (createHub) on a real SQLite file and loopback port, with an SMS section and an injected clock. */
export async function smsHub(opts: { sms?: Record<string, unknown>; gateway?: SmsGateway; clock?: TestClock; port?: number; log?: Logger } = {}): Promise<SmsHub> {
  const dataDir = tmpDir('sms-hub-');
  const clock = opts.clock ?? new TestClock();
  const config = parseConfig({ dataDir, port: 0, host: '127.0.0.1', demo: false, commune: { code: '26734', name: 'UBND xã Ví Dụ' }, sms: opts.sms ?? {} });
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  const hub = createHub({ config, db, clock, log: opts.log ?? silentLogger(), smsGateway: opts.gateway });
  const port = await hub.listen(opts.port ?? 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  let cookie: string | null = null;
  const admin: SmsHub['admin'] = async (method, p, body) => {
    if (!cookie) {
      await hub.services.auth.ensureFirstAdmin(ADMIN_PASSWORD);
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
      if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status} ${await res.text()}`);
      cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    }
    const res = await fetch(url + p, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  return {
    hub,
    db,
    url,
    port,
    clock,
    dataDir,
    enqueue: (req) =>
      db.transaction(() => hub.services.sms.enqueue({ kind: 'ready', fileId: null, vars: { fileCode: 'HS-2026-0042', procedure: 'Đăng ký khai sinh' }, ...req }).id)(),
    row: (id) => db.prepare('SELECT * FROM sms_messages WHERE id = ?').get(id) as SmsRow,
    admin,
    close: () => hub.close(),
  };
}
