/** One finding of `hub doctor`: what was checked, how it stands, a stable code naming the case, and the facts behind it. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export type CheckId = 'database' | 'disk' | 'permissions' | 'backup' | 'clock' | 'secrets' | 'sms' | 'upstream' | 'devices' | 'node' | 'timezone';

export type Facts = Record<string, string | number>;

export interface Finding {
  id: CheckId;
  status: CheckStatus;
  /** kebab-case, stable: what the message catalogue and machines read (messages.ts) */
  code: string;
  facts: Facts;
}

export const ok = (id: CheckId, code: string, facts: Facts = {}): Finding => ({ id, status: 'ok', code, facts });
export const warn = (id: CheckId, code: string, facts: Facts = {}): Finding => ({ id, status: 'warn', code, facts });
export const fail = (id: CheckId, code: string, facts: Facts = {}): Finding => ({ id, status: 'fail', code, facts });
