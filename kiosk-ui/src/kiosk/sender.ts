import type { Ack, RatingAckData, RatingEvent } from '@onestop/shared';
import type { RatingQueue } from './queue';

/** The part of a socket.io client socket the sender uses (a fake one in unit tests). */
export interface AckSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: 'rating:submit', payload: RatingEvent): Promise<Ack<RatingAckData>> };
}

/** Refusals that no retry can fix: the rating is set aside instead of blocking the queue. */
export const PERMANENT_REFUSALS: ReadonlySet<string> = new Set(['invalid-payload', 'score-not-on-scale', 'button-out-of-range']);

export interface SenderOptions {
  ackTimeoutMs: number;
  retryMs: number;
}

/**
 * Sends the queue to the hub, oldest first, one at a time: deleted on `{ ok: true }` (a duplicate included),
 * set aside on a permanent refusal, kept for a later try on anything else (timeout, storage-failed,
 * shutting-down, …). Runs on connect, after every new rating, and on a retry timer while something is left.
 */
export class RatingSender {
  private socket: AckSocket | null = null;
  private current: Promise<void> | null = null;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly queue: RatingQueue,
    private readonly deviceId: string,
    private readonly onChange: () => void,
    private readonly opts: SenderOptions = { ackTimeoutMs: 5000, retryMs: 3000 },
  ) {}

  attach(socket: AckSocket): void {
    this.socket = socket;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.socket = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  kick(): void {
    void this.flush();
  }

  /** Resolves when the queue is empty or sending stopped at a rating that could not go (to be retried). */
  flush(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.run().finally(() => {
      this.current = null;
      this.onChange();
    });
    return this.current;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        if (!(await this.pass())) return;
      } while (this.again && !this.stopped);
    } catch (err) {
      console.error('sending queued ratings failed', err);
      this.scheduleRetry();
    }
  }

  /** One pass over the queue; false when it stopped early. */
  private async pass(): Promise<boolean> {
    for (const item of await this.queue.list(this.deviceId)) {
      const socket = this.socket;
      if (this.stopped || !socket?.connected) return false;
      let ack: Ack<RatingAckData>;
      try {
        ack = await socket.timeout(this.opts.ackTimeoutMs).emitWithAck('rating:submit', item.event);
      } catch {
        this.scheduleRetry(); // no answer in time: the hub may have stored it; a resend is a harmless duplicate
        return false;
      }
      if (ack.ok) {
        await this.queue.remove(item.id);
      } else if (PERMANENT_REFUSALS.has(ack.reason)) {
        console.warn('rating refused for good; set aside', item.id, ack.reason, ack.detail);
        await this.queue.setAside(item, ack.reason, ack.detail);
      } else {
        this.scheduleRetry();
        return false;
      }
      this.onChange();
    }
    return true;
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, this.opts.retryMs);
  }
}
