import { io, type Socket } from 'socket.io-client';
import { deviceConfig, formatIssues, type Ack, type BoxStatus, type Clock, type DeviceConfig, type HubToDevice, type RatingAckData } from '@onestop/shared';
import type { Logger } from './log.js';
import type { Outbox } from './outbox.js';

/** Refusals that will not change by sending again: the press is set aside, and the queue goes on. */
const PERMANENT = new Set(['invalid-payload', 'button-out-of-range', 'score-not-on-scale']);

export interface ForwarderOptions {
  hubUrl: string;
  token: string;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  onConfig: (c: DeviceConfig) => void;
  /** the hub invites a rating (a file was just returned at this counter) for this long */
  onInvite?: (ms: number) => void;
  ackTimeoutMs?: number;
  reconnect?: { initialMs: number; maxMs: number };
}

type DeviceSocket = Socket<HubToDevice, { 'rating:submit': (e: unknown, ack: (a: Ack<RatingAckData>) => void) => void; 'box:status': (s: BoxStatus, ack: (a: Ack<null>) => void) => void }>;

/**
 * Delivers the outbox to the hub over socket.io, oldest first, one at a time, each removed only on the hub's ack.
 * Reconnection uses capped exponential back-off with jitter (socket.io's randomizationFactor), so many agents do
 * not all return to a restarted hub in the same instant.
 */
export class Forwarder {
  private readonly socket: DeviceSocket;
  private draining = false;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private lastStatus: BoxStatus | null = null;
  delivered = 0;

  constructor(private readonly o: ForwarderOptions) {
    const rc = o.reconnect ?? { initialMs: 1000, maxMs: 30_000 };
    this.socket = io(new URL('/device', o.hubUrl).toString(), {
      auth: { token: o.token },
      transports: ['websocket'],
      reconnectionDelay: rc.initialMs,
      reconnectionDelayMax: rc.maxMs,
      randomizationFactor: 0.5,
      autoConnect: false,
    }) as DeviceSocket;
    this.socket.on('connect', () => {
      o.log.info({ hub: o.hubUrl }, 'connected to hub');
      if (this.lastStatus) this.sendStatus(this.lastStatus);
      this.kick();
    });
    this.socket.on('disconnect', (why) => o.log.warn({ why }, 'disconnected from hub; presses stay queued'));
    this.socket.on('connect_error', (err) => {
      const reason = (err as Error & { data?: { reason?: string } }).data?.reason ?? err.message;
      if (reason === 'unauthorized' || reason === 'token-revoked') {
        // the hub refused this token; socket.io does not retry a refusal by itself. Ask again slowly: an admin may fix it.
        o.log.error({ reason }, 'the hub refused this agent\'s token; pair again with a new code. Retrying in 60 s');
        setTimeout(() => !this.stopped && this.socket.connect(), 60_000).unref();
      } else {
        o.log.debug({ reason }, 'hub not reachable');
      }
    });
    this.socket.on('device:config', (c: unknown) => {
      // checked before it is stored: a config that does not fit would change how every later press is scored
      const parsed = deviceConfig.safeParse(c);
      if (parsed.success) o.onConfig(parsed.data);
      else o.log.warn({ reason: 'invalid-payload', detail: formatIssues(parsed.error, 'config') }, 'device:config from the hub ignored; the current config stays');
    });
    this.socket.on('device:invite', (i) => {
      const ms = Number((i as { ms?: unknown } | undefined)?.ms);
      if (Number.isFinite(ms) && ms > 0) o.onInvite?.(Math.min(ms, 10 * 60_000));
    });
    this.socket.on('device:revoked', () => o.log.error('this device was revoked by the hub administrator'));
  }

  start(): void {
    this.socket.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Something was queued, or the link came back: deliver what is waiting. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.stopped || !this.socket.connected || this.retryTimer) return;
    this.draining = true;
    try {
      for (;;) {
        this.again = false;
        const [item] = this.o.outbox.next(1);
        if (!item) break;
        if (!this.socket.connected) return;
        let res: Ack<RatingAckData>;
        try {
          res = await this.socket.timeout(this.o.ackTimeoutMs ?? 5000).emitWithAck('rating:submit', item.event);
        } catch {
          this.scheduleRetry('no answer from hub');
          return;
        }
        if (res.ok) {
          this.o.outbox.markSent(item.id, this.o.clock.now());
          this.delivered++;
          this.failures = 0;
          this.o.log.debug({ id: item.id, duplicate: res.data.duplicate, flagged: res.data.flagged }, 'delivered');
        } else if (PERMANENT.has(res.reason)) {
          this.o.outbox.markRejected(item.id, res.reason);
          this.o.log.error({ id: item.id, reason: res.reason, detail: res.detail }, 'hub refused a press; set aside');
        } else {
          this.scheduleRetry(res.reason);
          return;
        }
      }
    } finally {
      this.draining = false;
    }
    if (this.again) this.kick();
  }

  private scheduleRetry(why: string): void {
    const delay = Math.min(30_000, 500 * 2 ** this.failures) * (0.75 + Math.random() * 0.5);
    this.failures++;
    this.o.log.warn({ why, retryInMs: Math.round(delay) }, 'delivery failed; will retry');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delay);
  }

  sendStatus(status: BoxStatus): void {
    this.lastStatus = status;
    if (this.socket.connected) {
      this.socket.timeout(5000).emit('box:status', status, (err: unknown) => {
        if (err) this.o.log.debug('box status not acknowledged');
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.disconnect();
  }
}
