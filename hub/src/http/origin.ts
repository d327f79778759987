import type { IncomingMessage } from 'node:http';

/**
 * Browsers always send Origin on WebSocket and cross-site requests; CORS does not stop a WebSocket, so we check it
 * ourselves. No Origin means a non-browser client (the counter agent), which still needs its token.
 */
export function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    const u = new URL(origin);
    return u.host === req.headers.host;
  } catch {
    return false;
  }
}
