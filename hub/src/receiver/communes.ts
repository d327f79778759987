import { addCommuneRequest, type Clock, type CommuneView } from '@onestop/shared';
import { ServiceError } from '../http/errors.js';
import type { SecretBox } from '../atrest/secretBox.js';
import { newSharedSecret } from './secrets.js';
import type { CommuneRow, ReceiverStore } from './store.js';
import { parseOr } from '../http/parse.js';

export { addCommuneRequest, communeCode, type CommuneView } from '@onestop/shared';

const view = (c: CommuneRow): CommuneView => ({ code: c.code, name: c.name, createdAt: c.created_at, secretRotatedAt: c.secret_rotated_at });

/** The communes allowed to send, and their shared secrets (shown once, when made or rotated). */
export class CommuneService {
  constructor(
    private readonly store: ReceiverStore,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  add(body: unknown): { commune: CommuneView; secret: string } {
    const input = parseOr(addCommuneRequest, body, 'body');
    if (this.store.commune(input.code)) throw new ServiceError('duplicate-code', `commune ${input.code} is already registered`);
    const secret = newSharedSecret();
    const now = this.clock.now();
    const row: CommuneRow = { code: input.code, name: input.name, secret_enc: this.box.seal(secret), created_at: now, secret_rotated_at: now };
    try {
      this.store.insertCommune(row);
    } catch (e) {
      if (/UNIQUE|PRIMARY/.test((e as Error).message)) throw new ServiceError('duplicate-code', `commune ${input.code} is already registered`);
      throw e;
    }
    return { commune: view(row), secret };
  }

  /** A new secret; the old one stops working at once. */
  rotate(code: string): { commune: CommuneView; secret: string } {
    const c = this.store.commune(code);
    if (!c) throw new ServiceError('commune-not-found', code);
    const secret = newSharedSecret();
    const now = this.clock.now();
    this.store.setSecret(code, this.box.seal(secret), now);
    return { commune: view({ ...c, secret_rotated_at: now }), secret };
  }

  list(): CommuneView[] {
    return this.store.communes().map(view);
  }

  /** The commune and its secret in clear, for checking a signature; undefined when unknown. */
  credentials(code: string): { code: string; name: string; secret: string } | undefined {
    const c = this.store.commune(code);
    return c && { code: c.code, name: c.name, secret: this.box.open(c.secret_enc) };
  }
}
