import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { Link, usePathname } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { LangSwitch } from '../staff/LangSwitch';
import { DayField } from '../ui/DayField';
import { CommunesView } from './CommunesView';
import { AppendixView, ReportView } from './ReportView';
import { PRESETS, dmy, presetRange, type Range } from './range';
import type { ProvinceReport, SessionView } from '@onestop/shared';
import '../admin/admin.css';
import './province.css';

function Login({ onSignedIn }: { onSignedIn(): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await api<unknown>('POST', '/api/province/login', { username: username.trim(), password });
    if (res.ok) onSignedIn();
    else {
      setError(res.reason);
      setPassword('');
    }
  };
  return (
    <main className="adm-login">
      <LangSwitch />
      <form className="adm-card" onSubmit={(e) => void submit(e)} data-testid="province-login">
        <h1>{t.province.loginTitle}</h1>
        <label className="adm-field">
          <span>{t.province.username}</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="adm-field">
          <span>{t.province.password}</span>
          <input type="password" name="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorText reason={error} />
        <button type="submit" className="adm-primary">
          {t.province.signIn}
        </button>
      </form>
    </main>
  );
}

const qs = (r: Range) => `from=${r.from}&to=${r.to}`;

/** /province (figures), /province/appendix (the seeds' appendix table), /province/communes (who may send). */
export function ProvincePage() {
  const { t } = useI18n();
  const path = usePathname();
  const [session, setSession] = useState<SessionView | null>(null);
  const [range, setRange] = useState<Range>(() => presetRange('thisQuarter', Date.now()));
  const [draft, setDraft] = useState<Range>(range);
  const [report, setReport] = useState<ProvinceReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadSession = useCallback(async () => {
    const res = await api<SessionView>('GET', '/api/province/session');
    setSession(res.ok ? res.data : { signedIn: false });
  }, []);
  useEffect(() => void loadSession(), [loadSession]);
  useEffect(() => {
    document.title = `${t.province.title} · ${t.province.brand}`;
  }, [t]);
  useEffect(() => {
    if (!session?.signedIn || path === '/province/communes') return;
    let stale = false;
    setError(null);
    void api<ProvinceReport>('GET', `/api/province/report?${qs(range)}`).then((res) => {
      if (stale) return;
      if (res.ok) setReport(res.data);
      else if (res.reason === 'unauthorized') setSession({ signedIn: false });
      else setError(res.reason);
    });
    return () => {
      stale = true;
    };
  }, [session, range, path]);

  if (!session) return <p className="adm-loading">{t.loading}</p>;
  if (!session.signedIn) return <Login onSignedIn={() => void loadSession()} />;

  const logout = async () => {
    await api('POST', '/api/province/logout');
    setSession({ signedIn: false });
  };
  const nav = [
    { href: '/province', label: t.province.navReport },
    { href: '/province/appendix', label: t.province.navAppendix },
    { href: '/province/communes', label: t.province.navCommunes },
  ];
  const choose = (r: Range) => {
    setDraft(r);
    setRange(r);
  };
  return (
    <div className="adm">
      <header className="adm-top">
        <strong className="adm-brand">{t.province.brand}</strong>
        <nav className="adm-nav">
          {nav.map((n) => (
            <Link key={n.href} href={n.href} className={path === n.href ? 'active' : undefined} aria-current={path === n.href ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <span className="adm-spacer" />
        <LangSwitch />
        <button type="button" className="adm-link-button" onClick={() => void logout()}>
          {t.province.signOut}
        </button>
      </header>
      <main className="adm-main">
        <h1>{path === '/province/communes' ? t.province.navCommunes : path === '/province/appendix' ? t.province.navAppendix : t.province.title}</h1>
        {path === '/province/communes' ? (
          <CommunesView />
        ) : (
          <>
            <section className="adm-card prov-range">
              <div className="adm-actions">
                {PRESETS.map((p) => (
                  <button key={p} type="button" className="adm-secondary" onClick={() => choose(presetRange(p, Date.now()))}>
                    {t.province.presets[p]}
                  </button>
                ))}
              </div>
              <form
                className="adm-inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (draft.from && draft.to) setRange(draft);
                }}
              >
                <DayField label={t.province.from} name="from" value={draft.from} onChange={(from) => setDraft((d) => ({ ...d, from }))} />
                <DayField label={t.province.to} name="to" value={draft.to} onChange={(to) => setDraft((d) => ({ ...d, to }))} />
                <button type="submit" className="adm-primary">
                  {t.province.show}
                </button>
              </form>
              <p className="adm-meta" data-testid="period">
                {t.province.period(dmy(range.from), dmy(range.to))}
              </p>
              <div className="adm-actions">
                <a className="adm-secondary" href={`/api/province/export.xlsx?${qs(range)}`} download>
                  {t.province.exportXlsx}
                </a>
                <a className="adm-secondary" href={`/api/province/export.csv?${qs(range)}`} download>
                  {t.province.exportCsv}
                </a>
                <a className="adm-secondary" href={`/api/province/export.csv?kind=days&${qs(range)}`} download>
                  {t.province.exportCsvDays}
                </a>
              </div>
            </section>
            <ErrorText reason={error} />
            {report && (path === '/province/appendix' ? <AppendixView report={report} /> : <ReportView report={report} />)}
          </>
        )}
      </main>
    </div>
  );
}
