import type { Feature } from '../mount.js';
import { smsRoutes } from './routes.js';

/** The SMS outbox: its admin routes and delivery callbacks; the worker runs from start to close. */
export const smsFeature: Feature = ({ services: { sms }, guards, log }) => ({
  routes: [smsRoutes({ sms, requireAdmin: guards.admin, log: log.child({ module: 'sms' }) })],
  start: () => sms.start(),
  close: () => sms.close(),
});
