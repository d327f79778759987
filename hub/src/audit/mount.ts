import type { Feature } from '../mount.js';
import { auditRoutes } from './routes.js';

export const auditFeature: Feature = ({ services: { audit }, guards, log }) => ({
  routes: [auditRoutes(audit, guards.admin, log.child({ module: 'audit' }))],
});
