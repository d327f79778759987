import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { deviceAdminRoutes, pairingRoutes } from './routes.js';
import { attachDeviceNamespace, type DeviceNamespace } from './socket.js';

/** Pairing, the devices' admin routes, and the /device namespace (agents and kiosks). */
export const devicesFeature: Feature = ({ services: { devices, bus }, guards, log }) => ({
  routes: [pairingRoutes(devices, log.child({ module: 'pairing' })), deviceAdminRoutes(devices, guards.admin, log.child({ module: 'devices' }))],
  sockets(io) {
    attachDeviceNamespace(namespace(io, '/device') as DeviceNamespace, devices, bus, log.child({ module: 'devices' }));
  },
});
