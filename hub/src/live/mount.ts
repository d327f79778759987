import type { HubToLive } from '@onestop/shared';
import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { attachLiveNamespace } from './socket.js';

/** /live: the admin pages' live feed of ratings and presence. */
export const liveFeature: Feature = ({ services: { auth, live, bus }, timing }) => {
  let nsp: { close(): void } | null = null;
  return {
    sockets(io) {
      nsp = attachLiveNamespace(namespace<Record<string, never>, HubToLive, { sessionId?: string }>(io, '/live'), auth, live, bus, { sessionCheckMs: timing.sessionCheckMs });
    },
    close() {
      nsp?.close();
    },
  };
};
