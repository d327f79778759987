import type { Namespace } from 'socket.io';
import type { HubToStaff } from '@onestop/shared';
import type { EventBus } from '../events.js';
import type { AuthService } from './service.js';
import { sessionToken } from './http.js';
import { watchSessionLapse } from './sessionWatch.js';

export type StaffNamespace = Namespace<Record<string, never>, HubToStaff, Record<string, never>, { sessionId?: string }>;

/**
 * /staff: the counter page listens here to learn at once that its duty ended: a colleague took the counter over
 * (./duty.ts), or the session ended elsewhere (signed out, account disabled) or lapsed (too old, idle too long: looked
 * for every `sessionCheckMs`, as /live does). It hears why, then the socket closes.
 * Authenticated by the session cookie, like /live, for any signed-in person.
 */
export function attachStaffNamespace(
  nsp: StaffNamespace,
  auth: Pick<AuthService, 'authenticate' | 'sessionActive'>,
  bus: EventBus,
  opts: { sessionCheckMs?: number } = {},
): { close(): void } {
  nsp.use((socket, next) => {
    const p = auth.authenticate(sessionToken(socket.request));
    if (p) {
      socket.data.sessionId = p.sessionId;
      return next();
    }
    const e = new Error('unauthorized') as Error & { data: unknown };
    e.data = { reason: 'unauthorized' };
    next(e);
  });
  const endOne = (s: { emit: StaffNamespace['emit']; disconnect(close: boolean): unknown }, reason: 'taken-over' | 'session-ended', by: string | null) => {
    s.emit('staff:duty-ended', { reason, by });
    s.disconnect(true);
  };
  const end = (sessionIds: readonly string[], reason: 'taken-over' | 'session-ended', by: string | null) => {
    for (const s of nsp.sockets.values()) if (s.data.sessionId && sessionIds.includes(s.data.sessionId)) endOne(s, reason, by);
  };
  const offs = [
    // emitted before the session-ended of the same sessions, so the page hears who took over
    bus.on('duty:taken-over', ({ sessionIds, by }) => end(sessionIds, 'taken-over', by)),
    bus.on('auth:session-ended', ({ sessionId }) => end([sessionId], 'session-ended', null)),
  ];
  // a session also lapses by age or idleness, with no event to say so: the page hears it ended, as for a sign-out
  const stopWatch = watchSessionLapse(nsp, auth, (s) => endOne(s, 'session-ended', null), opts.sessionCheckMs);
  return {
    close() {
      stopWatch();
      for (const off of offs) off();
    },
  };
}
