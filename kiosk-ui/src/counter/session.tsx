import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { HubToStaff, SessionView } from '@onestop/shared';
import { api, type ApiResult, type Method } from '../api';
import { useT } from '../i18n';
import { StaffLogin } from './StaffLogin';

export type StaffSession = Required<Pick<SessionView, 'user'>> & { counter: { id: string; name: string } | null };

interface StaffContext {
  session: StaffSession;
  /** a request came back 'unauthorized': show the sign-in form again */
  expired(): void;
  logout(): Promise<void>;
}

const Ctx = createContext<StaffContext | null>(null);

export function useStaffSession(): StaffContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useStaffSession outside StaffGate');
  return c;
}

/** `api` for the counter page: an 'unauthorized' answer sends the person back to the sign-in form. */
export function useStaffApi() {
  const { expired } = useStaffSession();
  return useCallback(
    async <T,>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> => {
      const res = await api<T>(method, path, body);
      if (!res.ok && res.reason === 'unauthorized') expired();
      return res;
    },
    [expired],
  );
}

/** Shows its children to someone signed in (staff or admin), the counter sign-in form to anyone else. */
export function StaffGate({ children, loginHint }: { children: ReactNode; loginHint?: string }) {
  const t = useT();
  const [session, setSession] = useState<StaffSession | null | 'checking'>('checking');
  /** why the last duty ended (a colleague took over), shown above the sign-in form */
  const [ended, setEnded] = useState<string | null>(null);

  const check = useCallback(async () => {
    const r = await api<SessionView>('GET', '/api/auth/session');
    setSession(r.ok && r.data.signedIn && r.data.user ? { user: r.data.user, counter: r.data.counter ?? null } : null);
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const signedIn = session !== null && session !== 'checking';
  // /staff: the hub says at once when this duty ends (a colleague took the counter over, or the session ended elsewhere)
  useEffect(() => {
    if (!signedIn) return;
    const socket: Socket<HubToStaff> = io('/staff', { transports: ['websocket', 'polling'], tryAllTransports: true, withCredentials: true });
    socket.on('staff:duty-ended', (e) => {
      setEnded(e.reason === 'taken-over' && e.by ? t.counter.takenOver(e.by) : t.counter.dutyEnded);
      setSession(null);
    });
    return () => {
      socket.close();
    };
  }, [signedIn, t]);

  const expired = useCallback(() => setSession(null), []);
  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout');
    setSession(null);
  }, []);
  const value = useMemo(() => (session && session !== 'checking' ? { session, expired, logout } : null), [session, expired, logout]);

  if (session === 'checking') return <p className="cnt-loading">{t.loading}</p>;
  if (!value)
    return (
      <StaffLogin
        onSignedIn={(s) => {
          setEnded(null);
          setSession(s);
        }}
        hint={ended ?? loginHint}
      />
    );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
