import type { Feature } from '../mount.js';
import { contactAdminRoutes, publicInfoRoutes } from './routes.js';

/** The kiosk's public information (counters, contacts) and the admin's contact list. */
export const publicInfoFeature: Feature = ({ services: { publicInfo, counters }, guards, log }) => {
  const l = log.child({ module: 'publicinfo' });
  return { routes: [publicInfoRoutes(publicInfo, counters, l), contactAdminRoutes(publicInfo, guards.admin, l)] };
};
