import type { Db } from '../db/open.js';
import { MetaStore } from '../db/meta.js';

/**
 * The ZNS feature's rows in the hub's `settings` table (db/meta.ts): the OA's current token pair and the state of
 * its refresh. The two tokens are secrets: this is the one list of them, for whoever seals secrets at rest.
 */
export const ZNS_SECRET_SETTING_KEYS = ['zns.accessToken', 'zns.refreshToken'] as const;
const ACCESS = ZNS_SECRET_SETTING_KEYS[0];
const REFRESH = ZNS_SECRET_SETTING_KEYS[1];
const STATE = 'zns.refreshState';

export interface TokenFailure {
  /** refused: Zalo refused the refresh token; lost: an earlier refresh's answer was lost and the token was spent */
  why: 'refused' | 'lost';
  code: string;
  text: string;
  at: number;
}

export interface TokenState {
  /** when the access token stops working (hub clock); null: no access token */
  accessExpiresAt: number | null;
  /**
   * idle; begun: a refresh request was (or is being) made and its answer is not in: committed BEFORE the request,
   * so a crash leaves it here and the next start finds it; failed: Zalo refused it (see failure)
   */
  refresh: 'idle' | 'begun' | 'failed';
  refreshStartedAt: number | null;
  /** refresh requests in a row without a definite answer (back-off) */
  tries: number;
  nextTryAt: number | null;
  failure: TokenFailure | null;
  /** a digest of the refresh token last taken from the configuration (ZNS_REFRESH_TOKEN), so it is taken once */
  seedDigest: string | null;
}

const EMPTY: TokenState = { accessExpiresAt: null, refresh: 'idle', refreshStartedAt: null, tries: 0, nextTryAt: null, failure: null, seedDigest: null };

export class ZnsStore {
  private readonly meta: MetaStore;

  constructor(readonly db: Db) {
    this.meta = new MetaStore(db);
  }

  state(): TokenState {
    const raw = this.meta.get(STATE);
    return raw ? { ...EMPTY, ...(JSON.parse(raw) as Partial<TokenState>) } : { ...EMPTY };
  }

  accessToken(): string | null {
    return this.meta.get(ACCESS) ?? null;
  }

  refreshToken(): string | null {
    return this.meta.get(REFRESH) ?? null;
  }

  /** Changes the state (and the tokens, when given) in one committed write. */
  save(state: TokenState, tokens: { access?: string | null; refresh?: string | null } = {}): void {
    this.db.transaction(() => {
      if (tokens.access !== undefined) (tokens.access === null ? this.meta.delete(ACCESS) : this.meta.put(ACCESS, tokens.access));
      if (tokens.refresh !== undefined) (tokens.refresh === null ? this.meta.delete(REFRESH) : this.meta.put(REFRESH, tokens.refresh));
      this.meta.put(STATE, JSON.stringify(state));
    }).immediate();
  }
}

/**
 * ZNS on with no refresh token anywhere (none configured, none in the database): the hub refuses to start naming
 * the variable, as it does for a gateway without its credentials.
 */
export function missingZnsToken(config: { enabled: boolean; refreshToken?: string }, db: Db): string | null {
  if (!config.enabled || config.refreshToken || new ZnsStore(db).refreshToken()) return null;
  return 'ZNS_ENABLED=1 needs ZNS_REFRESH_TOKEN (the refresh token of the OA\'s first authorisation, from the Zalo developer console)';
}
