import type { Feature } from '../mount.js';
import { procedureAdminRoutes, procedureApiRoutes, procedureReadRoutes } from './routes.js';

/** The procedure catalogue: edited by admins, read by staff, offered to other software. */
export const proceduresFeature: Feature = ({ services: { procedures }, guards, log }) => {
  const l = log.child({ module: 'procedures' });
  return { routes: [procedureAdminRoutes(procedures, guards.admin, l), procedureReadRoutes(procedures, guards.staff, l), procedureApiRoutes(procedures, guards.token, l)] };
};
