import type { AuthService } from './service.js';

/** What the watch needs of a namespace: its sockets, each with the session it was opened with. */
interface SessionSockets<S> {
  sockets: Map<string, S & { data: { sessionId?: string } }>;
}

export const SESSION_CHECK_MS = 60_000;

/**
 * A session ends with an event (sign-out, account disabled, password changed: `auth:session-ended`), but it also lapses
 * by age or idleness with none: every socket authenticated by a session cookie (/live, /staff) looks now and then and
 * hands each socket whose session no longer admits its holder to `lapsed` (watching is not activity). Stop it with the
 * function it returns.
 */
export function watchSessionLapse<S>(
  nsp: SessionSockets<S>,
  auth: Pick<AuthService, 'sessionActive'>,
  lapsed: (socket: S) => void,
  everyMs = SESSION_CHECK_MS,
): () => void {
  const check = setInterval(() => {
    for (const s of nsp.sockets.values()) if (!s.data.sessionId || !auth.sessionActive(s.data.sessionId)) lapsed(s);
  }, everyMs);
  check.unref();
  return () => clearInterval(check);
}
