import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { deviceAdminRoutes, pairingRoutes } from './routes.js';
import { PairingGuard } from './pairingGuard.js';
import { attachDeviceNamespace, type DeviceNamespace } from './socket.js';

/**
 * Pairing (behind its guessing limits and alert), the devices' admin routes, and the /device namespace (agents and
 * kiosks).
 */
export const devicesFeature: Feature = ({ services: { devices, bus, alerts }, clock, guards, log }) => {
  const pairingLog = log.child({ module: 'pairing' });
  const guard = new PairingGuard(clock, alerts, pairingLog);
  return {
    routes: [pairingRoutes(devices, guard, pairingLog), deviceAdminRoutes(devices, guards.admin, log.child({ module: 'devices' }))],
    sockets(io) {
      attachDeviceNamespace(namespace(io, '/device') as DeviceNamespace, devices, bus, log.child({ module: 'devices' }));
    },
    jobs: [{ name: 'pairing-guessing', cron: '* * * * *', run: () => guard.sweep() }],
  };
};
