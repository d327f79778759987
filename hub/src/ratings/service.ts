import {
  formatIssues,
  localDay,
  ratingEvent,
  scoreOfButton,
  type Ack,
  type Clock,
  type RatingAckData,
  type RatingEvent,
} from '@onestop/shared';
import type { Logger } from '../log.js';
import type { Device } from '../devices/service.js';
import type { EventBus } from '../events.js';
import { ServiceError } from '../http/errors.js';
import { RatingStore, type RatingRow } from './store.js';
import { tokenAllows } from '../devices/tokens.js';
import { isBacklog, type DeviceLink } from './arrival.js';

/**
 * A live rating is flagged when it reached the hub less than the minimum interval after the device's previous live
 * one, less an allowance for the network (this, or a third of the interval if less): two presses made 3 s apart
 * may arrive 2.6 s apart. Backlog ratings are checked on their own dates only (./arrival.ts).
 */
export const RECEIVE_JITTER_MS = 1000;

/**
 * A device clock is trusted for when a rating was made only within these bounds of the hub's clock. A Pi without
 * a real-time clock can start in 1970; a rating it made is then dated by the hub's receive time instead.
 */
export const MAX_DEVICE_CLOCK_AHEAD_MS = 5 * 60 * 1000;
export const MAX_DEVICE_BACKLOG_MS = 60 * 24 * 3600 * 1000;

/** Credits a rating to a person and a returned file (files/attribution.ts); runs inside the storing transaction. */
export type RatingCreditor = (r: { counterId: string; ratedAt: number; flagged: boolean }) => { staffId: string | null; fileId: string | null };

interface Pending {
  device: Device;
  event: RatingEvent;
  link: DeviceLink | undefined;
  resolve: (a: Ack<RatingAckData>) => void;
}

/**
 * Validates, maps and stores ratings. Storage uses group commit: every rating that arrives while the event loop
 * is busy is written in one transaction, and all of them are acknowledged after that transaction's synced commit.
 * One fsync then pays for many ratings under load, and for exactly one when a single press arrives alone.
 */
export class RatingService {
  private readonly store: RatingStore;
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private drainWaiters: (() => void)[] = [];
  private closed = false;
  /** each device's latest live rating, by the hub's receive time (memory: after a restart the first one passes) */
  private readonly lastLiveAt = new Map<string, number>();

  constructor(
    db: RatingStore['db'],
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly credit: RatingCreditor = () => ({ staffId: null, fileId: null }),
    /**
     * Counts a committed batch into derived tables inside the batch's transaction (the statistics rollups,
     * stats/rollup.ts): once per batch and key instead of per rating. Without it the insert trigger does it.
     */
    private readonly rollup?: { add(rows: readonly RatingRow[]): void },
  ) {
    this.store = new RatingStore(db);
    this.storeBatch = db.transaction((batch: Pending[], now: number, liveAt: Map<string, number>, results: Ack<RatingAckData>[], stored: RatingRow[]) => {
      for (const p of batch) {
        const r = this.storeOne(p, now, liveAt);
        results.push(r.ack);
        if (r.row) stored.push(r.row);
      }
      this.rollup?.add(stored);
    });
  }

  /**
   * Validates a raw payload from a device and resolves once it is durably stored (or refused). Never rejects.
   * `link`: the device's connection (devices/socket.ts), to tell a live rating from its outbox's backlog; without
   * one every rating counts as live.
   */
  submit(device: Device, payload: unknown, link?: DeviceLink): Promise<Ack<RatingAckData>> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'shutting-down' });
    const parsed = ratingEvent.safeParse(payload);
    if (!parsed.success) {
      const detail = formatIssues(parsed.error, 'event');
      this.log.warn({ deviceId: device.id, reason: 'invalid-payload', detail }, 'rating refused');
      return Promise.resolve({ ok: false, reason: 'invalid-payload', detail });
    }
    const event = parsed.data;
    if (!tokenAllows(device.kind, 'rating:submit', event.source)) {
      this.log.warn({ deviceId: device.id, kind: device.kind, source: event.source, reason: 'not-allowed-for-kind' }, 'rating refused');
      return Promise.resolve({ ok: false, reason: 'not-allowed-for-kind', detail: `a ${device.kind} token may not send source "${event.source}"` });
    }
    if (event.source === 'button' && scoreOfButton(device.scale, event.button!) === null) {
      this.log.warn({ deviceId: device.id, button: event.button, reason: 'button-out-of-range' }, 'rating refused');
      return Promise.resolve({ ok: false, reason: 'button-out-of-range', detail: `this device has ${device.scale.buttons} buttons` });
    }
    if (event.source === 'touch' && !device.scale.map.includes(event.score as never)) {
      this.log.warn({ deviceId: device.id, score: event.score, reason: 'score-not-on-scale' }, 'rating refused');
      return Promise.resolve({ ok: false, reason: 'score-not-on-scale', detail: `scale is ${device.scale.map.join(',')}` });
    }
    this.inFlight++;
    // one promise per rating and nothing chained on it: flush() counts the settled ones (a rating's garbage is what
    // fills V8's old space under load; docs/performance.md, issue 15's third pass)
    return new Promise<Ack<RatingAckData>>((resolve) => {
      this.queue.push({ device, event, link, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushNow);
      }
    });
  }

  private readonly flushNow = (): void => this.flush();

  /** `n` ratings were answered: wake close() when none is left in flight. */
  private settled(n: number): void {
    this.inFlight -= n;
    if (this.inFlight === 0 && this.drainWaiters.length > 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const now = this.clock.now();
    const results: Ack<RatingAckData>[] = [];
    const stored: RatingRow[] = [];
    // live receive times of this batch, kept only if it commits (a rolled-back rating is retried, not a neighbour)
    const liveAt = this.batchLiveAt;
    liveAt.clear();
    try {
      this.storeBatch(batch, now, liveAt, results, stored);
    } catch (err) {
      this.log.error({ err, batch: batch.length }, 'storing ratings failed; devices will retry');
      for (const p of batch) p.resolve({ ok: false, reason: 'storage-failed' });
      this.settled(batch.length);
      return;
    }
    for (const [deviceId, at] of liveAt) this.lastLiveAt.set(deviceId, at);
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
    this.settled(batch.length);
    for (const row of stored) {
      this.bus.emit('rating:stored', {
        id: row.id,
        counterId: row.counter_id,
        deviceId: row.device_id,
        score: row.score,
        flagged: row.flagged === 1,
        source: row.source,
        at: row.rated_at,
      });
    }
  }

  /** One transaction for a batch, made once: better-sqlite3 builds several functions for every `db.transaction` call. */
  private readonly storeBatch: (batch: Pending[], now: number, liveAt: Map<string, number>, results: Ack<RatingAckData>[], stored: RatingRow[]) => void;
  /** the batch's live receive times, emptied at each flush (see flush) */
  private readonly batchLiveAt = new Map<string, number>();

  private storeOne({ device, event, link }: Pending, now: number, liveAt: Map<string, number>): { ack: Ack<RatingAckData>; row?: RatingRow } {
    const existing = this.store.find(event.id);
    if (existing) {
      return { ack: { ok: true, data: { id: event.id, duplicate: true, flagged: existing.flagged === 1, score: existing.score } } };
    }
    const score = event.source === 'button' ? scoreOfButton(device.scale, event.button!)! : event.score!;
    const trusted = event.deviceTime <= now + MAX_DEVICE_CLOCK_AHEAD_MS && event.deviceTime >= now - MAX_DEVICE_BACKLOG_MS;
    const ratedAt = trusted ? event.deviceTime : now;
    const minMs = device.minIntervalS * 1000;
    const tooClose = this.store.hasNeighbourWithin(device.id, ratedAt, minMs);
    // live (not from the outbox after an outage): the interval must also hold on when the hub heard it (./arrival.ts)
    let receivedTooClose = false;
    if (!link || !isBacklog(link, ratedAt)) {
      receivedTooClose = now - (liveAt.get(device.id) ?? this.lastLiveAt.get(device.id) ?? -Infinity) < minMs - Math.min(RECEIVE_JITTER_MS, minMs / 3);
      liveAt.set(device.id, now);
    }
    const flagged = tooClose || receivedTooClose;
    const credit = this.credit({ counterId: device.counterId, ratedAt, flagged });
    const row: RatingRow = {
      id: event.id,
      device_id: device.id,
      counter_id: device.counterId,
      source: event.source,
      button: event.button ?? null,
      score,
      scale_buttons: device.scale.buttons,
      device_time: event.deviceTime,
      received_at: now,
      rated_at: ratedAt,
      day: localDay(ratedAt),
      flagged: flagged ? 1 : 0,
      flag_reason: tooClose ? 'min-interval' : receivedTooClose ? 'min-interval-received' : null,
      reasons: event.reasons && event.reasons.length > 0 ? JSON.stringify(event.reasons) : null,
      comment: event.comment?.trim() || null,
      box_serial: event.box?.serial ?? null,
      box_seq: event.box?.seq ?? null,
      staff_id: credit.staffId,
      file_id: credit.fileId,
    };
    this.store.insert(row, this.rollup !== undefined);
    return { ack: { ok: true, data: { id: event.id, duplicate: false, flagged, score } }, row };
  }

  /** Stop taking ratings and wait for those in flight to be committed and acknowledged. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight === 0) return;
    await new Promise<void>((r) => this.drainWaiters.push(r));
  }
}

export { ServiceError };
