import type { Clock } from '@onestop/shared';

/**
 * Failed sign-ins, with back-off. Per username and address: the first few failures are free, then each further one
 * doubles the wait (1 s, 2 s, 4 s … up to 15 minutes). Per address, across usernames: too many failures in an hour
 * block that address for 15 minutes (someone trying many accounts). A success clears the username's record.
 * Kept in memory: a restart forgets it, which costs an attacker a restart they cannot cause.
 */
export interface ThrottleOptions {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** failures from one address, any username, within `windowMs` before the address is blocked */
  addressFailures: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  addressFailures: 50,
  windowMs: 3600_000,
};

interface FailRecord {
  fails: number;
  lastFailAt: number;
}

export class LoginThrottle {
  private readonly byUser = new Map<string, FailRecord>();
  private readonly byAddress = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly opts: ThrottleOptions = DEFAULT_THROTTLE,
  ) {}

  private key = (username: string, address: string) => `${username.toLowerCase()}\u0000${address}`;

  /** 0 when a sign-in may be tried now, else the milliseconds to wait. */
  waitMs(username: string, address: string): number {
    const now = this.clock.now();
    const { freeFailures, baseDelayMs, maxDelayMs, addressFailures, windowMs } = this.opts;
    const recent = (this.byAddress.get(address) ?? []).filter((t) => now - t < windowMs);
    if (recent.length === 0) this.byAddress.delete(address);
    else this.byAddress.set(address, recent);
    let wait = 0;
    if (recent.length >= addressFailures) wait = Math.max(0, recent[recent.length - 1]! + maxDelayMs - now);
    const r = this.byUser.get(this.key(username, address));
    if (r && now - r.lastFailAt >= windowMs) this.byUser.delete(this.key(username, address));
    else if (r && r.fails >= freeFailures) {
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (r.fails - freeFailures));
      wait = Math.max(wait, r.lastFailAt + delay - now);
    }
    return wait;
  }

  failed(username: string, address: string): void {
    const now = this.clock.now();
    const k = this.key(username, address);
    const r = this.byUser.get(k);
    this.byUser.set(k, { fails: (r?.fails ?? 0) + 1, lastFailAt: now });
    this.byAddress.set(address, [...(this.byAddress.get(address) ?? []), now].slice(-this.opts.addressFailures));
  }

  succeeded(username: string, address: string): void {
    this.byUser.delete(this.key(username, address));
  }
}
