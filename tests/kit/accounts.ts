import type { Actor } from '../../hub/src/files/service.js';
import { Client } from './client.js';
import type { TestHub } from './hub.js';

export const STAFF_PW = 'staff-password-for-tests';

/** A staff account (made through the service, with the test hasher), signed in at the counter over HTTP. */
export async function staffClient(h: Pick<TestHub, 'hub' | 'url'>, counterId: string, username = 'canbo1', displayName = 'Nguyễn Thị Lan'): Promise<{ client: Client; userId: string }> {
  const existing = h.hub.services.auth.userByName(username);
  const userId = existing?.id ?? (await h.hub.services.auth.createUser({ username, displayName, role: 'staff', password: STAFF_PW })).user.id;
  const client = new Client(h.url);
  const r = await client.login(username, STAFF_PW, counterId);
  if (r.status !== 200) throw new Error(`staff sign-in failed: ${JSON.stringify(r.body)}`);
  return { client, userId };
}

/**
 * A staff member for service-level tests: written straight into the users table with a hash nobody can sign in
 * with, and the actor the files service sees for them.
 */
export function quickStaff(h: Pick<TestHub, 'hub' | 'clock'>, counterId: string | null, username = 'canbo-test', name = 'Trần Văn Minh'): Actor & { kind: 'user' } {
  const id = `u-${username}`;
  if (!h.hub.services.auth.user(id)) {
    h.hub.services.auth.store.insertUser({ id, username, display_name: name, role: 'staff', password_hash: 'scrypt$17$8$1$AAAA$AAAA', created_at: h.clock.now(), password_changed_at: h.clock.now(), disabled_at: null });
  }
  return { kind: 'user', userId: id, name, counterId };
}
