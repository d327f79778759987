import type { Feature } from '../mount.js';
import { setupRoutes } from './routes.js';

/** The first day: the checklist's routes, and at start the held SMS checked against the identity as configured now. */
export const setupFeature: Feature = ({ services: { setup }, guards, log }) => ({
  routes: [setupRoutes(setup, guards.admin, log.child({ module: 'setup' }))],
  start() {
    setup.sync();
  },
});
