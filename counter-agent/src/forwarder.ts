import { io, type Socket } from 'socket.io-client';
import { DeliveryLoop, deviceConfig, formatIssues, neverRetried, type Ack, type BackoffPolicy, type BoxStatus, type Clock, type DeviceConfig, type HubToDevice, type RatingAckData } from '@onestop/shared';
import type { Logger } from './log.js';
import type { Outbox } from './outbox.js';

/** After a failed delivery: 0.5 s doubling to 30 s, ±25 % (the shared back-off). */
const RETRY_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, jitter: [0.75, 1.25] };

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
 * Delivers the outbox to the hub over socket.io, oldest first, one at a time, each removed only on the hub's ack;
 * a refusal in NEVER_RETRY_REASONS sets that press aside, anything else (or no answer) ends the pass and the shared
 * DeliveryLoop retries after a back-off. Reconnection uses capped exponential back-off with jitter (socket.io's
 * randomizationFactor), so many agents do not all return to a restarted hub in the same instant.
 */
export class Forwarder {
  private readonly socket: DeviceSocket;
  /** runs `deliver` one pass at a time: on start, on a kick, and after a back-off when a pass failed */
  private readonly loop: DeliveryLoop<string | null>;
  private lastStatus: BoxStatus | null = null;
  delivered = 0;

  constructor(private readonly o: ForwarderOptions) {
    const rc = o.reconnect ?? { initialMs: 1000, maxMs: 30_000 };
    this.loop = new DeliveryLoop({
      pass: () => this.deliver(),
      retry: { backoff: RETRY_BACKOFF, failed: (why) => why !== null },
      onRetry: (ms, why) => o.log.warn({ why: why ?? 'error', retryInMs: ms }, 'delivery failed; will retry'),
      onError: (err) => o.log.error({ err }, 'delivering the outbox failed; will retry'),
    });
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
      // the link is back: deliver now rather than at the end of a back-off that began while it was down
      this.loop.kick({ now: true });
    });
    this.socket.on('disconnect', (why) => o.log.warn({ why }, 'disconnected from hub; presses stay queued'));
    this.socket.on('connect_error', (err) => {
      const reason = (err as Error & { data?: { reason?: string } }).data?.reason ?? err.message;
      if (reason === 'unauthorized' || reason === 'token-revoked') {
        // the hub refused this token; socket.io does not retry a refusal by itself. Ask again slowly: an admin may fix it.
        o.log.error({ reason }, 'the hub refused this agent\'s token; pair again with a new code. Retrying in 60 s');
        setTimeout(() => !this.loop.closing && this.socket.connect(), 60_000).unref();
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
    this.loop.start();
    this.socket.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Something was queued: deliver what is waiting (after the back-off, if one is running). */
  kick(): void {
    this.loop.kick();
  }

  /** One pass: null when the outbox is empty or the hub is not connected, else why it stopped (retried). */
  private async deliver(): Promise<string | null> {
    for (;;) {
      if (this.loop.closing || !this.socket.connected) return null;
      const [item] = this.o.outbox.next(1);
      if (!item) return null;
      let res: Ack<RatingAckData>;
      try {
        res = await this.socket.timeout(this.o.ackTimeoutMs ?? 5000).emitWithAck('rating:submit', item.event);
      } catch {
        return 'no answer from hub';
      }
      if (res.ok) {
        this.o.outbox.markSent(item.id, this.o.clock.now());
        this.delivered++;
        this.o.log.debug({ id: item.id, duplicate: res.data.duplicate, flagged: res.data.flagged }, 'delivered');
      } else if (neverRetried(res.reason)) {
        this.o.outbox.markRejected(item.id, res.reason);
        this.o.log.error({ id: item.id, reason: res.reason, detail: res.detail }, 'hub refused a press; set aside');
      } else {
        return res.reason;
      }
    }
  }

  sendStatus(status: BoxStatus): void {
    this.lastStatus = status;
    if (this.socket.connected) {
      this.socket.timeout(5000).emit('box:status', status, (err: unknown) => {
        if (err) this.o.log.debug('box status not acknowledged');
      });
    }
  }

  /** Disconnects (an ack awaited is given up: the press stays queued) and waits for the pass in flight to end. */
  async stop(): Promise<void> {
    const closing = this.loop.close();
    this.socket.disconnect();
    await closing;
  }
}
