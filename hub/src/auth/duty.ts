import type { AuditService } from '../audit/service.js';
import { ServiceError } from '../http/errors.js';
import type { AuthStore, UserRow } from './store.js';

/**
 * One person on duty per counter (issue 11, finding 6). Ratings at a counter are credited to whoever is on duty there
 * (docs/decisions/0014), and the newest session used to win: a colleague signing in at an occupied counter silently
 * took the credit. Now such a sign-in is answered with who is there, and goes ahead only when the person confirms;
 * the others' sessions at that counter then end ('taken-over'), their pages hear it live (./staffSocket.ts), and the
 * audit log records it. docs/decisions/0088-one-person-on-duty-per-counter.md.
 */

/** A sign-in at a counter where someone else is on duty, not confirmed: says who is there. */
export class CounterOccupied extends ServiceError {
  constructor(readonly onDuty: { displayName: string; since: number }) {
    super('counter-occupied', `${onDuty.displayName} is on duty at this counter; sign in with takeOver to take it over`);
  }
}

export interface TakeOver {
  counterId: string;
  /** the sessions ended, and whose they were */
  ended: { sessionId: string; userId: string; username: string; displayName: string }[];
}

/**
 * Inside the sign-in's transaction, before the new session is written: the others on duty at the counter now (their
 * sessions open, not past their age or idle limits). None: null. Some, not confirmed: CounterOccupied. Confirmed:
 * their sessions end, the audit log gets one entry, and what was ended is answered (the caller announces it after
 * the commit).
 */
export function takeCounter(
  store: AuthStore,
  audit: Pick<AuditService, 'record'> | undefined,
  o: { counterId: string; user: UserRow; at: number; idleMs: number; confirmed: boolean },
): TakeOver | null {
  const others = store.onDutyAt(o.counterId, o.at, o.idleMs).filter((s) => s.user_id !== o.user.id);
  if (others.length === 0) return null;
  if (!o.confirmed) throw new CounterOccupied({ displayName: others[0]!.display_name, since: others[0]!.created_at });
  for (const s of others) store.endSession(s.id, o.at, 'taken-over');
  const ended = others.map((s) => ({ sessionId: s.id, userId: s.user_id, username: s.username, displayName: s.display_name }));
  const who = (u: { userId: string; username: string; displayName: string }) => ({ userId: u.userId, username: u.username, displayName: u.displayName });
  audit?.record(
    { id: o.user.id, name: o.user.username },
    {
      kind: 'duty',
      action: 'take-over',
      target: o.counterId,
      before: { onDuty: ended.map(who) },
      after: { onDuty: [who({ userId: o.user.id, username: o.user.username, displayName: o.user.display_name })] },
    },
  );
  return { counterId: o.counterId, ended };
}
