import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { displayRoutes } from './routes.js';
import { attachDisplayNamespace, type HubToDisplay } from './socket.js';

/** The waiting room's screen: GET /api/display and the public /display namespace (aggregates only). */
export const displayFeature: Feature = ({ services: { display, bus }, clock, log }) => {
  const l = log.child({ module: 'ops' });
  let nsp: { close(): void } | null = null;
  return {
    routes: [displayRoutes(display, l)],
    sockets(io) {
      nsp = attachDisplayNamespace(namespace<Record<string, never>, HubToDisplay>(io, '/display'), display, bus, clock, l.child({ part: 'display' }));
    },
    close() {
      nsp?.close();
    },
  };
};
