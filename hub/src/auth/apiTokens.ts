import { randomBytes } from 'node:crypto';
import { createTokenRequest, type ApiTokenView, type Clock } from '@onestop/shared';
import { ServiceError } from '../http/errors.js';
import { hashSecret } from '../devices/tokens.js';
import type { AuthStore, ApiTokenRow } from './store.js';
import { parseOr } from '../http/parse.js';

/** Last-used is written at most once a minute per token. */
const TOUCH_EVERY_MS = 60_000;

export interface ApiClient {
  tokenId: string;
  name: string;
}

const toView = (t: ApiTokenRow): ApiTokenView => ({ id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, revoked: t.revoked_at !== null });

/**
 * Tokens for other software (the province's one-stop system, scripts): `Authorization: Bearer hub_…`. 256 random
 * bits, so a fast SHA-256 is enough to store them; the token itself is shown once, when it is made.
 */
export class ApiTokenService {
  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
  ) {}

  create(body: unknown, createdBy: string | null = null): { token: string; view: ApiTokenView } {
    const request = parseOr(createTokenRequest, body, null);
    const token = 'hub_' + randomBytes(32).toString('base64url');
    const row: ApiTokenRow = {
      id: 't-' + randomBytes(5).toString('hex'),
      name: request.name,
      token_hash: hashSecret(token),
      created_at: this.clock.now(),
      created_by: createdBy,
      last_used_at: null,
      revoked_at: null,
    };
    this.store.insertToken(row);
    return { token, view: toView(row) };
  }

  list(): ApiTokenView[] {
    return this.store.tokens().map(toView);
  }

  revoke(id: string): ApiTokenView {
    if (!this.store.revokeToken(id, this.clock.now())) throw new ServiceError('token-not-found', id);
    return this.list().find((t) => t.id === id)!;
  }

  /** The client a bearer token belongs to, or the reason it is refused. */
  authenticate(token: string | undefined): ApiClient {
    if (!token || token.length > 200) throw new ServiceError('unauthorized', 'Authorization: Bearer <token> required');
    const row = this.store.tokenByHash(hashSecret(token));
    if (!row) throw new ServiceError('unauthorized', 'unknown token');
    if (row.revoked_at !== null) throw new ServiceError('token-revoked');
    const now = this.clock.now();
    if (row.last_used_at === null || now - row.last_used_at >= TOUCH_EVERY_MS) this.store.touchToken(row.id, now);
    return { tokenId: row.id, name: row.name };
  }
}
