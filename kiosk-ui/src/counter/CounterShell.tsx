import { useEffect, type ReactNode } from 'react';
import { useT } from '../i18n';
import { LangSwitch } from '../staff/LangSwitch';
import { useStaffSession } from './session';

/** The counter page's frame: where, who, the quick scan, language, sign-out. */
export function CounterShell({ scan, children }: { scan: ReactNode; children: ReactNode }) {
  const t = useT();
  const { session, logout } = useStaffSession();
  useEffect(() => {
    document.title = `${session.counter?.name ?? t.counter.title} · ${t.appTitle}`;
  }, [session, t]);
  return (
    <div className="cnt">
      <header className="cnt-top">
        <div className="cnt-where">
          <strong>{session.counter?.name ?? t.counter.noCounter}</strong>
          <span data-testid="staff-name">{t.counter.onDuty(session.user.displayName)}</span>
        </div>
        {scan}
        <span className="cnt-spacer" />
        {session.user.role === 'admin' ? (
          <a className="cnt-top-link" href="/admin">
            {t.counter.adminLink}
          </a>
        ) : null}
        <LangSwitch />
        <button type="button" className="cnt-top-link" onClick={() => void logout()}>
          {t.counter.signOut}
        </button>
      </header>
      <main className="cnt-main">{children}</main>
    </div>
  );
}
