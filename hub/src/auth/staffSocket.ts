import type { Namespace } from 'socket.io';
import type { HubToStaff } from '@onestop/shared';
import type { EventBus } from '../events.js';
import type { AuthService } from './service.js';
import { sessionToken } from './http.js';

export type StaffNamespace = Namespace<Record<string, never>, HubToStaff, Record<string, never>, { sessionId?: string }>;

/**
 * /staff: the counter page listens here to learn at once that its duty ended: a colleague took the counter over
 * (./duty.ts), or the session ended elsewhere (signed out, account disabled). It hears why, then the socket closes.
 * Authenticated by the session cookie, like /live, for any signed-in person.
 */
export function attachStaffNamespace(nsp: StaffNamespace, auth: Pick<AuthService, 'authenticate'>, bus: EventBus): { close(): void } {
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
  const end = (sessionIds: readonly string[], reason: 'taken-over' | 'session-ended', by: string | null) => {
    for (const s of nsp.sockets.values()) {
      if (!s.data.sessionId || !sessionIds.includes(s.data.sessionId)) continue;
      s.emit('staff:duty-ended', { reason, by });
      s.disconnect(true);
    }
  };
  const offs = [
    // emitted before the session-ended of the same sessions, so the page hears who took over
    bus.on('duty:taken-over', ({ sessionIds, by }) => end(sessionIds, 'taken-over', by)),
    bus.on('auth:session-ended', ({ sessionId }) => end([sessionId], 'session-ended', null)),
  ];
  return {
    close() {
      for (const off of offs) off();
    },
  };
}
