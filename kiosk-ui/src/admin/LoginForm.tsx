import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { LangSwitch } from '../staff/LangSwitch';
import './admin.css';

const LAST_USER = 'onestop.admin.username';

function lastUser(): string {
  try {
    return localStorage.getItem(LAST_USER) ?? '';
  } catch {
    return '';
  }
}

/** Administrators sign in with their account (POST /api/admin/login); staff accounts are refused here. */
export function LoginForm({ onSignedIn }: { onSignedIn(): void }) {
  const t = useT();
  const [username, setUsername] = useState(lastUser);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || !username.trim() || busy) return;
    setBusy(true);
    setError(null);
    const res = await api<null>('POST', '/api/admin/login', { username: username.trim(), password });
    setBusy(false);
    if (res.ok) {
      try {
        localStorage.setItem(LAST_USER, username.trim());
      } catch {
        /* private mode */
      }
      onSignedIn();
    } else {
      setError(res.reason);
      setPassword('');
    }
  };

  return (
    <main className="adm-login">
      <LangSwitch />
      <form onSubmit={(e) => void submit(e)} className="adm-card" data-testid="login-form">
        <h1>{t.admin.loginTitle}</h1>
        <label className="adm-field">
          <span>{t.admin.username}</span>
          <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} autoFocus={!username} value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="adm-field">
          <span>{t.admin.password}</span>
          <input type="password" name="password" autoComplete="current-password" autoFocus={!!username} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorText reason={error} />
        {error === 'forbidden' ? (
          <p className="adm-meta">
            {t.admin.staffGoToCounter} <a href="/counter">/counter</a>
          </p>
        ) : null}
        <button type="submit" className="adm-primary" disabled={busy || !password || !username.trim()}>
          {busy ? t.admin.signingIn : t.admin.login}
        </button>
      </form>
    </main>
  );
}
