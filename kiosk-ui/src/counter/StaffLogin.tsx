import { useEffect, useState, type FormEvent } from 'react';
import type { CounterOccupiedAnswer, SessionView } from '@onestop/shared';
import { api } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { LangSwitch } from '../staff/LangSwitch';
import type { StaffSession } from './session';
import './counter.css';

const LAST = 'onestop.counter.last';

interface Remembered {
  username: string;
  counterId: string;
}

function remembered(): Remembered {
  try {
    const r = JSON.parse(localStorage.getItem(LAST) ?? 'null') as Partial<Remembered> | null;
    return { username: typeof r?.username === 'string' ? r.username : '', counterId: typeof r?.counterId === 'string' ? r.counterId : '' };
  } catch {
    return { username: '', counterId: '' };
  }
}

/**
 * Staff sign in at a counter: from then on the hub knows who is on duty there and credits that counter's ratings
 * to them. The PC usually stays at one counter, so the last counter and username are remembered.
 */
export function StaffLogin({ onSignedIn, hint }: { onSignedIn(s: StaffSession): void; hint?: string }) {
  const t = useT();
  const last = remembered();
  const [counters, setCounters] = useState<{ id: string; name: string }[] | null>(null);
  const [username, setUsername] = useState(last.username);
  const [password, setPassword] = useState('');
  const [counterId, setCounterId] = useState(last.counterId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** someone else is on duty at the chosen counter: who, until the person confirms or cancels */
  const [occupied, setOccupied] = useState<CounterOccupiedAnswer['onDuty'] | null>(null);

  useEffect(() => {
    document.title = `${t.counter.loginTitle} · ${t.appTitle}`;
    void api<{ id: string; name: string }[]>('GET', '/api/public/counters').then((r) => {
      if (!r.ok) return setError(r.reason);
      setCounters(r.data);
      setCounterId((c) => (r.data.some((x) => x.id === c) ? c : r.data.length === 1 ? r.data[0]!.id : ''));
    });
  }, [t]);

  const signIn = async (takeOver: boolean) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await api<SessionView>('POST', '/api/auth/login', { username: username.trim(), password, ...(counterId ? { counterId } : {}), ...(takeOver ? { takeOver } : {}) });
    setBusy(false);
    if (!res.ok && res.reason === 'counter-occupied') {
      // one person on duty per counter: ask before ending a colleague's duty (the password is kept for the confirmation)
      return setOccupied((res as unknown as CounterOccupiedAnswer).onDuty);
    }
    setOccupied(null);
    if (!res.ok || !res.data.user) {
      setPassword('');
      return setError(res.ok ? 'internal-error' : res.reason);
    }
    try {
      localStorage.setItem(LAST, JSON.stringify({ username: username.trim(), counterId }));
    } catch {
      /* private mode */
    }
    onSignedIn({ user: res.data.user, counter: res.data.counter ?? null });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn(false);
  };

  const counterName = counters?.find((c) => c.id === counterId)?.name ?? '';

  return (
    <main className="cnt-login">
      <LangSwitch />
      <form className="cnt-card" onSubmit={submit} data-testid="staff-login">
        <h1>{t.counter.loginTitle}</h1>
        {hint ? <p className="cnt-muted" data-testid="login-hint">{hint}</p> : null}
        <label className="cnt-field">
          <span>{t.counter.counter}</span>
          <select name="counterId" value={counterId} onChange={(e) => setCounterId(e.target.value)} required>
            <option value="">{counters === null ? t.loading : t.counter.chooseCounter}</option>
            {(counters ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {counters?.length === 0 ? <small>{t.counter.noCounters}</small> : null}
        </label>
        <label className="cnt-field">
          <span>{t.counter.username}</span>
          <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} autoFocus={!last.username} value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label className="cnt-field">
          <span>{t.counter.password}</span>
          <input type="password" name="password" autoComplete="current-password" autoFocus={!!last.username} value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <ErrorText reason={error} />
        <button type="submit" className="cnt-primary cnt-wide" disabled={busy || !password || !username.trim() || !counterId}>
          {busy ? t.counter.signingIn : t.counter.signIn}
        </button>
      </form>
      {occupied ? (
        <div className="cnt-takeover" role="alertdialog" aria-modal="true" aria-labelledby="takeover-title" data-testid="take-over-dialog">
          <div className="cnt-card">
            <h2 id="takeover-title">{t.counter.occupiedTitle}</h2>
            <p>{t.counter.occupied(occupied.displayName, counterName)}</p>
            <div className="cnt-takeover-actions">
              <button type="button" onClick={() => setOccupied(null)}>
                {t.counter.cancel}
              </button>
              <button type="button" className="cnt-primary" autoFocus disabled={busy} onClick={() => void signIn(true)}>
                {busy ? t.counter.takingOver : t.counter.takeOver}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </main>
  );
}
