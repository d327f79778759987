import type { Feature } from '../mount.js';
import { settingsRoutes } from './routes.js';

export const settingsFeature: Feature = ({ services: { settings }, guards, log }) => ({
  routes: [settingsRoutes(settings, guards.admin, log.child({ module: 'settings' }))],
});
