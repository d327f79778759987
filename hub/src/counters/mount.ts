import type { Feature } from '../mount.js';
import { counterAdminRoutes } from './routes.js';

export const countersFeature: Feature = ({ services: { counters, devices }, guards, log }) => ({
  routes: [counterAdminRoutes(counters, devices, guards.admin, log.child({ module: 'counters' }))],
});
