import path from 'node:path';
import { createHub, type Hub } from '../../hub/src/app.js';
import { parseConfig } from '../../hub/src/config/config.js';
import { openDb, type Db } from '../../hub/src/db/open.js';
import { silentLogger } from '../../hub/src/log.js';
import type { SmsOutboxPort, SmsRequest } from '../../hub/src/sms/port.js';
import type { Actor } from '../../hub/src/files/service.js';
import { TestClock } from '../helpers/inproc.js';
import { tmpDir } from '../helpers/procs.js';

export const ADMIN_PW = 'admin-password-for-tests';
export const STAFF_PW = 'staff-password-for-tests';

/** Monday 23 November 2026, 09:00 in Vietnam: a working morning. */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 2, 0, 0);

export interface TestHub {
  hub: Hub;
  db: Db;
  url: string;
  clock: TestClock;
  dataDir: string;
  /** messages the files feature put in the (stand-in) outbox, read from the same SQLite file */
  outbox(): (SmsRequest & { id: number })[];
  close(): Promise<void>;
}

/**
 * A hub built by createHub on port 0 with a real SQLite file, an injected clock and a stand-in SMS outbox: a table
 * in the same database, written through the real SmsOutboxPort, so whether a message exists follows the transaction
 * exactly as the real outbox's would.
 */
export async function testHub(opts: { clock?: TestClock; sms?: boolean; smsOnReceived?: boolean; allowedOrigins?: string[] } = {}): Promise<TestHub> {
  const dataDir = tmpDir('files-');
  const clock = opts.clock ?? new TestClock(MONDAY_9AM);
  const config = parseConfig({ dataDir, port: 0, host: '127.0.0.1', demo: false, allowedOrigins: opts.allowedOrigins ?? [], commune: { code: '26734', name: 'Xã Ví Dụ' } });
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  db.exec('CREATE TABLE test_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, file_id TEXT, to_phone TEXT NOT NULL, vars TEXT NOT NULL)');
  const sms: SmsOutboxPort = {
    enqueue(req) {
      const r = db.prepare('INSERT INTO test_outbox (kind, file_id, to_phone, vars) VALUES (?, ?, ?, ?)').run(req.kind, req.fileId, req.to, JSON.stringify(req.vars));
      return { id: String(r.lastInsertRowid) };
    },
  };
  const hub = createHub({ config, db, clock, log: silentLogger(), ...(opts.sms === false ? {} : { sms }), smsOnReceived: opts.smsOnReceived });
  const port = await hub.listen(0, '127.0.0.1');
  return {
    hub,
    db,
    url: `http://127.0.0.1:${port}`,
    clock,
    dataDir,
    outbox: () =>
      (db.prepare('SELECT * FROM test_outbox ORDER BY id').all() as { id: number; kind: SmsRequest['kind']; file_id: string; to_phone: string; vars: string }[]).map((r) => ({
        id: r.id,
        kind: r.kind,
        fileId: r.file_id,
        to: r.to_phone,
        vars: JSON.parse(r.vars) as Record<string, string>,
      })),
    close: () => hub.close(),
  };
}

export interface Answer<T = unknown> {
  status: number;
  body: { ok: boolean; data?: T; reason?: string; detail?: string };
  headers: Headers;
}

/** An HTTP client that keeps the session cookie, as a browser tab would. */
export class Client {
  cookie: string | null = null;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async call<T = unknown>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + p, { method, headers: h, body: payload, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('hub_session=')) {
      const v = set.split(';')[0]!;
      this.cookie = v === 'hub_session=' ? null : v;
    }
    const text = await res.text();
    let parsed: Answer<T>['body'];
    try {
      parsed = JSON.parse(text) as Answer<T>['body'];
    } catch {
      parsed = { ok: false, detail: text };
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = <T = unknown>(p: string) => this.call<T>('GET', p);
  post = <T = unknown>(p: string, body?: unknown, headers?: Record<string, string>) => this.call<T>('POST', p, body, headers);

  async login(username: string, password: string, counterId?: string): Promise<Answer> {
    return this.post('/api/auth/login', { username, password, ...(counterId ? { counterId } : {}) });
  }
}

/** The first admin (with a known password), signed in. */
export async function adminClient(h: TestHub): Promise<Client> {
  await h.hub.services.auth.ensureFirstAdmin(ADMIN_PW);
  const c = new Client(h.url);
  const r = await c.login('admin', ADMIN_PW);
  if (r.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(r.body)}`);
  return c;
}

/** A staff account, signed in at the counter. */
export async function staffClient(h: TestHub, counterId: string, username = 'canbo1', displayName = 'Nguyễn Thị Lan'): Promise<{ client: Client; userId: string }> {
  const existing = h.hub.services.auth.userByName(username);
  const userId = existing?.id ?? (await h.hub.services.auth.createUser({ username, displayName, role: 'staff', password: STAFF_PW })).user.id;
  const client = new Client(h.url);
  const r = await client.login(username, STAFF_PW, counterId);
  if (r.status !== 200) throw new Error(`staff sign-in failed: ${JSON.stringify(r.body)}`);
  return { client, userId };
}

/** A procedure and a counter to receive files at. */
export function catalogue(h: TestHub) {
  const procedures = h.hub.services.procedures;
  procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: 0 });
  procedures.create({ code: 'HT-TTHN', name: 'Xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3 });
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS: 0 });
  return { counter };
}

/**
 * A staff member for service-level tests: written straight into the users table with a hash nobody can sign in
 * with (a real one costs 0.4 s of scrypt), and the actor the files service sees for them.
 */
export function quickStaff(h: TestHub, counterId: string | null, username = 'canbo-test', name = 'Trần Văn Minh'): Actor & { kind: 'user' } {
  const id = `u-${username}`;
  if (!h.hub.services.auth.user(id)) {
    h.hub.services.auth.store.insertUser({ id, username, display_name: name, role: 'staff', password_hash: 'scrypt$17$8$1$AAAA$AAAA', created_at: h.clock.now(), password_changed_at: h.clock.now(), disabled_at: null });
  }
  return { kind: 'user', userId: id, name, counterId };
}
