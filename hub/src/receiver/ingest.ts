import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { dailySummarySchema, isValidDay, type Clock, type DailySummary } from '@onestop/shared';
import type { Logger } from '../log.js';
import { HUB_DIR } from '../paths.js';
import type { CommuneService } from './communes.js';
import type { DayFigures, ReceiverStore } from './store.js';

/** The contract's window: an X-Timestamp more than this far from the receiver's clock is refused. */
export const TIMESTAMP_WINDOW_S = 300;
/** Largest body accepted; a summary with dozens of counters is a few kilobytes. */
export const MAX_BODY_BYTES = 128 * 1024;

const CODE_RE = /^[A-Za-z0-9-]{1,16}$/;
const TS_RE = /^[0-9]{1,12}$/;
const SIG_RE = /^sha256=([0-9a-f]{64})$/;

const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
const formats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;

/** The contract's JSON Schema (a copy of docs/contracts/daily-summary.v1.schema.json; a test keeps them equal). */
export const SUMMARY_SCHEMA = JSON.parse(fs.readFileSync(path.join(HUB_DIR, 'src', 'receiver', 'daily-summary.v1.schema.json'), 'utf8')) as object;

function compileSchema() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  formats(ajv);
  return ajv.compile(SUMMARY_SCHEMA);
}

/** What the receiver answers, exactly the contract's statuses and bodies. */
export type ReceiverAnswer =
  | { status: 200; body: { status: 'stored' | 'duplicate' } }
  | { status: 400; body: { status: 'error'; reason: 'invalid-body'; detail: unknown } }
  | { status: 401; body: { status: 'error'; reason: 'unauthorized' } }
  | { status: 409; body: { status: 'error'; reason: 'stale-revision' } };

/** Why a request was refused, for the log only (the sender learns no more than "unauthorized"). */
export type RefusalCause =
  | 'bad-commune-code'
  | 'bad-timestamp'
  | 'timestamp-outside-window'
  | 'unknown-commune'
  | 'bad-signature'
  | 'invalid-body'
  | 'stale-revision';

export interface SignedHeaders {
  communeCode?: string;
  timestamp?: string;
  signature?: string;
  idempotencyKey?: string;
}

const unauthorized = (): ReceiverAnswer => ({ status: 401, body: { status: 'error', reason: 'unauthorized' } });
const invalid = (detail: unknown): ReceiverAnswer => ({ status: 400, body: { status: 'error', reason: 'invalid-body', detail } });
const stale = (): ReceiverAnswer => ({ status: 409, body: { status: 'error', reason: 'stale-revision' } });

export function figuresOf(s: DailySummary, receivedAt: number): DayFigures {
  const b = s.ratings.byScore;
  return {
    day: s.date,
    commune_code: s.commune.code,
    revision: s.revision,
    received_at: receivedAt,
    ratings_total: s.ratings.total,
    s1: b['1'],
    s2: b['2'],
    s3: b['3'],
    s4: b['4'],
    s5: b['5'],
    flagged: s.ratings.flagged,
    files_received: s.files.received,
    files_ready: s.files.ready,
    files_returned: s.files.returned,
    files_late: s.files.late,
    files_apologies: s.files.apologies,
    files_open: s.files.openAtEndOfDay,
    sms_sent: s.sms.sent,
    sms_delivered: s.sms.delivered,
    sms_failed: s.sms.failed,
    devices_configured: s.devices.configured,
    devices_seen: s.devices.seenToday,
  };
}

/**
 * Checks and stores summaries exactly as the contract says. Every refusal changes nothing and is logged with its
 * cause; the answer itself says only what the contract allows.
 */
type Outcome = 'stored' | 'duplicate' | 'stale';
interface PendingWrite {
  code: string;
  s: DailySummary;
  raw: Buffer;
  sha: string;
  resolve(o: Outcome): void;
  reject(e: unknown): void;
}

export class IngestService {
  private readonly validate = compileSchema();
  private pending: PendingWrite[] = [];

  constructor(
    private readonly store: ReceiverStore,
    private readonly communes: CommuneService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /**
   * Authenticates a signed request (POST summaries, or GET ping over an empty body): commune code, timestamp within
   * ±300 s of the injected clock, known commune, HMAC-SHA256 over `<ts>.<raw body>` compared in constant time.
   */
  authenticate(h: SignedHeaders, raw: Buffer): { ok: true; commune: { code: string; name: string } } | { ok: false; cause: RefusalCause } {
    const code = h.communeCode ?? '';
    if (!CODE_RE.test(code)) return { ok: false, cause: 'bad-commune-code' };
    const ts = h.timestamp ?? '';
    if (!TS_RE.test(ts)) return { ok: false, cause: 'bad-timestamp' };
    if (Math.abs(this.clock.now() / 1000 - Number(ts)) > TIMESTAMP_WINDOW_S) return { ok: false, cause: 'timestamp-outside-window' };
    const commune = this.communes.credentials(code);
    if (!commune) return { ok: false, cause: 'unknown-commune' };
    const m = SIG_RE.exec(h.signature ?? '');
    const expected = createHmac('sha256', commune.secret).update(`${ts}.`).update(raw).digest();
    // compare even when the header is malformed, so a bad header and a bad signature take the same time
    const given = m ? Buffer.from(m[1]!, 'hex') : Buffer.alloc(expected.length);
    if (!timingSafeEqual(expected, given) || !m) return { ok: false, cause: 'bad-signature' };
    return { ok: true, commune: { code: commune.code, name: commune.name } };
  }

  async receive(h: SignedHeaders, raw: Buffer, meta: { ip?: string } = {}): Promise<ReceiverAnswer> {
    const refuse = (cause: RefusalCause, answer: ReceiverAnswer, extra: Record<string, unknown> = {}) => {
      this.log.warn({ communeCode: h.communeCode?.slice(0, 32), ip: meta.ip, cause, reason: answer.body.status === 'error' ? answer.body.reason : undefined, ...extra }, 'summary refused');
      return answer;
    };
    const auth = this.authenticate(h, raw);
    if (!auth.ok) return refuse(auth.cause, unauthorized());
    const code = auth.commune.code;

    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      return refuse('invalid-body', invalid([{ path: '', message: 'the body is not UTF-8 JSON' }]));
    }
    if (!this.validate(body)) {
      const detail = (this.validate.errors ?? []).slice(0, 20).map((e) => ({ path: e.instancePath, message: e.message ?? e.keyword }));
      return refuse('invalid-body', invalid(detail), { detail });
    }
    // the contract's JSON Schema above answers the sender; the same contract as a zod schema types what is kept
    const parsed = dailySummarySchema.safeParse(body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => ({ path: i.path.map((p) => `/${String(p)}`).join(''), message: i.message }));
      return refuse('invalid-body', invalid(detail), { detail });
    }
    const s = parsed.data;
    const problems: { path: string; message: string }[] = [];
    if (!isValidDay(s.date)) problems.push({ path: '/date', message: 'not a calendar date' });
    if (s.commune.code !== code) problems.push({ path: '/commune/code', message: 'must equal the X-Commune-Code header' });
    const key = `${s.commune.code}/${s.date}/${s.revision}`;
    if (h.idempotencyKey !== key) problems.push({ path: 'Idempotency-Key', message: `must be ${key} (<commune code>/<date>/<revision>)` });
    if (problems.length) return refuse('invalid-body', invalid(problems), { detail: problems });

    const sha = createHash('sha256').update(raw).digest('hex');
    const outcome = await this.write({ code, s, raw, sha });
    if (outcome === 'stale') return refuse('stale-revision', stale(), { date: s.date, revision: s.revision });
    this.log.info({ communeCode: code, date: s.date, revision: s.revision, outcome }, outcome === 'stored' ? 'summary stored' : 'summary received again');
    return { status: 200, body: { status: outcome } };
  }

  /**
   * Group commit: every summary checked during the same turn of the event loop is decided and written in one
   * transaction, and each is answered after that transaction's synced commit. One fsync per batch instead of one per
   * summary is what lets a national day in (docs/scaling.md); the rules are applied row by row inside it, so two
   * revisions of one day in the same batch are decided in arrival order.
   */
  private write(item: Omit<PendingWrite, 'resolve' | 'reject'>): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...item, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const now = this.clock.now();
    let outcomes: Outcome[];
    try {
      outcomes = this.store.transaction(() =>
        batch.map(({ code, s, raw, sha }): Outcome => {
          const same = this.store.revision(code, s.date, s.revision);
          if (same) return same.body_sha256 === sha ? 'duplicate' : 'stale';
          const held = this.store.latest(code, s.date);
          if (held && s.revision < held.revision) return 'stale';
          this.store.insertSummary(code, s.date, s.revision, raw, sha, now);
          this.store.upsertFigures(figuresOf(s, now));
          return 'stored';
        }),
      );
    } catch (e) {
      for (const b of batch) b.reject(e);
      return;
    }
    batch.forEach((b, i) => b.resolve(outcomes[i]!));
  }
}
