import type { Feature } from '../mount.js';
import { znsRoutes } from './routes.js';

/** Zalo ZNS: its admin routes and webhook; the token loop runs from start to close (the SMS worker sends). */
export const znsFeature: Feature = ({ services: { zns }, guards, log }) => ({
  routes: [znsRoutes(zns, guards.admin, log.child({ module: 'zns' }))],
  start: () => zns.start(),
  close: () => zns.close(),
});
