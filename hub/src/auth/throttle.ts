import type { Clock } from '@onestop/shared';
import { BackoffLimiter, type BackoffPolicy } from '../http/limiter.js';

/**
 * Failed sign-ins, counted before the password is hashed (docs/decisions/0084-sign-in-and-pairing-limits.md):
 * - per account at one address: 5 free failures, then waits of 1 s, 2 s, 4 s … up to 15 minutes (someone mistyping,
 *   or guessing one account from one PC);
 * - per address, any account: 50 failures, then one attempt per 15 minutes (someone trying many accounts);
 * - per account, any address: 100 failures, then waits from 1 minute up to 15 (guessing one account from many
 *   addresses). Addresses the account signed in from lately are not held by this one, so a guesser elsewhere cannot
 *   lock the real person out.
 * A record is forgotten after an hour without failures. A success clears the account's record at that address and
 * hands back its attempt to the other two.
 */
export interface ThrottleOptions {
  accountAtAddress: BackoffPolicy;
  address: BackoffPolicy;
  account: BackoffPolicy;
  /** how long an address an account signed in from stays exempt from that account's any-address limit */
  knownAddressMs: number;
}

const HOUR = 3600_000;
export const DEFAULT_THROTTLE: ThrottleOptions = {
  accountAtAddress: { free: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: HOUR },
  address: { free: 50, baseDelayMs: 15 * 60_000, maxDelayMs: 15 * 60_000, forgetAfterMs: HOUR },
  account: { free: 100, baseDelayMs: 60_000, maxDelayMs: 15 * 60_000, forgetAfterMs: HOUR },
  knownAddressMs: 30 * 24 * HOUR,
};

/** A counted attempt: tell it when the password was right. */
export interface SignInTicket {
  succeeded(): void;
}

export class LoginThrottle {
  private readonly accountAtAddress: BackoffLimiter;
  private readonly address: BackoffLimiter;
  private readonly account: BackoffLimiter;
  /** account → address → when it last signed in from there */
  private readonly known = new Map<string, Map<string, number>>();
  private attempts = 0;

  constructor(
    private readonly clock: Clock,
    private readonly opts: ThrottleOptions = DEFAULT_THROTTLE,
  ) {
    this.accountAtAddress = new BackoffLimiter(clock, opts.accountAtAddress);
    this.address = new BackoffLimiter(clock, opts.address);
    this.account = new BackoffLimiter(clock, opts.account);
  }

  private isKnown(account: string, address: string): boolean {
    const at = this.known.get(account)?.get(address);
    return at !== undefined && this.clock.now() - at < this.opts.knownAddressMs;
  }

  /**
   * Counts a sign-in attempt now, synchronously, before any hashing: a ticket, or the milliseconds to wait (and
   * nothing counted) when any of the three limits holds it.
   */
  attempt(username: string, address: string): SignInTicket | { retryAfterMs: number } {
    if (++this.attempts % 1000 === 0) for (const l of [this.accountAtAddress, this.address, this.account]) l.sweep();
    const account = username.toLowerCase();
    const pair = `${account}\u0000${address}`;
    const exempt = this.isKnown(account, address);
    const wait = Math.max(this.accountAtAddress.waitMs(pair), this.address.waitMs(address), exempt ? 0 : this.account.waitMs(account));
    if (wait > 0) return { retryAfterMs: wait };
    this.accountAtAddress.count(pair);
    this.address.count(address);
    if (!exempt) this.account.count(account);
    return {
      succeeded: () => {
        this.accountAtAddress.reset(pair);
        this.address.refund(address);
        if (!exempt) this.account.refund(account);
        const seen = this.known.get(account) ?? new Map<string, number>();
        this.known.set(account, seen.set(address, this.clock.now()));
      },
    };
  }
}
