import type { Namespace } from 'socket.io';
import type { HubToLive } from '@onestop/shared';
import type { AdminAuth } from '../admin/auth.js';
import { ADMIN_COOKIE, readCookie } from '../admin/auth.js';
import type { EventBus } from '../events.js';
import type { LiveService } from './service.js';

/** /live: admin pages get a snapshot on connect, then every stored rating and presence change as it happens. */
export function attachLiveNamespace(nsp: Namespace<Record<string, never>, HubToLive>, auth: AdminAuth, live: LiveService, bus: EventBus): void {
  nsp.use((socket, next) => {
    if (auth.isValid(readCookie(socket.request.headers.cookie, ADMIN_COOKIE))) return next();
    const e = new Error('unauthorized') as Error & { data: unknown };
    e.data = { reason: 'unauthorized' };
    next(e);
  });
  nsp.on('connection', (socket) => {
    socket.emit('live:snapshot', live.snapshot());
  });
  bus.on('rating:stored', (r) => nsp.emit('live:rating', r));
  bus.on('device:presence', (p) => nsp.emit('live:presence', p));
}
