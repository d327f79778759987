import { MONDAY_9AM, quickStaff, startTestHub, TestClock, type TestHub } from '../kit/index.js';
import type { Actor } from '../../hub/src/files/service.js';

export { DAY, MONDAY_9AM } from '../kit/index.js';
export const ADMIN_PW = 'ops-admin-password-1';

export interface OpsHub extends TestHub {
  /** the signed-in admin's session cookie */
  cookie(): Promise<string>;
}

/** The kit's hub on a Monday morning with the real SMS outbox (console gateway, no quiet hours) and the config sections given. */
export async function opsHub(opts: { clock?: TestClock; config?: Record<string, unknown> } = {}): Promise<OpsHub> {
  const h = await startTestHub({ prefix: 'ops-', clock: opts.clock ?? new TestClock(MONDAY_9AM), adminPassword: ADMIN_PW, config: { sms: { quietHours: '' }, ...opts.config } });
  return { ...h, cookie: () => h.admin.signIn() };
}

/** A staff member written straight into the users table (no scrypt), and the actor the files service sees. */
export function staff(h: OpsHub, counterId: string, username = 'canbo-ops', name = 'Trần Văn Minh'): Actor & { kind: 'user' } {
  return quickStaff(h, counterId, username, name);
}
