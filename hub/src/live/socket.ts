import type { Namespace } from 'socket.io';
import type { HubToLive } from '@onestop/shared';
import type { AuthService } from '../auth/service.js';
import { sessionToken } from '../auth/http.js';
import type { EventBus } from '../events.js';
import type { LiveService } from './service.js';
import { watchSessionLapse } from '../auth/sessionWatch.js';

/**
 * /live: admin pages get a snapshot on connect, then every stored rating and presence change as it happens.
 * Authenticated by an admin's session cookie; when that session ends (sign-out, account disabled) or lapses (too old,
 * idle too long) the socket closes.
 */
export function attachLiveNamespace(
  nsp: Namespace<Record<string, never>, HubToLive, Record<string, never>, { sessionId?: string }>,
  auth: Pick<AuthService, 'authenticate' | 'sessionActive'>,
  live: LiveService,
  bus: EventBus,
  opts: { sessionCheckMs?: number } = {},
): { close(): void } {
  nsp.use((socket, next) => {
    const p = auth.authenticate(sessionToken(socket.request));
    if (p && p.user.role === 'admin') {
      socket.data.sessionId = p.sessionId;
      return next();
    }
    const e = new Error('unauthorized') as Error & { data: unknown };
    e.data = { reason: 'unauthorized' };
    next(e);
  });
  nsp.on('connection', (socket) => {
    socket.emit('live:snapshot', live.snapshot());
  });
  const offs = [
    // with no admin watching (most of the day) nothing is encoded: socket.io encodes a broadcast before it looks for
    // sockets, and under a burst that was one JSON string per rating made for nobody
    bus.on('rating:stored', (r) => nsp.sockets.size > 0 && nsp.emit('live:rating', r)),
    bus.on('device:presence', (p) => nsp.sockets.size > 0 && nsp.emit('live:presence', p)),
    bus.on('auth:session-ended', ({ sessionId }) => {
      for (const s of nsp.sockets.values()) if (s.data.sessionId === sessionId) s.disconnect(true);
    }),
  ];
  // a session also lapses by age or idleness, with no event to say so
  const stopWatch = watchSessionLapse(nsp, auth, (s) => s.disconnect(true), opts.sessionCheckMs);
  return {
    close() {
      stopWatch();
      for (const off of offs) off();
    },
  };
}
