import { useCallback, useEffect, useState } from 'react';
import type { UserView } from '@onestop/shared';
import { formatDateVi } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { SecretOnce } from '../SecretOnce';
import { useAdminApi } from '../useAdminApi';
import { CreateUserForm } from './CreateUserForm';
import { ProfileEditor } from './ProfileEditor';

/** Accounts: staff and administrators; disable (ends their sessions), enable, reset a password. */
export function AccountsPanel() {
  const t = useT();
  const call = useAdminApi();
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);

  const load = useCallback(async () => {
    const r = await call<UserView[]>('GET', '/api/admin/users');
    if (r.ok) setUsers(r.data);
    else setError(r.reason);
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (u: UserView, what: 'disable' | 'enable' | 'reset-password') => {
    if (what === 'disable' && !window.confirm(t.accounts.confirmDisable(u.displayName))) return;
    if (what === 'reset-password' && !window.confirm(t.accounts.confirmReset(u.displayName))) return;
    const r = await call<UserView | { password: string }>('POST', `/api/admin/users/${encodeURIComponent(u.id)}/${what}`);
    if (!r.ok) return setError(r.reason);
    setError(null);
    if ('password' in r.data) setSecret({ title: t.accounts.newPasswordFor(u.username), value: r.data.password });
    void load();
  };

  return (
    <div className="adm-columns">
      <section className="adm-card" aria-labelledby="users-title">
        <h2 id="users-title">{t.accounts.list}</h2>
        <ErrorText reason={error} />
        {secret ? <SecretOnce title={secret.title} secret={secret.value} onClose={() => setSecret(null)} testId="reset-password" /> : null}
        {users === null ? (
          <p>{t.loading}</p>
        ) : (
          <table className="adm-table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t.accounts.username}</th>
                <th>{t.accounts.displayName}</th>
                <th>{t.accounts.role}</th>
                <th>{t.accounts.state}</th>
                <th>{t.accounts.created}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.map((u) => [
                <tr key={u.id} data-testid="user-row" data-username={u.username} className={u.disabled ? 'row-off' : undefined}>
                  <td>
                    <code translate="no">{u.username}</code>
                  </td>
                  <td>{u.displayName}</td>
                  <td>{t.accounts.roles[u.role]}</td>
                  <td>
                    <span className={`presence ${u.disabled ? 'presence-revoked' : 'presence-online'}`}>{u.disabled ? t.accounts.disabled : t.accounts.active}</span>
                  </td>
                  <td>{formatDateVi(u.createdAt)}</td>
                  <td className="adm-row-actions">
                    {u.disabled ? (
                      <button type="button" className="adm-secondary" onClick={() => void act(u, 'enable')}>
                        {t.accounts.enable}
                      </button>
                    ) : (
                      <button type="button" className="adm-danger" onClick={() => void act(u, 'disable')}>
                        {t.accounts.disable}
                      </button>
                    )}
                    <button type="button" className="adm-link-button" onClick={() => void act(u, 'reset-password')}>
                      {t.accounts.resetPassword}
                    </button>
                  </td>
                </tr>,
                // the title and photo the kiosk shows, on a line of their own so the table keeps its width
                <tr key={`${u.id}-profile`} className={'adm-profile-row' + (u.disabled ? ' row-off' : '')}>
                  <td colSpan={6}>
                    <span className="adm-profile-label">{t.accounts.profile}</span>
                    <ProfileEditor user={u} onSaved={() => void load()} onError={setError} />
                  </td>
                </tr>,
              ])}
            </tbody>
          </table>
        )}
      </section>
      <aside>
        <CreateUserForm onCreated={() => void load()} />
      </aside>
    </div>
  );
}
