import { randomBytes } from 'node:crypto';
import {
  changePasswordRequest,
  createUserRequest,
  loginRequest,
  PASSWORD_MIN,
  type Clock,
  type Role,
  type DutyEntry,
  type SessionView,
  type UserView,
} from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import { ServiceError } from '../http/errors.js';
import { hashSecret } from '../devices/tokens.js';
import { defaultPasswords, generatePassword, type PasswordHasher } from './passwords.js';
import { AuthStore, type SessionRow, type UserRow } from './store.js';
import { LoginThrottle, type ThrottleOptions } from './throttle.js';
import { KeyedLanes } from '../http/limiter.js';
import { parseOr, reasonWhen } from '../http/parse.js';
import type { AuditService } from '../audit/service.js';
import { takeCounter, type TakeOver } from './duty.js';

/** A session lasts a working day at most, and ends after 4 idle hours (a long lunch break included). */
export const SESSION_MAX_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 4 * 3600_000;
/** Last-seen is written at most once a minute per session: every write is a synced commit. */
const TOUCH_EVERY_MS = 60_000;
/** Ended sessions are kept this long: they say who was on duty when a late rating arrives from a device outbox. */
const KEEP_SESSIONS_MS = 90 * 24 * 3600_000;

export interface Principal {
  sessionId: string;
  user: { id: string; username: string; displayName: string; role: Role };
  counterId: string | null;
  expiresAt: number;
}

export interface CounterLookup {
  get(id: string): { id: string; name: string } | undefined;
}

const toUser = (u: UserRow): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  disabled: u.disabled_at !== null,
  createdAt: u.created_at,
  title: u.title ?? null,
  hasPhoto: u.has_photo === 1,
});

/** One dummy hash per hasher, made at the first sign-in with an unknown name. */
const dummies = new WeakMap<PasswordHasher, Promise<string>>();

/** An error that carries how long to wait (429 + Retry-After). */
export class RateLimited extends ServiceError {
  constructor(readonly retryAfterMs: number) {
    super('rate-limited', `too many failed sign-ins; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/**
 * Accounts and sessions. A session is a random cookie value of which only the SHA-256 is stored; each request
 * looks it up, so disabling an account or signing out takes effect at the next request, from any process.
 */
export class AuthService {
  readonly store: AuthStore;
  private readonly throttle: LoginThrottle;
  /** one password check at a time per address: a flood from one address waits behind itself, not before others */
  private readonly hashLanes = new KeyedLanes(1);

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly counters: CounterLookup,
    throttle?: ThrottleOptions,
    /** how passwords are hashed and checked (tests hand in scrypt at tiny parameters) */
    private readonly passwords: PasswordHasher = defaultPasswords,
    /** where a counter taken over is recorded (./duty.ts) */
    private readonly audit?: Pick<AuditService, 'record'>,
  ) {
    this.store = new AuthStore(db);
    this.throttle = new LoginThrottle(clock, throttle);
  }

  /** A hash of nothing anybody knows, checked when the username does not exist, so the answer takes as long. */
  private dummyHash(): Promise<string> {
    let d = dummies.get(this.passwords);
    if (!d) dummies.set(this.passwords, (d = this.passwords.hash(randomBytes(16).toString('hex'))));
    return d;
  }

  /**
   * At start: with no administrator yet, creates "admin" (or "admin-xxxx" when a staff account took that name) with
   * the configured password (HUB_ADMIN_PASSWORD), or with a generated one that `keep` stores before the account
   * exists (so a password nobody can read is never made). Once an administrator exists this does nothing: the
   * configured password is never applied again, so a password changed on the page stays changed.
   */
  async ensureFirstAdmin(
    fixedPassword?: string,
    keep?: (cred: { username: string; password: string }) => void,
  ): Promise<{ username: string; password: string; fromConfig: boolean } | null> {
    if (this.store.countActiveAdmins() > 0) return null;
    if (fixedPassword !== undefined && fixedPassword.length < PASSWORD_MIN) throw new ServiceError('weak-password', `the admin password has at least ${PASSWORD_MIN} characters`);
    // "admin" may be a staff account's name (made with `hub user add` before the first start)
    const username = this.store.userByName('admin') ? `admin-${randomBytes(2).toString('hex')}` : 'admin';
    const password = fixedPassword ?? generatePassword();
    if (fixedPassword === undefined) keep?.({ username, password });
    const user = await this.insertUser({ username, displayName: 'Quản trị', role: 'admin' }, password);
    // nobody signed in made it: the hub itself, at its first start (docs/administration.md, "Audit log")
    this.audit?.record({ id: null, name: 'system' }, { kind: 'account', action: 'create', target: username, after: user });
    return { username, password, fromConfig: fixedPassword !== undefined };
  }

  /** Creates an account; answers the password once when the hub made it. */
  async createUser(body: unknown): Promise<{ user: UserView; password: string | null }> {
    const parsed = parseOr(createUserRequest, body, 'body', reasonWhen('weak-password', 'password'));
    const { username, displayName, role, password, title } = parsed;
    if (this.store.userByName(username)) throw new ServiceError('duplicate-name', `the username "${username}" is taken`);
    const pw = password ?? generatePassword();
    const user = await this.insertUser({ username, displayName: displayName ?? username, role, title: title ?? null }, pw);
    return { user, password: password ? null : pw };
  }

  private async insertUser(u: { username: string; displayName: string; role: Role; title?: string | null }, pw: string): Promise<UserView> {
    const hash = await this.passwords.hash(pw);
    const now = this.clock.now();
    const row: UserRow = { id: 'u-' + randomBytes(5).toString('hex'), username: u.username, display_name: u.displayName, role: u.role, password_hash: hash, created_at: now, password_changed_at: now, disabled_at: null, title: u.title ?? null };
    try {
      this.store.insertUser(row);
    } catch (e) {
      if (/UNIQUE/.test((e as Error).message)) throw new ServiceError('duplicate-name', `the username "${u.username}" is taken`);
      throw e;
    }
    return toUser(row);
  }

  users(): UserView[] {
    return this.store.users().map(toUser);
  }

  user(id: string): UserView | undefined {
    const u = this.store.user(id);
    return u && toUser(u);
  }

  userByName(username: string): UserView | undefined {
    const u = this.store.userByName(username);
    return u && toUser(u);
  }

  /** Checks the password (with back-off per account, address and both: LoginThrottle) and opens a session. */
  async login(body: unknown, address: string, opts: { adminOnly?: boolean } = {}): Promise<{ token: string; principal: Principal }> {
    const parsed = parseOr(loginRequest, body, 'body');
    const { username, password, counterId } = parsed;
    // counted here, before the first await: requests arriving together cannot all pass before one is counted
    const ticket = this.throttle.attempt(username, address);
    if ('retryAfterMs' in ticket) throw new RateLimited(ticket.retryAfterMs);
    const user = this.store.userByName(username);
    const check = await this.hashLanes.run(address, async () => this.passwords.verify(password, user?.password_hash ?? (await this.dummyHash())));
    if (!user || !check.ok) throw new ServiceError('unauthorized', 'wrong username or password');
    ticket.succeeded();
    if (user.disabled_at !== null) throw new ServiceError('account-disabled', 'this account is disabled');
    if (opts.adminOnly && user.role !== 'admin') throw new ServiceError('forbidden', 'this page is for administrators');
    let counter: { id: string } | undefined;
    if (counterId !== undefined) {
      counter = this.counters.get(counterId);
      if (!counter) throw new ServiceError('counter-not-found', counterId);
    } else if (user.role === 'staff' && !opts.adminOnly) {
      throw new ServiceError('counter-required', 'staff sign in at a counter');
    }
    if (check.rehash) this.store.setPassword(user.id, await this.passwords.hash(password), this.clock.now());
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const row: SessionRow = {
      id: 's-' + randomBytes(8).toString('hex'),
      token_hash: hashSecret(token),
      user_id: user.id,
      counter_id: counter?.id ?? null,
      created_at: now,
      expires_at: now + SESSION_MAX_MS,
      last_seen_at: now,
      ended_at: null,
      end_reason: null,
    };
    const takeOver = this.store.transaction(() => {
      this.store.purgeSessions(now - KEEP_SESSIONS_MS);
      // one person on duty per counter: someone else there is named, and ended only when confirmed (./duty.ts)
      const taken = counter ? takeCounter(this.store, this.audit, { counterId: counter.id, user, at: now, idleMs: SESSION_IDLE_MS, confirmed: parsed.takeOver === true }) : null;
      this.store.insertSession(row);
      return taken;
    });
    if (takeOver) this.announceTakeOver(takeOver, user);
    if (counter) this.bus.emit('duty:changed', { counterId: counter.id });
    return { token, principal: this.principal(row, user) };
  }

  private announceTakeOver(t: TakeOver, by: UserRow): void {
    this.bus.emit('duty:taken-over', { counterId: t.counterId, sessionIds: t.ended.map((e) => e.sessionId), by: by.display_name });
    for (const e of t.ended) this.bus.emit('auth:session-ended', { sessionId: e.sessionId, userId: e.userId });
  }

  private principal(s: SessionRow, u: UserRow): Principal {
    return {
      sessionId: s.id,
      user: { id: u.id, username: u.username, displayName: u.display_name, role: u.role },
      counterId: s.counter_id,
      expiresAt: Math.min(s.expires_at, s.last_seen_at + SESSION_IDLE_MS),
    };
  }

  /** The signed-in person behind a cookie value, or null. Counts as activity for the idle limit. */
  authenticate(token: string | undefined): Principal | null {
    if (!token || token.length > 200) return null;
    const s = this.store.sessionByTokenHash(hashSecret(token));
    const now = this.clock.now();
    if (!s || s.ended_at !== null || s.user.disabled_at !== null) return null;
    if (now >= s.expires_at || now >= s.last_seen_at + SESSION_IDLE_MS) return null;
    if (now - s.last_seen_at >= TOUCH_EVERY_MS) {
      this.store.touchSession(s.id, now);
      s.last_seen_at = now;
    }
    return this.principal(s, s.user);
  }

  /**
   * Whether a session still admits its holder, without counting as activity: not ended, its account enabled, and
   * neither its age nor its idleness past the limit. Open sockets ask this to close when their session lapses.
   */
  sessionActive(sessionId: string): boolean {
    const s = this.store.sessionById(sessionId);
    const now = this.clock.now();
    return !!s && s.ended_at === null && s.user.disabled_at === null && now < s.expires_at && now < s.last_seen_at + SESSION_IDLE_MS;
  }

  logout(token: string | undefined): void {
    if (!token) return;
    const s = this.store.sessionByTokenHash(hashSecret(token));
    if (s && this.store.endSession(s.id, this.clock.now(), 'logout')) this.bus.emit('auth:session-ended', { sessionId: s.id, userId: s.user_id });
  }

  sessionView(p: Principal | null): SessionView {
    if (!p) return { signedIn: false };
    const c = p.counterId ? this.counters.get(p.counterId) : undefined;
    return { signedIn: true, user: p.user, counter: c ? { id: c.id, name: c.name } : null, expiresAt: p.expiresAt };
  }

  /** Disables an account and ends its sessions at once. The last enabled admin cannot be disabled. */
  disable(userId: string): UserView {
    const now = this.clock.now();
    const ended = this.store.transaction(() => {
      const u = this.store.user(userId);
      if (!u) throw new ServiceError('user-not-found', userId);
      if (u.role === 'admin' && u.disabled_at === null && this.store.countActiveAdmins() <= 1) throw new ServiceError('last-admin', 'keep at least one administrator');
      if (u.disabled_at === null) this.store.setDisabled(userId, now);
      return this.store.endSessionsOf(userId, now, 'disabled');
    });
    for (const sessionId of ended) this.bus.emit('auth:session-ended', { sessionId, userId });
    return this.user(userId)!;
  }

  enable(userId: string): UserView {
    if (!this.store.user(userId)) throw new ServiceError('user-not-found', userId);
    this.store.setDisabled(userId, null);
    return this.user(userId)!;
  }

  /** A new password made by the hub, answered once; the account's sessions end. */
  async resetPassword(userId: string, fixed?: string): Promise<string> {
    const u = this.store.user(userId);
    if (!u) throw new ServiceError('user-not-found', userId);
    if (fixed !== undefined && fixed.length < PASSWORD_MIN) throw new ServiceError('weak-password', `at least ${PASSWORD_MIN} characters`);
    const pw = fixed ?? generatePassword();
    const hash = await this.passwords.hash(pw);
    const now = this.clock.now();
    const ended = this.store.transaction(() => {
      this.store.setPassword(userId, hash, now);
      return this.store.endSessionsOf(userId, now, 'password-reset');
    });
    for (const sessionId of ended) this.bus.emit('auth:session-ended', { sessionId, userId });
    return pw;
  }

  /**
   * The signed-in person changes their own password; their other sessions end. Checking the current password is a
   * sign-in attempt like any other: counted by the same throttle (per account, address and both) before it is hashed,
   * refused over the limit without hashing, and hashed in the address's lane, so a stolen session cookie cannot guess
   * the password faster than the sign-in page allows, nor hold up sign-ins from other addresses.
   */
  async changePassword(p: Principal, body: unknown, address: string): Promise<void> {
    const parsed = parseOr(changePasswordRequest, body, 'body', reasonWhen('weak-password', 'newPassword'));
    const u = this.store.user(p.user.id);
    if (!u) throw new ServiceError('unauthorized', 'the current password is wrong');
    // counted here, before the first await, as in login
    const ticket = this.throttle.attempt(u.username, address);
    if ('retryAfterMs' in ticket) throw new RateLimited(ticket.retryAfterMs);
    const check = await this.hashLanes.run(address, () => this.passwords.verify(parsed.currentPassword, u.password_hash));
    if (!check.ok) throw new ServiceError('unauthorized', 'the current password is wrong');
    ticket.succeeded();
    const hash = await this.hashLanes.run(address, () => this.passwords.hash(parsed.newPassword));
    const now = this.clock.now();
    const ended = this.store.transaction(() => {
      this.store.setPassword(u.id, hash, now);
      return this.store.endSessionsOf(u.id, now, 'password-changed', p.sessionId);
    });
    for (const sessionId of ended) this.bus.emit('auth:session-ended', { sessionId, userId: u.id });
  }

  /** Who is on duty at each counter now: the admin's view of the office. */
  dutyRoster(counters: { id: string; name: string }[]): DutyEntry[] {
    return counters.map((c) => {
      const id = this.staffOnDuty(c.id);
      const u = id ? this.store.user(id) : undefined;
      return { counterId: c.id, counterName: c.name, user: u ? { id: u.id, displayName: u.display_name } : null };
    });
  }

  /** Who is on duty at a counter now (or at an earlier instant): the newest open session there, or null. */
  staffOnDuty(counterId: string, at = this.clock.now()): string | null {
    return this.store.onDuty(counterId, at, SESSION_IDLE_MS);
  }
}
