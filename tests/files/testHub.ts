import type { PasswordHasher } from '../../hub/src/auth/passwords.js';
import type { SmsOutboxPort, SmsRequest } from '../../hub/src/sms/port.js';
import { ADMIN_PW, Client, MONDAY_9AM, startTestHub, TestClock, type TestHub as KitHub } from '../kit/index.js';

export { ADMIN_PW, Client, MONDAY_9AM, STAFF_PW, staffClient, quickStaff, type Answer } from '../kit/index.js';

export interface TestHub extends KitHub {
  /** messages the files feature put in the (stand-in) outbox, read from the same SQLite file */
  outbox(): (SmsRequest & { id: number })[];
}

/**
 * The kit's hub on a Monday morning with a stand-in SMS outbox: a table in the same database, written through the
 * real SmsOutboxPort, so whether a message exists follows the transaction exactly as the real outbox's would.
 */
export async function testHub(opts: { clock?: TestClock; sms?: boolean; smsOnReceived?: boolean; allowedOrigins?: string[]; passwords?: PasswordHasher } = {}): Promise<TestHub> {
  const h = await startTestHub({
    prefix: 'files-',
    clock: opts.clock ?? new TestClock(MONDAY_9AM),
    config: { allowedOrigins: opts.allowedOrigins ?? [] },
    seed: (db) => db.exec('CREATE TABLE test_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, file_id TEXT, to_phone TEXT NOT NULL, vars TEXT NOT NULL)'),
    sms: opts.sms === false ? undefined : (db): SmsOutboxPort => ({
      enqueue(req) {
        const r = db.prepare('INSERT INTO test_outbox (kind, file_id, to_phone, vars) VALUES (?, ?, ?, ?)').run(req.kind, req.fileId, req.to, JSON.stringify(req.vars));
        return { id: String(r.lastInsertRowid) };
      },
    }),
    smsOnReceived: opts.smsOnReceived,
    passwords: opts.passwords,
  });
  return {
    ...h,
    outbox: () =>
      (h.db.prepare('SELECT * FROM test_outbox ORDER BY id').all() as { id: number; kind: SmsRequest['kind']; file_id: string; to_phone: string; vars: string }[]).map((r) => ({
        id: r.id,
        kind: r.kind,
        fileId: r.file_id,
        to: r.to_phone,
        vars: JSON.parse(r.vars) as Record<string, string>,
      })),
  };
}

/** The first admin (with a known password), signed in with a session of its own. */
export async function adminClient(h: Pick<KitHub, 'hub' | 'url'>): Promise<Client> {
  await h.hub.services.auth.ensureFirstAdmin(ADMIN_PW);
  const c = new Client(h.url);
  const r = await c.login('admin', ADMIN_PW);
  if (r.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(r.body)}`);
  return c;
}

/** A procedure and a counter to receive files at. */
export function catalogue(h: Pick<KitHub, 'hub'>) {
  const procedures = h.hub.services.procedures;
  procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: 0 });
  procedures.create({ code: 'HT-TTHN', name: 'Xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3 });
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS: 0 });
  return { counter };
}
