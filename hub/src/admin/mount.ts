import type { Feature } from '../mount.js';
import { adminRoutes } from './routes.js';

/** The admin page's door (sign-in, session) and its read-only views. */
export const adminFeature: Feature = ({ services: { auth, live, settings }, db, clock, log }) => ({
  routes: [adminRoutes({ auth, live, db, clock, commune: settings.liveCommune, log: log.child({ module: 'admin' }) })],
});
