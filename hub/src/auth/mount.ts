import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { authRoutes } from './routes.js';
import { attachStaffNamespace, type StaffNamespace } from './staffSocket.js';

/** Staff and admin sign-in, accounts and API tokens; /staff tells a counter page its duty ended. */
export const authFeature: Feature = ({ services: { auth, apiTokens, counters, bus, staffProfiles }, log, timing }) => {
  let staff: { close(): void } | null = null;
  return {
    routes: [authRoutes(auth, apiTokens, counters, log.child({ module: 'auth' }), staffProfiles)],
    sockets(io) {
      staff = attachStaffNamespace(namespace(io, '/staff') as StaffNamespace, auth, bus, { sessionCheckMs: timing.sessionCheckMs });
    },
    close: () => staff?.close(),
  };
};
