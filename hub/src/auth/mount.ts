import type { Feature } from '../mount.js';
import { authRoutes } from './routes.js';

/** Staff and admin sign-in, accounts and API tokens. */
export const authFeature: Feature = ({ services: { auth, apiTokens, counters }, log }) => ({
  routes: [authRoutes(auth, apiTokens, counters, log.child({ module: 'auth' }))],
});
