import type { Feature } from '../mount.js';
import { upstreamRoutes } from './routes.js';
import { upstreamJob } from './job.js';

/** The daily summary's sender: its admin routes, its send loop (start/close) and the daily tick at the send time. */
export const upstreamFeature: Feature = ({ services: { upstream, settings }, guards, log }) => {
  const l = log.child({ module: 'upstream' });
  return {
    routes: [upstreamRoutes({ upstream, requireAdmin: guards.admin, log: l })],
    // the send time as the admin may have set it in /admin/settings (over the environment's default)
    jobs: [upstreamJob(upstream, settings.upstream().sendAt, log.child({ module: 'jobs' }))],
    start: () => upstream.start(),
    close: () => upstream.close(),
  };
};
