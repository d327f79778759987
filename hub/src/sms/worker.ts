import { DeliveryLoop, type Clock } from '@onestop/shared';
import type { Logger } from '../log.js';
import type { SmsTruth } from './port.js';
import type { DeliveryReport, OutgoingSms, SendResult, SmsGateway } from './gateway.js';
import { backoffDelay, inQuietHours, quietHoursEnd, type BackoffPolicy, type QuietHours, type TokenBucket } from './policy.js';
import type { ErrorInfo, SmsChannelName, SmsRow, SmsStore } from './store.js';
import type { SmsChannel } from './channel.js';

export interface WorkerPolicy {
  quietHours: QuietHours | null;
  backoff: BackoffPolicy;
  bucket: TokenBucket;
  /** the rate of a channel tried before SMS (ZNS); none = the SMS bucket */
  channelBucket?: TokenBucket;
  /** an unanswered attempt is looked up at a gateway with `lookup` this long after it started */
  lookupAfterMs: number;
  /** an unanswered attempt at a gateway without `lookup` waits this long for a delivery report */
  unconfirmedAfterMs: number;
  /** polling a sent message's status (no callbacks): first after, at most every, and for how long */
  pollFirstMs: number;
  pollMaxMs: number;
  pollForMs: number;
  /** how often the loop looks for due work (real time; what is due is decided by the injected clock) */
  tickMs: number;
  /** most messages handled in one pass */
  batch: number;
}

export const DEFAULT_POLL = { pollFirstMs: 30_000, pollMaxMs: 3_600_000, pollForMs: 72 * 3_600_000 };

/**
 * Sends what the outbox holds. One pass at a time:
 *  1. queued messages past their validity window → expired;
 *  2. messages left in `sending` (an attempt nobody answered, or a run that stopped mid-send) are settled:
 *     looked up at the gateway, or left to their delivery report, never sent again blindly;
 *  3. due queued messages, oldest first: held during quiet hours, cancelled when no longer true, rate-limited,
 *     then marked `sending` and committed BEFORE the gateway is called;
 *  4. sent messages whose status must be polled.
 * Each message's failure is its own: a bad number is marked and the loop moves on.
 */
export class SmsWorker {
  private readonly inFlight = new Set<string>();
  /** a channel tried before SMS (ZNS), when the hub has one */
  private channel: SmsChannel | null = null;
  /** when passes run (start, kick, tick, stop); what a pass does is below */
  private readonly loop: DeliveryLoop<void>;

  constructor(
    private readonly store: SmsStore,
    private gateway: SmsGateway,
    private readonly truth: () => SmsTruth | null,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly policy: WorkerPolicy,
    private readonly random: () => number = Math.random,
    private readonly onReport: (id: string, report: DeliveryReport, pollAt: number | null) => void = () => {},
  ) {
    this.loop = new DeliveryLoop({ pass: () => this.guardedPass(), tickMs: policy.tickMs });
  }

  start(): void {
    this.loop.start();
  }

  /** The admin changed the gateway (SmsService.refreshGateway): the next attempts go through this one. */
  useGateway(gateway: SmsGateway): void {
    this.gateway = gateway;
  }

  /** A channel tried before SMS for the kinds it takes (ZNS, hub/src/sms/channel.ts). */
  useChannel(channel: SmsChannel | null): void {
    this.channel = channel;
  }

  /** Something was queued: look now rather than at the next tick. */
  kick(): void {
    this.loop.kick();
  }

  /** One pass (serialised with any other). Tests call this with their clock instead of starting the loop. */
  runOnce(): Promise<void> {
    return this.loop.runOnce();
  }

  /** Stops the loop; waits up to `graceMs` for a send in progress (left in `sending` otherwise, settled at next start). */
  stop(graceMs = 3000): Promise<void> {
    return this.loop.close(graceMs);
  }

  private alive(): boolean {
    return !this.loop.closed && this.store.db.open;
  }

  /** A pass never rejects: a failure is logged and the next pass tries again. */
  private async guardedPass(): Promise<void> {
    if (this.loop.closed) return;
    try {
      await this.pass();
    } catch (err) {
      if (!this.loop.closed) this.log.error({ err }, 'SMS worker pass failed');
    }
  }

  private async pass(): Promise<void> {
    const expired = this.store.expireOverdue(this.clock.now());
    if (expired) this.log.warn({ count: expired }, 'SMS not sent within their validity window: expired');

    for (const row of this.store.dueSending(this.clock.now(), this.policy.batch)) {
      if (!this.alive()) return;
      if (!this.inFlight.has(row.id)) await this.settle(row);
    }

    let handled = 0;
    outer: while (handled < this.policy.batch && this.alive()) {
      const rows = this.store.dueQueued(this.clock.now(), this.policy.batch - handled);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!this.alive()) return;
        handled++;
        if ((await this.sendOne(row)) === 'rate-limited') break outer;
      }
    }

    for (const row of this.store.duePolls(this.clock.now(), this.policy.batch)) {
      if (!this.alive()) return;
      await this.pollOne(row);
    }
  }

  private outgoing(row: SmsRow): OutgoingSms {
    return {
      id: row.id,
      to: row.to_phone,
      body: row.body,
      encoding: row.encoding,
      segments: row.segments,
      validUntil: row.valid_until,
      attemptStartedAt: row.attempt_started_at ?? row.created_at,
      kind: row.kind,
      vars: row.vars ? (JSON.parse(row.vars) as Record<string, string>) : {},
    };
  }

  /** The gateway that made (or makes) this message's latest attempt. */
  private gatewayOf(row: SmsRow): SmsGateway {
    return this.channel && row.gateway === this.channel.gateway.name ? this.channel.gateway : this.gateway;
  }

  /**
   * Which channel the next attempt uses. SMS once chosen stays SMS (a ZNS refusal sends by SMS exactly once); a
   * kind the channel takes goes by it while it is ready, waits while its token is being refreshed, and goes by SMS
   * when it is down. 'held': postponed, nothing to send now.
   */
  private route(row: SmsRow, now: number): { gateway: SmsGateway; channel: SmsChannelName; bucket: TokenBucket } | 'held' {
    const sms = { gateway: this.gateway, channel: 'sms' as const, bucket: this.policy.bucket };
    const ch = this.channel;
    if (!ch || row.channel === 'sms' || !ch.takes(row.kind)) return sms;
    const r = ch.readiness(now);
    if (r.state === 'wait') {
      this.store.postpone(row.id, 'queued', Math.min(r.until, row.valid_until), now);
      return 'held';
    }
    if (r.state === 'down') {
      this.log.warn({ smsId: row.id, kind: row.kind, code: r.code }, `${ch.name} cannot send now; this message goes by SMS`);
      return sms;
    }
    return { gateway: ch.gateway, channel: ch.name, bucket: this.policy.channelBucket ?? this.policy.bucket };
  }

  private stillTrue(row: SmsRow): boolean {
    if (!row.file_id) return true;
    const t = this.truth();
    return t ? t.stillTrue(row.kind as never, row.file_id) : true;
  }

  private async sendOne(row: SmsRow): Promise<'sent' | 'held' | 'rate-limited' | 'done'> {
    const now = this.clock.now();
    if (row.valid_until <= now) {
      this.store.markExpired(row.id, ['queued'], { code: 'expired', text: 'not sent within its validity window' }, now);
      return 'done';
    }
    if (inQuietHours(this.policy.quietHours, now)) {
      const at = quietHoursEnd(this.policy.quietHours, now);
      this.store.postpone(row.id, 'queued', at, now);
      this.log.debug({ smsId: row.id, until: at }, 'quiet hours: SMS held to the morning');
      return 'held';
    }
    let truthy: boolean;
    try {
      truthy = this.stillTrue(row);
    } catch (err) {
      this.log.error({ err, smsId: row.id }, 'could not check whether the SMS is still true; will try again');
      const delay = backoffDelay(this.policy.backoff, row.attempts + 1, this.random);
      this.store.postpone(row.id, 'queued', now + delay, now, { code: 'truth-check-failed', text: String((err as Error).message ?? err) });
      return 'done';
    }
    if (!truthy) {
      this.store.markCancelled(row.id, { code: 'no-longer-true', text: `the file's state changed; this ${row.kind} message is no longer true` }, now);
      this.log.info({ smsId: row.id, kind: row.kind }, 'SMS cancelled: no longer true');
      return 'done';
    }
    const route = this.route(row, now);
    if (route === 'held') return 'held';
    const { gateway, channel } = route;
    if (!route.bucket.take(now)) {
      return 'rate-limited';
    }
    const settleAfter = gateway.lookup ? this.policy.lookupAfterMs : this.policy.unconfirmedAfterMs;
    if (!this.store.markSending(row.id, gateway.name, now, now + settleAfter, channel)) return 'done';
    // committed: from here on, a crash leaves the message in `sending`, and it is settled, not re-sent blindly
    this.inFlight.add(row.id);
    let result: SendResult;
    try {
      result = await gateway.send({ ...this.outgoing(row), attemptStartedAt: now });
    } catch (err) {
      result = { kind: 'unknown', code: 'gateway-error', text: String((err as Error).message ?? err).slice(0, 300) };
    } finally {
      this.inFlight.delete(row.id);
    }
    if (!this.alive()) return 'done';
    // the message's new state and its attempt's outcome in one commit
    this.store.db.transaction(() => this.apply(row, result, now, settleAfter, gateway, channel))();
    return 'sent';
  }

  private apply(row: SmsRow, result: SendResult, started: number, settleAfter: number, gateway: SmsGateway, channel: SmsChannelName): void {
    const now = this.clock.now();
    const attempt = row.attempts + 1;
    switch (result.kind) {
      case 'accepted': {
        const pollAt = gateway.callbacks || !result.gatewayId ? null : now + this.policy.pollFirstMs;
        this.store.markSent(row.id, now, result.gatewayId, pollAt, result.gatewayStatus ?? null);
        this.store.endAttempt(row.id, 'accepted', now, null, result.gatewayId);
        this.log.info({ smsId: row.id, kind: row.kind, gateway: gateway.name, attempt }, 'SMS accepted by the gateway');
        return;
      }
      case 'temporary': {
        const delay = backoffDelay(this.policy.backoff, attempt, this.random, result.retryAfterMs);
        this.store.requeue(row.id, ['sending'], now + delay, { code: result.code, text: result.text }, now);
        this.store.endAttempt(row.id, 'temporary', now, result);
        this.log.warn({ smsId: row.id, attempt, gateway: gateway.name, code: result.code, retryInMs: delay }, 'SMS not accepted now; will retry');
        return;
      }
      case 'permanent': {
        if (channel !== 'sms' && 'fallback' in result && result.fallback) {
          // refused for good by ZNS but SMS can still reach the citizen: the same message, by SMS, once
          if (this.store.fallBackToSms(row.id, { code: result.code, text: result.text }, now)) {
            this.log.info({ smsId: row.id, kind: row.kind, channel, code: result.code }, `${channel} refused the message for good; sending it by SMS instead`);
          }
          return;
        }
        this.store.markFailed(row.id, ['sending'], { code: result.code, text: result.text }, now);
        this.store.endAttempt(row.id, 'failed', now, result);
        this.log.warn({ smsId: row.id, kind: row.kind, gateway: gateway.name, code: result.code, reason: result.text }, 'SMS failed permanently');
        return;
      }
      case 'unknown': {
        this.store.postpone(row.id, 'sending', Math.max(now, started + settleAfter), now, { code: result.code, text: result.text });
        this.store.endAttempt(row.id, 'unknown', now, result);
        this.log.warn({ smsId: row.id, code: result.code }, 'SMS attempt unanswered: may or may not have left; will settle it before any retry');
        return;
      }
    }
  }

  /** A message in `sending` that nobody is waiting on: find out whether it left, before anything else. */
  private async settle(row: SmsRow): Promise<void> {
    const now = this.clock.now();
    const gateway = this.gatewayOf(row);
    const canLookup = !!gateway.lookup && row.gateway === gateway.name;
    if (!canLookup) {
      const giveUpAt = (row.attempt_started_at ?? row.updated_at) + this.policy.unconfirmedAfterMs;
      if (now < giveUpAt) {
        this.store.postpone(row.id, 'sending', giveUpAt, now);
        return;
      }
      const err: ErrorInfo = {
        code: 'unconfirmed',
        text: 'the gateway did not answer and no delivery report came; not sent again to avoid a duplicate (resend if needed)',
      };
      if (this.store.markFailed(row.id, ['sending'], err, now)) {
        this.store.endAttempt(row.id, 'unconfirmed', now, err);
        this.log.warn({ smsId: row.id, gateway: row.gateway }, 'SMS attempt never confirmed: marked failed (unconfirmed)');
      }
      return;
    }
    this.inFlight.add(row.id);
    let r;
    try {
      r = await gateway.lookup!({
        ...this.outgoing(row),
        gatewayId: row.gateway_message_id,
        isClaimed: (gid) => this.store.knownGatewayIds(gateway.name, [gid]).has(gid) && row.gateway_message_id !== gid,
      });
    } finally {
      this.inFlight.delete(row.id);
    }
    if (!this.alive()) return;
    const later = this.clock.now();
    if (r.kind === 'found') {
      const pollAt = gateway.callbacks ? null : later + this.policy.pollFirstMs;
      this.store.markSent(row.id, later, r.gatewayId, pollAt, r.report?.gatewayStatus ?? null);
      this.store.endAttempt(row.id, 'found', later, null, r.gatewayId);
      if (r.report && r.report.status !== 'sent') this.onReport(row.id, r.report, null);
      this.log.info({ smsId: row.id, gatewayId: r.gatewayId }, 'unanswered SMS attempt found at the gateway: it left, not sending again');
      return;
    }
    if (r.kind === 'not-found') {
      if (row.valid_until <= later) {
        this.store.markExpired(row.id, ['sending'], { code: 'expired', text: 'not at the gateway and past its validity window' }, later);
        return;
      }
      this.store.requeue(row.id, ['sending'], later, { code: 'not-at-gateway', text: 'the unanswered attempt never reached the gateway; sending again' }, later);
      this.store.endAttempt(row.id, 'not-found', later);
      this.log.warn({ smsId: row.id }, 'unanswered SMS attempt is not at the gateway: sending again');
      return;
    }
    // the lookup itself failed: ask again later; past the validity window, stop asking
    if (row.valid_until <= later) {
      this.store.markFailed(row.id, ['sending'], { code: 'unconfirmed', text: `could not find out whether the message left (${r.code}); not sent again` }, later);
      return;
    }
    const delay = backoffDelay(this.policy.backoff, row.attempts, this.random);
    this.store.postpone(row.id, 'sending', later + delay, later, { code: r.code, text: `lookup failed: ${r.text}` });
  }

  private async pollOne(row: SmsRow): Promise<void> {
    const now = this.clock.now();
    const gateway = this.gatewayOf(row);
    if (!gateway.poll || !row.gateway_message_id || row.gateway !== gateway.name) {
      this.store.postpone(row.id, 'sent', null, now);
      return;
    }
    const r = await gateway.poll(row.gateway_message_id, { to: row.to_phone });
    if (!this.alive()) return;
    const later = this.clock.now();
    const age = later - (row.sent_at ?? later);
    const next = age > this.policy.pollForMs ? null : later + Math.min(this.policy.pollMaxMs, Math.max(this.policy.pollFirstMs, Math.round(age / 2)));
    if (r.status === 'unknown' || r.status === 'sent') {
      this.store.postpone(row.id, 'sent', next, later);
      return;
    }
    this.onReport(row.id, r, null);
  }
}
