import crypto from 'node:crypto';
import { backoffDelay } from '@onestop/shared';
import { buildDailySummary } from '../summary/build.js';
import { figuresHash } from './days.js';
import { checkLink, postSummary, type LinkCheck, type Outcome } from './client.js';
import type { OutboxRow } from './store.js';
import { upstreamEnabled, type LinkState, type SendResult, type UpstreamParts, type UpstreamPolicy, type UpstreamSettings } from './types.js';

/**
 * One send pass over the upstream outbox: pending summaries one at a time in date order, a day that keeps failing
 * holding back the days after it (docs/decisions/0050), each outcome recorded with the link state and the 401 hold
 * in one commit. When passes run is the DeliveryLoop's business (UpstreamService); the back-off is the shared one.
 */
export class SummarySender {
  constructor(
    private readonly deps: UpstreamParts & {
      policy: Pick<UpstreamPolicy, 'timeoutMs' | 'backoff' | 'blockingAttempts'>;
      random?: () => number;
      /** cuts a request in flight when the hub stops (it is retried at the next start: same bytes, "duplicate") */
      signal: AbortSignal;
      stopping: () => boolean;
    },
  ) {}

  private fingerprint(s: UpstreamSettings): string {
    return crypto.createHash('sha256').update(`${s.url}\n${s.commune.code}\n${s.secret}`).digest('hex');
  }

  /** 401: the key or the commune code is refused; nothing is sent with these settings until they change or an admin asks. */
  held(s = this.deps.settings()): boolean {
    return this.deps.store.meta('hold') === this.fingerprint(s);
  }

  /** A day failing with network errors or a few 5xx holds back later days; one the receiver keeps refusing with 5xx does not. */
  private blocks(row: OutboxRow): boolean {
    return row.last_status === null || row.attempts < this.deps.policy.blockingAttempts;
  }

  private setLink(state: LinkState): void {
    this.deps.store.setMeta('link', JSON.stringify(state));
  }

  link(): LinkState | null {
    const v = this.deps.store.meta('link');
    return v ? (JSON.parse(v) as LinkState) : null;
  }

  /**
   * Sends pending summaries, oldest day first, one at a time. `force` ignores back-off timers and the 401 hold
   * (the CLI's "send now"); `date` limits the pass to that day. The caller runs one pass at a time.
   */
  async pass(opts: { force?: boolean; date?: string }): Promise<SendResult[]> {
    const { store, db, policy } = this.deps;
    const results: SendResult[] = [];
    const s = this.deps.settings();
    if (!upstreamEnabled(s) || this.deps.stopping()) return results;
    if (!opts.force && this.held(s)) return results;
    for (const listed of store.pending()) {
      if (this.deps.stopping() || !db.open) break;
      if (opts.date && listed.day !== opts.date) continue;
      // read again: a check while this pass awaited the network may have superseded or rebuilt it
      const row = store.get(listed.day, listed.revision);
      if (!row || row.status !== 'pending') continue;
      const now = this.deps.clock.now();
      // a retry time further ahead than the longest back-off means the clock was set back: due now
      const waiting = row.next_attempt_at > now && row.next_attempt_at - now <= policy.backoff.maxMs;
      if (waiting && !opts.force) {
        if (this.blocks(row)) break;
        continue;
      }
      const body = this.bodyFor(row, s);
      const outcome = await postSummary({ url: s.url, code: s.commune.code, secret: s.secret }, Buffer.from(body, 'utf8'), `${s.commune.code}/${row.day}/${row.revision}`, now, policy.timeoutMs, this.deps.signal);
      if (!db.open) break;
      const at = this.deps.clock.now();
      results.push({ date: row.day, revision: row.revision, outcome });
      this.apply(row, outcome, at, s);
      if (outcome.kind === 'permanent' && outcome.status === 401) break;
      if (outcome.kind === 'temporary' && this.blocks({ ...row, attempts: row.attempts + 1, last_status: outcome.status })) break;
    }
    return results;
  }

  /** A summary that never left the hub is rebuilt if the commune's code or name changed since it was queued. */
  private bodyFor(row: OutboxRow, s: UpstreamSettings): string {
    if (row.attempts > 0) return row.body;
    const b = JSON.parse(row.body) as { commune?: { code?: string; name?: string } };
    if (b.commune?.code === s.commune.code && b.commune?.name === s.commune.name) return row.body;
    const summary = buildDailySummary(this.deps.db, this.deps.clock, { date: row.day, commune: s.commune, revision: row.revision });
    const body = JSON.stringify(summary);
    this.deps.store.replaceUnsent(row.day, row.revision, figuresHash(summary), body, this.deps.clock.now());
    return body;
  }

  /** The outcome, the link state and the hold in one commit (one sync per summary sent). */
  private apply(row: OutboxRow, o: Outcome, at: number, s: UpstreamSettings): void {
    this.deps.store.transaction(() => this.record(row, o, at, s));
  }

  private record(row: OutboxRow, o: Outcome, at: number, s: UpstreamSettings): void {
    const { log, store } = this.deps;
    const ids = { date: row.day, revision: row.revision };
    if (o.kind === 'sent') {
      store.recordAttempt(row.day, row.revision, at, { kind: 'sent', status: o.status, answer: o.answer });
      store.setMeta('hold', null);
      this.setLink({ at, ok: true, source: 'send', status: o.status, reason: o.answer, detail: null });
      log.info({ ...ids, answer: o.answer }, 'daily summary delivered upstream');
    } else if (o.kind === 'permanent') {
      store.recordAttempt(row.day, row.revision, at, { kind: 'permanent', status: o.status, reason: o.reason, detail: o.detail });
      if (o.status === 401) store.setMeta('hold', this.fingerprint(s));
      this.setLink({ at, ok: o.status !== 401, source: 'send', status: o.status, reason: o.reason, detail: o.detail });
      log.warn({ ...ids, status: o.status, reason: o.reason, detail: o.detail }, 'daily summary refused by the receiver; an admin must look (not retried)');
    } else {
      // the receiver's Retry-After (a 429 or 503) is a floor under the back-off
      const nextAt = at + backoffDelay(this.deps.policy.backoff, row.attempts + 1, this.deps.random ?? Math.random, o.retryAfterMs ?? 0);
      store.recordAttempt(row.day, row.revision, at, { kind: 'temporary', status: o.status, reason: o.reason, detail: o.detail, nextAt });
      this.setLink({ at, ok: false, source: 'send', status: o.status, reason: o.reason, detail: o.detail });
      log.info({ ...ids, status: o.status, reason: o.reason, detail: o.detail, retryInMs: nextAt - at }, 'daily summary not delivered; will retry');
    }
  }

  /** Checks the link and the key without sending a summary; remembers the result for the admin page. */
  async testLink(s: UpstreamSettings & { url: string; secret: string }): Promise<LinkState> {
    const r: LinkCheck = await checkLink({ url: s.url, code: s.commune.code, secret: s.secret }, this.deps.clock.now(), this.deps.policy.timeoutMs);
    const state: LinkState = { at: this.deps.clock.now(), ok: r.ok, source: 'test', status: r.status, reason: r.reason, detail: r.detail };
    this.setLink(state);
    if (r.ok) this.deps.store.setMeta('hold', null);
    return state;
  }
}
