import { useEffect, type ReactNode } from 'react';
import { useT } from '../i18n';
import { Link, usePathname } from '../router';
import { LangSwitch } from '../staff/LangSwitch';
import { useAdminSession } from './session';
import './admin.css';
import { AlertBadge } from './ops/AlertBadge';
import { SetupBanner } from './SetupChecklist';
import { ADMIN_NAV } from './nav';

/** The admin pages' frame: title, navigation between the sections, language, sign-out. */
export function AdminShell({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const path = usePathname();
  const session = useAdminSession();
  useEffect(() => {
    document.title = `${title} · ${t.appTitle}`;
  }, [title, t]);
  const nav = ADMIN_NAV.map((n) => ({ href: n.href, label: n.label(t) }));
  const current = (href: string) => (href === '/admin' ? path === href : path === href || path.startsWith(href + '/'));
  return (
    <div className="adm">
      <header className="adm-top">
        <strong className="adm-brand">{t.appTitle}</strong>
        <nav className="adm-nav">
          {nav.map((n) => (
            <Link key={n.href} href={n.href} className={current(n.href) ? 'active' : undefined} aria-current={current(n.href) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <span className="adm-spacer" />
        <AlertBadge />
        <a className="adm-link-button adm-top-counter" href="/counter">
          {t.admin.navCounter}
        </a>
        <LangSwitch />
        <button type="button" className="adm-link-button" onClick={() => void session.logout()}>
          {t.admin.logout}
        </button>
      </header>
      <main className="adm-main">
        {path !== '/admin' ? <SetupBanner /> : null}
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
