import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { alertRoutes, attachAlertsToLive, type AlertsToLive } from './routes.js';
import { alertsJob, checkCountersAfterRatings } from './jobs.js';

/**
 * Alerts: the admin route, the badge on /live, a counter's satisfaction checked after its ratings (once per burst),
 * and the minute job for the other conditions.
 */
export const alertsFeature: Feature = ({ services: { alerts, bus }, guards, log }) => {
  const l = log.child({ module: 'ops' });
  let stopChecks: (() => void) | null = null;
  return {
    routes: [alertRoutes(alerts, guards.admin, l)],
    sockets(io) {
      attachAlertsToLive(namespace<Record<string, never>, AlertsToLive>(io, '/live'), alerts);
    },
    jobs: [alertsJob(alerts)],
    start() {
      stopChecks = checkCountersAfterRatings(bus, alerts, l);
    },
    close() {
      stopChecks?.();
    },
  };
};
