import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { deviceAdminRoutes, pairingRoutes } from './routes.js';
import { PairingGuard } from './pairingGuard.js';
import { attachDeviceNamespace, type DeviceNamespace } from './socket.js';
import { KioskDuty } from './duty.js';

/**
 * Pairing (behind its guessing limits and alert), the devices' admin routes, and the /device namespace (agents and
 * kiosks).
 */
export const devicesFeature: Feature = ({ services: { devices, bus, alerts, staffProfiles }, clock, guards, log }) => {
  const pairingLog = log.child({ module: 'pairing' });
  const guard = new PairingGuard(clock, alerts, pairingLog);
  let duty: KioskDuty | null = null;
  return {
    routes: [pairingRoutes(devices, guard, pairingLog), deviceAdminRoutes(devices, guards.admin, log.child({ module: 'devices' }))],
    sockets(io) {
      const nsp = namespace(io, '/device') as DeviceNamespace;
      duty = new KioskDuty(nsp, staffProfiles, bus);
      attachDeviceNamespace(nsp, devices, bus, log.child({ module: 'devices' }), duty);
    },
    jobs: [
      { name: 'pairing-guessing', cron: '* * * * *', run: () => guard.sweep() },
      // a session that lapses by idleness ends without an event: the kiosks look again every minute
      { name: 'kiosk-duty', cron: '* * * * *', run: () => duty?.refresh(null) },
    ],
  };
};
