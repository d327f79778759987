import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiTokenView } from '@onestop/shared';
import { formatWhen, useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { SecretOnce } from '../SecretOnce';
import { useAdminApi } from '../useAdminApi';
import { Typed } from '../../ui/Typed';

/** API tokens for other software (the province's one-stop system, scripts): made here, shown once, revoked here. */
export function TokensPanel() {
  const t = useT();
  const call = useAdminApi();
  const [tokens, setTokens] = useState<ApiTokenView[] | null>(null);
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call<ApiTokenView[]>('GET', '/api/admin/tokens');
    if (r.ok) setTokens(r.data);
    else setError(r.reason);
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !name.trim()) return;
    setBusy(true);
    const r = await call<ApiTokenView & { token: string }>('POST', '/api/admin/tokens', { name: name.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setError(null);
    setFresh({ name: r.data.name, token: r.data.token });
    setName('');
    void load();
  };

  const revoke = async (tk: ApiTokenView) => {
    if (!window.confirm(t.tokens.confirmRevoke(tk.name))) return;
    const r = await call<ApiTokenView>('POST', `/api/admin/tokens/${encodeURIComponent(tk.id)}/revoke`);
    if (!r.ok) return setError(r.reason);
    void load();
  };

  return (
    <section className="adm-card" aria-labelledby="tokens-title" data-testid="tokens">
      <h2 id="tokens-title">{t.tokens.title}</h2>
      <p className="adm-meta adm-gap">
        <Typed text={t.tokens.hint} />
      </p>
      <ErrorText reason={error} />
      {fresh ? <SecretOnce title={t.tokens.createdFor(fresh.name)} secret={fresh.token} onClose={() => setFresh(null)} testId="new-token" /> : null}
      <form className="adm-inline-form" onSubmit={(e) => void create(e)}>
        <label className="adm-field">
          <span>{t.tokens.name}</span>
          <input name="tokenName" maxLength={80} placeholder={t.tokens.namePlaceholder} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="adm-primary" disabled={busy || !name.trim()}>
          {t.tokens.create}
        </button>
      </form>
      {tokens === null ? (
        <p>{t.loading}</p>
      ) : tokens.length === 0 ? (
        <p className="adm-empty">{t.tokens.none}</p>
      ) : (
        <table className="adm-table">
          <thead>
            <tr>
              <th>{t.tokens.name}</th>
              <th>{t.tokens.created}</th>
              <th>{t.tokens.lastUsed}</th>
              <th>{t.accounts.state}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((tk) => (
              <tr key={tk.id} data-testid="token-row" className={tk.revoked ? 'row-off' : undefined}>
                <td>{tk.name}</td>
                <td>{formatWhen(t, tk.createdAt)}</td>
                <td>{tk.lastUsedAt ? formatWhen(t, tk.lastUsedAt) : t.tokens.never}</td>
                <td>
                  <span className={`presence ${tk.revoked ? 'presence-revoked' : 'presence-online'}`}>{tk.revoked ? t.tokens.revoked : t.accounts.active}</span>
                </td>
                <td>
                  {!tk.revoked ? (
                    <button type="button" className="adm-danger" onClick={() => void revoke(tk)}>
                      {t.tokens.revoke}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
