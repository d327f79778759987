import type { Feature } from '../mount.js';
import { statsRoutes } from './routes.js';

export const statsFeature: Feature = ({ services: { stats }, guards, log }) => ({
  routes: [statsRoutes({ stats, requireAdmin: guards.admin, log: log.child({ module: 'stats' }) })],
});
