import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api';
import { useT } from '../i18n';
import { LoginForm } from './LoginForm';

interface AdminSession {
  /** a request came back 'unauthorized': the session expired, show the sign-in form again */
  expired(): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<AdminSession>({ expired: () => {}, logout: async () => {} });
export const useAdminSession = () => useContext(SessionContext);

/** Shows its children to a signed-in admin, the sign-in form to anyone else (GET /api/admin/session decides). */
export function AdminGate({ children }: { children: ReactNode }) {
  const t = useT();
  const [state, setState] = useState<'checking' | 'out' | 'in'>('checking');

  useEffect(() => {
    let live = true;
    void api<{ signedIn: boolean }>('GET', '/api/admin/session').then((r) => {
      if (live) setState(r.ok && r.data.signedIn ? 'in' : 'out');
    });
    return () => {
      live = false;
    };
  }, []);

  const expired = useCallback(() => setState('out'), []);
  const logout = useCallback(async () => {
    await api('POST', '/api/admin/logout');
    setState('out');
  }, []);
  const session = useMemo(() => ({ expired, logout }), [expired, logout]);

  if (state === 'checking') return <p className="adm-loading">{t.loading}</p>;
  if (state === 'out') return <LoginForm onSignedIn={() => setState('in')} />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
