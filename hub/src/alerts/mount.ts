import type { Feature } from '../mount.js';
import { namespace } from '../mount.js';
import { alertRoutes, attachAlertsToLive, type AlertsToLive } from './routes.js';
import { alertsJob, checkCountersAfterRatings, type CounterChecks } from './jobs.js';

/**
 * Alerts: the admin route, the badge on /live, a counter's satisfaction checked after its ratings (at most once a second),
 * and the minute job for the other conditions.
 */
export const alertsFeature: Feature = ({ services: { alerts, bus }, guards, log }) => {
  const l = log.child({ module: 'ops' });
  let checks: CounterChecks | null = null;
  return {
    routes: [alertRoutes(alerts, guards.admin, l)],
    sockets(io) {
      attachAlertsToLive(namespace<Record<string, never>, AlertsToLive>(io, '/live'), alerts);
    },
    jobs: [alertsJob(alerts)],
    start() {
      checks = checkCountersAfterRatings(bus, alerts, l);
      alerts.useRatingChecks(checks);
    },
    close() {
      checks?.stop();
    },
  };
};
