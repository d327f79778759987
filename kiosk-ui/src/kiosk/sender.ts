import { DeliveryLoop, neverRetried, type Ack, type RatingAckData, type RatingEvent } from '@onestop/shared';
import type { RatingQueue } from './queue';

/** The part of a socket.io client socket the sender uses (a fake one in unit tests). */
export interface AckSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: 'rating:submit', payload: RatingEvent): Promise<Ack<RatingAckData>> };
}

export interface SenderOptions {
  ackTimeoutMs: number;
  /** after a rating that could not go, the next try (a steady delay: a kiosk sends little) */
  retryMs: number;
}

/** How a pass over the queue ended: emptied it (or nothing to send on), or stopped at a rating to be retried. */
type PassEnd = 'done' | 'retry';

/**
 * Sends the queue to the hub, oldest first, one at a time: deleted on `{ ok: true }` (a duplicate included),
 * set aside on a refusal in NEVER_RETRY_REASONS, kept for a later try on anything else (timeout, storage-failed,
 * shutting-down, …). The shared DeliveryLoop runs the passes: on connect, after every new rating, and after
 * `retryMs` while something could not go.
 */
export class RatingSender {
  private socket: AckSocket | null = null;
  private readonly loop: DeliveryLoop<PassEnd>;

  constructor(
    private readonly queue: RatingQueue,
    private readonly deviceId: string,
    private readonly onChange: () => void,
    private readonly opts: SenderOptions = { ackTimeoutMs: 5000, retryMs: 3000 },
  ) {
    this.loop = new DeliveryLoop({
      pass: () => this.pass(),
      retry: { backoff: { baseMs: opts.retryMs, maxMs: opts.retryMs, jitter: [1, 1] }, failed: (end) => end === 'retry' },
    });
  }

  /** A (re)connected socket: send now, even if a retry was waiting. */
  attach(socket: AckSocket): void {
    this.socket = socket;
    this.loop.start();
    this.reconnected();
  }

  /** The link came back: send now rather than at the end of a retry delay that began while it was down. */
  reconnected(): void {
    this.loop.kick({ now: true });
  }

  stop(): void {
    this.socket = null;
    void this.loop.close();
  }

  /** A rating was queued: send it (after the retry delay, if one is running). */
  kick(): void {
    this.loop.kick();
  }

  /**
   * Resolves when the queue is empty or sending stopped at a rating that could not go (to be retried); during a
   * retry delay, as soon as what is in flight is over (the retry sends the rest).
   */
  async flush(): Promise<void> {
    this.loop.kick();
    await this.loop.idle();
  }

  /** One pass over the queue. Never rejects: a failure is logged and retried. */
  private async pass(): Promise<PassEnd> {
    try {
      return await this.sendQueued();
    } catch (err) {
      console.error('sending queued ratings failed', err);
      return 'retry';
    } finally {
      this.onChange();
    }
  }

  private async sendQueued(): Promise<PassEnd> {
    for (const item of await this.queue.list(this.deviceId)) {
      const socket = this.socket;
      if (this.loop.closing || !socket?.connected) return 'done';
      let ack: Ack<RatingAckData>;
      try {
        ack = await socket.timeout(this.opts.ackTimeoutMs).emitWithAck('rating:submit', item.event);
      } catch {
        return 'retry'; // no answer in time: the hub may have stored it; a resend is a harmless duplicate
      }
      if (ack.ok) {
        await this.queue.remove(item.id);
      } else if (neverRetried(ack.reason)) {
        console.warn('rating refused for good; set aside', item.id, ack.reason, ack.detail);
        await this.queue.setAside(item, ack.reason, ack.detail);
      } else {
        return 'retry';
      }
      this.onChange();
    }
    return 'done';
  }
}
