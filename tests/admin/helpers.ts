import pino from 'pino';
import type { Logger } from '../../hub/src/log.js';
import { MONDAY_9AM, startTestHub, TestClock, type TestHub } from '../kit/index.js';

export { ADMIN_PW, MONDAY_9AM } from '../kit/index.js';

export interface AdminHub extends TestHub {
  auditCount(): number;
}

/**
 * The kit's hub with its configuration loaded the way `hub start` loads it (file → environment → flags), so what the
 * environment sets is locked on the settings page; the admin is signed in before the test starts.
 */
export async function adminHub(opts: { env?: NodeJS.ProcessEnv; clock?: TestClock; log?: Logger; configFile?: Record<string, unknown> } = {}): Promise<AdminHub> {
  const h = await startTestHub({ prefix: 'admin-', clock: opts.clock ?? new TestClock(MONDAY_9AM), log: opts.log, load: { env: opts.env ?? {}, configFile: opts.configFile } });
  await h.admin.signIn();
  const count = () => (h.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
  // entries the test's own requests made: the first administrator's creation (by the hub) is not one of them
  const base = count();
  return { ...h, auditCount: () => count() - base };
}

export interface SettingView {
  key: string;
  value: string | number | null;
  secret: boolean;
  isSet: boolean;
  source: string;
  locked: boolean;
}

/** A real pino logger whose JSON lines are kept, to check what was logged. */
export function capturedLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void out.push(s) });
  return { log, lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export const byKey = (list: SettingView[], key: string) => list.find((s) => s.key === key)!;
