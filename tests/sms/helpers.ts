import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../hub/src/db/open.js';
import { silentLogger, type Logger } from '../../hub/src/log.js';
import { smsConfigSchema, type SmsConfig } from '../../hub/src/sms/config.js';
import type { SmsGateway, SendResult, LookupResult, OutgoingSms, LookupRequest } from '../../hub/src/sms/gateway.js';
import type { SmsRequest, SmsTruth } from '../../hub/src/sms/port.js';
import { SmsService } from '../../hub/src/sms/service.js';
import type { SmsRow } from '../../hub/src/sms/store.js';
import { TestClock } from '../kit/index.js';

/** 2026-11-21 09:00 in Hà Nội (02:00 UTC), a Saturday morning outside quiet hours. */
export const NINE_AM = Date.UTC(2026, 10, 21, 2, 0, 0);
/** An instant at hh:mm local on the day of NINE_AM. */
export const localTime = (hh: number, mm = 0, dayOffset = 0) => Date.UTC(2026, 10, 21 + dayOffset, hh - 7, mm, 0);

/** the kit's clock: its default time is NINE_AM */
export { TestClock } from '../kit/index.js';

export function tmpDir(prefix = 'sms-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function smsConfig(over: Record<string, unknown> = {}): SmsConfig {
  return smsConfigSchema.parse(over);
}

/** A gateway whose answers the test scripts; every call is recorded. For unit tests of the worker's rules. */
export class ScriptedGateway implements SmsGateway {
  readonly name: string;
  readonly callbacks: boolean;
  readonly sends: OutgoingSms[] = [];
  readonly lookups: LookupRequest[] = [];
  /** answers for the next sends, in order; when empty: accepted */
  readonly script: (SendResult | ((m: OutgoingSms) => SendResult | Promise<SendResult>))[] = [];
  /** per number: always this answer */
  readonly perNumber = new Map<string, SendResult>();
  lookupAnswer: (m: LookupRequest) => LookupResult = () => ({ kind: 'not-found' });
  lookup?: (m: LookupRequest) => Promise<LookupResult>;

  constructor(opts: { name?: string; withLookup?: boolean; callbacks?: boolean } = {}) {
    this.name = opts.name ?? 'scripted';
    this.callbacks = opts.callbacks ?? true;
    if (opts.withLookup) {
      this.lookup = async (m) => {
        this.lookups.push(m);
        return this.lookupAnswer(m);
      };
    }
  }

  async send(m: OutgoingSms): Promise<SendResult> {
    this.sends.push(m);
    const fixed = this.perNumber.get(m.to);
    if (fixed) return fixed;
    const next = this.script.shift();
    if (!next) return { kind: 'accepted', gatewayId: `gw-${this.sends.length}` };
    return typeof next === 'function' ? next(m) : next;
  }

  sentTo(to: string): OutgoingSms[] {
    return this.sends.filter((s) => s.to === to);
  }
}

export interface SmsSetup {
  dir: string;
  db: Db;
  clock: TestClock;
  sms: SmsService;
  truth: Map<string, boolean>;
  rows(): SmsRow[];
  row(id: string): SmsRow;
  enqueue(req: Partial<SmsRequest> & { to: string }): string;
  close(): Promise<void>;
}

/**
 * An SMS service on its own SQLite file, with an injected clock, a stub truth (file id → still true?) and the
 * worker not started: tests call sms.worker.runOnce() when they want a pass.
 */
export function smsSetup(opts: { gateway?: SmsGateway; config?: Record<string, unknown>; clock?: TestClock; dir?: string; log?: Logger; random?: () => number } = {}): SmsSetup {
  const dir = opts.dir ?? tmpDir();
  const db = openDb(path.join(dir, 'hub.sqlite'));
  const clock = opts.clock ?? new TestClock();
  const truth = new Map<string, boolean>();
  const stub: SmsTruth = { stillTrue: (_kind, fileId) => truth.get(fileId) ?? true };
  const sms = new SmsService({
    db,
    clock,
    log: opts.log ?? silentLogger(),
    config: smsConfig(opts.config),
    communeName: 'UBND xã Ví Dụ',
    gateway: opts.gateway,
    truth: stub,
    random: opts.random ?? (() => 0.5),
  });
  return {
    dir,
    db,
    clock,
    sms,
    truth,
    rows: () => db.prepare('SELECT * FROM sms_messages ORDER BY id').all() as SmsRow[],
    row: (id) => db.prepare('SELECT * FROM sms_messages WHERE id = ?').get(id) as SmsRow,
    // the way the files feature calls it: inside its own transaction
    enqueue: (req) => db.transaction(() => sms.enqueue({ kind: 'ready', fileId: null, vars: { fileCode: 'HS-1', procedure: 'Đăng ký khai sinh' }, ...req }).id)(),
    async close() {
      await sms.close();
      if (db.open) db.close();
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 20_000, everyMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
