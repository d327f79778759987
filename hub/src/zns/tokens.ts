import { createHash } from 'node:crypto';
import { backoffDelay, type AlertParams, type Clock } from '@onestop/shared';
import type { Logger } from '../log.js';
import type { ZnsConfig } from './config.js';
import { OAUTH_TOKEN_SPENT } from './errors.js';
import { zaloRequest } from './http.js';
import type { TokenState, ZnsStore } from './store.js';

export interface ZnsAlerts {
  raise(key: string, params: AlertParams): boolean;
  clear(kind: 'zns-token', key: string): boolean;
}

const ALERT_KEY = 'token';
const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);
/** a refresh with no definite answer is asked again after this back-off (the same refresh token: harmless) */
const RETRY = { baseMs: 10_000, maxMs: 600_000 };

/**
 * The OA's access token and its refresh (POST {oauth}/v4/oa/access_token, header secret_key, form app_id,
 * grant_type=refresh_token, refresh_token). The refresh token works ONCE, so:
 *  1. the refresh is recorded as begun (committed) before the request is made;
 *  2. the new pair is committed the moment it arrives, before anything else is done with it;
 *  3. a refresh found begun (a crash, or a request left unanswered) is asked again with the same refresh token:
 *     if Zalo never got the first request it answers with a new pair; if it did, it refuses the spent token, and the
 *     refresh is "lost": an alert tells the admin exactly what to do (a new refresh token in /admin/settings);
 *  4. a refresh Zalo refuses outright raises the same alert. Meanwhile messages go by SMS (readiness: down).
 */
export class ZnsTokens {
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      store: ZnsStore;
      clock: Clock;
      log: Logger;
      config: () => ZnsConfig;
      alerts: ZnsAlerts;
      random?: () => number;
    },
  ) {}

  state(): TokenState {
    return this.deps.store.state();
  }

  /** The access token while it works. */
  current(now = this.deps.clock.now()): string | null {
    const s = this.state();
    const token = this.deps.store.accessToken();
    return token && s.accessExpiresAt !== null && s.accessExpiresAt > now ? token : null;
  }

  /** Zalo refused the access token (-124): it is treated as expired, so a refresh is due now. */
  expireAccess(): void {
    const s = this.state();
    if (s.accessExpiresAt !== null && s.accessExpiresAt > this.deps.clock.now()) this.deps.store.save({ ...s, accessExpiresAt: this.deps.clock.now() });
  }

  /** How the channel stands for a message due now (the SMS worker asks before each ZNS attempt). */
  readiness(now: number): { state: 'ready' } | { state: 'wait'; until: number } | { state: 'down'; code: string; text: string } {
    if (this.current(now)) return { state: 'ready' };
    const s = this.state();
    if (s.failure) return { state: 'down', code: `zns-token-${s.failure.why}`, text: `the Zalo OA token could not be refreshed (${s.failure.code})` };
    if (!this.deps.store.refreshToken()) return { state: 'down', code: 'zns-token-missing', text: 'no Zalo refresh token: paste one in /admin/settings' };
    // a refresh is due or under way: the message waits a little (a refresh takes one request)
    return { state: 'wait', until: Math.max(now + 5_000, s.nextTryAt ?? 0) };
  }

  /**
   * Takes the configured refresh token (ZNS_REFRESH_TOKEN, the first one) unless it was taken before: later ones
   * live in the database, and the configuration keeps naming the first.
   */
  adoptConfigured(): void {
    const seed = this.deps.config().refreshToken;
    if (!seed) return;
    const s = this.state();
    const d = digest(seed);
    if (s.seedDigest === d) return;
    if (s.seedDigest === null && this.deps.store.refreshToken()) {
      // a database from before the digest was kept: the one in the database is newer
      this.deps.store.save({ ...s, seedDigest: d });
      return;
    }
    this.deps.store.save({ ...s, refresh: 'idle', tries: 0, nextTryAt: null, failure: null, seedDigest: d }, { refresh: seed });
    this.deps.log.info('ZNS: refresh token taken from the configuration');
  }

  /** An admin pasted a new refresh token (/admin/settings): it replaces the spent one and a refresh follows. */
  replaceRefreshToken(token: string): void {
    const s = this.state();
    this.deps.store.save({ ...s, refresh: 'idle', refreshStartedAt: null, tries: 0, nextTryAt: null, failure: null }, { refresh: token });
    this.deps.alerts.clear('zns-token', ALERT_KEY);
    this.deps.log.info('ZNS: a new refresh token was pasted by an admin');
  }

  /** Whether a refresh should be made now. */
  due(now = this.deps.clock.now()): boolean {
    const c = this.deps.config();
    if (!c.enabled || !c.appId || !c.appSecret) return false;
    const s = this.state();
    if (s.failure || !this.deps.store.refreshToken()) return false;
    if (s.nextTryAt !== null && s.nextTryAt > now) return false;
    if (s.refresh === 'begun') return true;
    return s.accessExpiresAt === null || s.accessExpiresAt - c.refreshAheadMs <= now || !this.deps.store.accessToken();
  }

  /** The refresh is missing altogether (ZNS on, no token at all): the admin is told once. */
  checkMissing(): void {
    const c = this.deps.config();
    if (c.enabled && !this.deps.store.refreshToken() && !this.deps.store.accessToken() && !this.state().failure) {
      this.deps.alerts.raise(ALERT_KEY, { kind: 'zns-token', why: 'missing', code: 'no-refresh-token' });
    }
  }

  /** One refresh (only one at a time in this process). Never rejects. */
  refresh(): Promise<void> {
    this.inFlight ??= this.doRefresh()
      .catch((err) => this.deps.log.error({ err }, 'ZNS token refresh failed unexpectedly'))
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async doRefresh(): Promise<void> {
    const { store, clock, log } = this.deps;
    const c = this.deps.config();
    const before = this.state();
    const refreshToken = store.refreshToken();
    if (!refreshToken || !c.appId || !c.appSecret) return;
    const resumed = before.refresh === 'begun';
    if (resumed) log.warn({ since: before.refreshStartedAt }, 'ZNS: a token refresh was left unanswered (a crash or a lost answer); asking Zalo again with the same refresh token');
    // 1. recorded as begun, committed, before the request
    const started = clock.now();
    store.save({ ...before, refresh: 'begun', refreshStartedAt: resumed ? before.refreshStartedAt : started, tries: before.tries + 1, nextTryAt: null });
    const r = await zaloRequest(
      `${c.oauthBase.replace(/\/$/, '')}/v4/oa/access_token`,
      {
        method: 'POST',
        headers: { secret_key: c.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ refresh_token: refreshToken, app_id: c.appId, grant_type: 'refresh_token' }).toString(),
      },
      c.requestTimeoutMs,
    );
    const now = clock.now();
    const s = this.state();
    if (r.kind === 'answer' && r.body && typeof r.body.access_token === 'string' && typeof r.body.refresh_token === 'string') {
      // 2. the new pair, committed before anything else
      const expiresIn = Number(r.body.expires_in);
      const expiresAt = now + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 25 * 3_600_000);
      store.save({ ...s, accessExpiresAt: expiresAt, refresh: 'idle', refreshStartedAt: null, tries: 0, nextTryAt: null, failure: null }, { access: r.body.access_token, refresh: r.body.refresh_token });
      this.deps.alerts.clear('zns-token', ALERT_KEY);
      log.info({ expiresAt, resumed }, 'ZNS: access token refreshed');
      return;
    }
    const zaloError = r.kind === 'answer' && r.body && typeof r.body.error === 'number' && r.body.error !== 0 ? r.body.error : null;
    if (r.kind === 'answer' && zaloError !== null) {
      // 4. a definite refusal; after an unanswered attempt, "spent" means that attempt's pair was lost
      const why = resumed && OAUTH_TOKEN_SPENT.has(zaloError) ? 'lost' : 'refused';
      const text = String(r.body!.error_description ?? r.body!.error_name ?? r.body!.message ?? '').slice(0, 200);
      store.save({ ...s, refresh: 'failed', refreshStartedAt: null, tries: 0, nextTryAt: null, failure: { why, code: String(zaloError), text, at: now } });
      this.deps.alerts.raise(ALERT_KEY, { kind: 'zns-token', why, code: String(zaloError) });
      log.error({ code: zaloError, why, text }, 'ZNS: the refresh token was refused; ZNS is stopped until an admin pastes a new one (messages go by SMS)');
      return;
    }
    // no definite answer: a request that never left leaves the token unspent; otherwise it stays "begun" and is asked again
    const delay = backoffDelay(RETRY, s.tries, this.deps.random ?? Math.random);
    const code = r.kind === 'answer' ? `oauth-http-${r.status}` : r.code;
    store.save({ ...s, refresh: r.kind === 'not-sent' && !resumed ? 'idle' : 'begun', nextTryAt: now + delay });
    log.warn({ code, retryInMs: delay }, 'ZNS: token refresh got no answer; will ask again');
  }
}
