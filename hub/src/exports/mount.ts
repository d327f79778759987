import type { Feature } from '../mount.js';
import { exportRoutes } from './routes.js';

/** Background XLSX/CSV exports; close lets a job in progress finish. */
export const exportsFeature: Feature = ({ services: { exports }, guards, log }) => ({
  routes: [exportRoutes({ exports, requireAdmin: guards.admin, log: log.child({ module: 'stats' }) })],
  start: () => exports.removeLeftovers(),
  close: () => exports.close(),
});
