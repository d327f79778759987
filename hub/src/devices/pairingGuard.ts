import type { AlertParams, Clock } from '@onestop/shared';
import type { Logger } from '../log.js';
import { BackoffLimiter, type BackoffPolicy } from '../http/limiter.js';

/**
 * How many refused pairing codes (wrong, used or expired) are let through before the waits begin
 * (docs/decisions/0084-sign-in-and-pairing-limits.md). A code is 8 digits and lives 10 minutes: past the overall
 * budget all guessers together get one try per 5 minutes.
 */
export interface PairingLimits {
  /** from one address: 10 free, then 1 minute, 2, 4 … up to an hour */
  address: BackoffPolicy;
  /** from all addresses together: 100 free, then 1 s, 2 s … up to 5 minutes */
  overall: BackoffPolicy;
}

const HOUR = 3600_000;
/** an episode of guessing ends after this long with no wrong or refused attempt */
const EPISODE_QUIET_MS = HOUR;
export const PAIRING_LIMITS: PairingLimits = {
  address: { free: 10, baseDelayMs: 60_000, maxDelayMs: HOUR, forgetAfterMs: HOUR },
  overall: { free: 100, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, forgetAfterMs: HOUR },
};

/** The alert's condition key: one open alert for the hub, however many addresses guess. */
export const PAIRING_ALERT_KEY = 'pairing-codes';

export interface PairingTicket {
  /** the code paired a device: its attempt is handed back */
  succeeded(): void;
  /** the code was refused (wrong, used, expired, malformed): it stays counted */
  failed(): void;
}

interface Episode {
  since: number;
  lastAt: number;
  wrong: number;
  /** the addresses that sent refused codes, and the latest of them (an address only held back is not named) */
  addresses: Set<string>;
  lastAddress: string;
  /** its alert has been raised (raise is idempotent too; this spares a flood a query per request) */
  alerted: boolean;
}

/**
 * The limits in front of POST /api/pair, counted before the code is checked, and the administrator's alert when
 * guessing is seen: the first attempt a limit refuses raises it, once for the episode, which lasts until an hour has
 * passed with no attempt refused or wrong (then `sweep`, each minute, clears the alert).
 */
export class PairingGuard {
  private readonly byAddress: BackoffLimiter;
  private readonly overall: BackoffLimiter;
  private episode: Episode | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly alerts: { raise(key: string, params: AlertParams): boolean; clear(kind: 'pairing-guessing', key: string): boolean },
    private readonly log: Logger,
    limits: PairingLimits = PAIRING_LIMITS,
  ) {
    this.byAddress = new BackoffLimiter(clock, limits.address);
    this.overall = new BackoffLimiter(clock, limits.overall);
  }

  /** The episode an attempt from `address` belongs to (a new one when none is going on), its last moment now. */
  private seen(address: string): Episode {
    const now = this.clock.now();
    const e = (this.episode ??= { since: now, lastAt: now, wrong: 0, addresses: new Set(), lastAddress: address, alerted: false });
    e.lastAt = now;
    return e;
  }

  /** Counts an attempt from `address` before its code is checked: a ticket, or the milliseconds to wait (nothing counted). */
  attempt(address: string): PairingTicket | { retryAfterMs: number } {
    const wait = Math.max(this.byAddress.waitMs(address), this.overall.waitMs('all'));
    if (wait > 0) {
      const e = this.seen(address);
      if (!e.alerted) {
        e.alerted = true;
        this.alerts.raise(PAIRING_ALERT_KEY, { kind: 'pairing-guessing', wrong: e.wrong, addresses: e.addresses.size, lastAddress: e.lastAddress, since: e.since });
        this.log.warn({ ip: e.lastAddress, heldBack: address, wrong: e.wrong, addresses: e.addresses.size }, 'pairing codes are being guessed: alert raised');
      }
      return { retryAfterMs: wait };
    }
    this.byAddress.count(address);
    this.overall.count('all');
    return {
      succeeded: () => {
        this.byAddress.refund(address);
        this.overall.refund('all');
      },
      failed: () => {
        const e = this.seen(address);
        e.wrong++;
        e.lastAddress = address;
        if (e.addresses.size < 10_000) e.addresses.add(address);
      },
    };
  }

  /** Ends an episode an hour after its last wrong or refused attempt, clearing its alert; forgets old records. */
  sweep(): void {
    this.byAddress.sweep();
    this.overall.sweep();
    if (this.episode && this.clock.now() - this.episode.lastAt >= EPISODE_QUIET_MS) {
      this.episode = null;
      this.alerts.clear('pairing-guessing', PAIRING_ALERT_KEY);
    }
  }
}
