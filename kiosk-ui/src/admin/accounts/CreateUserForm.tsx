import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN, USERNAME_RE, staffTitle, type Role, type UserView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { SecretOnce } from '../SecretOnce';
import { useAdminApi } from '../useAdminApi';

/**
 * A new staff or admin account. Without a password the hub makes one and it is shown here, once. The title (chức
 * danh) is what the kiosk shows under the name while the person is on duty; it may be changed later in the list.
 */
export function CreateUserForm({ onCreated }: { onCreated(): void }) {
  const t = useT();
  const call = useAdminApi();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [password, setPassword] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ username: string; password: string | null } | null>(null);

  const name = username.trim().toLowerCase();
  const nameOk = name === '' || USERNAME_RE.test(name);
  const pwOk = password === '' || password.length >= PASSWORD_MIN;
  // the shared schema the hub checks it with; left empty, the account has no title
  const titleOk = title.trim() === '' || staffTitle.safeParse(title).success;
  const ready = !!name && nameOk && pwOk && titleOk;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !ready) return;
    setBusy(true);
    setError(null);
    const r = await call<{ user: UserView; password: string | null }>('POST', '/api/admin/users', {
      username: name,
      role,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      ...(password ? { password } : {}),
      ...(title.trim() ? { title: title.trim() } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setCreated({ username: r.data.user.username, password: r.data.password });
    setUsername('');
    setDisplayName('');
    setPassword('');
    setTitle('');
    onCreated();
  };

  return (
    <form className="adm-card" onSubmit={(e) => void submit(e)} data-testid="create-user">
      <h2>{t.accounts.createTitle}</h2>
      {created ? (
        created.password ? (
          <SecretOnce title={t.accounts.generatedFor(created.username)} secret={created.password} onClose={() => setCreated(null)} testId="generated-password" />
        ) : (
          <p className="adm-ok" role="status">
            {t.accounts.createdNotice(created.username)}
          </p>
        )
      ) : null}
      <label className="adm-field">
        <span>{t.accounts.username}</span>
        <input name="username" autoComplete="off" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} aria-invalid={!nameOk || undefined} />
        <small className={nameOk ? undefined : 'field-error'}>{t.accounts.usernameHint}</small>
      </label>
      <label className="adm-field">
        <span>{t.accounts.displayName}</span>
        <input name="displayName" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} placeholder={t.accounts.displayNamePlaceholder} />
      </label>
      <label className="adm-field">
        <span>{t.accounts.staffTitle}</span>
        <input name="title" autoComplete="off" maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t.accounts.titlePlaceholder} aria-invalid={!titleOk || undefined} />
        <small className={titleOk ? undefined : 'field-error'}>{t.accounts.titleHint}</small>
      </label>
      <label className="adm-field">
        <span>{t.accounts.role}</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="staff">{t.accounts.roles.staff}</option>
          <option value="admin">{t.accounts.roles.admin}</option>
        </select>
      </label>
      <label className="adm-field">
        <span>{t.accounts.password}</span>
        <input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!pwOk || undefined} />
        <small className={pwOk ? undefined : 'field-error'}>{t.accounts.passwordHint(PASSWORD_MIN)}</small>
      </label>
      <ErrorText reason={error} />
      <button type="submit" className="adm-primary" disabled={busy || !ready}>
        {busy ? t.admin.creating : t.accounts.create}
      </button>
    </form>
  );
}
