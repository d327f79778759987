import type { IncomingMessage } from 'node:http';
import { originAllowed } from '../http/origin.js';

/**
 * Whether a state-changing request may act (docs/decisions/0011-csrf-and-security-headers.md). Both checks must pass:
 * - `Sec-Fetch-Site`, set by every current browser and not settable by a page: `same-origin` (our own pages) or
 *   `none` (typed by the user) pass; `same-site` and `cross-site` pass only from an origin listed in allowedOrigins.
 * - `Origin`, for browsers without Fetch Metadata: absent (not a browser: agents, scripts with API tokens) or our
 *   own host or listed.
 * A cross-site form post therefore cannot act even in a browser that would send the SameSite=Strict cookie.
 * No custom header is required, so the pages need nothing beyond what they send today.
 */
export function sameSiteRequest(req: IncomingMessage, allowedOrigins: string[]): boolean {
  if (!originAllowed(req, allowedOrigins)) return false;
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return true;
  const origin = req.headers.origin;
  return origin !== undefined && allowedOrigins.includes(origin);
}
