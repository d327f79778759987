import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { LangSwitch } from '../ui/LangSwitch';
import './admin.css';

export function LoginForm({ onSignedIn }: { onSignedIn(): void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    setError(null);
    const res = await api<null>('POST', '/api/admin/login', { password });
    setBusy(false);
    if (res.ok) onSignedIn();
    else {
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
          <span>{t.admin.password}</span>
          <input type="password" name="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorText reason={error} />
        <button type="submit" className="adm-primary" disabled={busy || !password}>
          {busy ? t.admin.signingIn : t.admin.login}
        </button>
      </form>
    </main>
  );
}
