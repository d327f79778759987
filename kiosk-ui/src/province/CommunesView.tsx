import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, seg } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { SecretOnce } from '../admin/SecretOnce';
import { formatDateVi } from '@onestop/shared';
import type { CommuneView } from '@onestop/shared';

/** The communes allowed to send, registering one (its key shown once) and giving one a new key. */
export function CommunesView() {
  const t = useT();
  const [list, setList] = useState<CommuneView[] | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const load = useCallback(async () => {
    const res = await api<CommuneView[]>('GET', '/api/province/communes');
    if (res.ok) setList(res.data);
    else setError(res.reason);
  }, []);
  useEffect(() => void load(), [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await api<{ commune: CommuneView; secret: string }>('POST', '/api/province/communes', { code: code.trim(), name: name.trim() });
    if (!res.ok) return setError(res.reason);
    setSecret({ name: res.data.commune.name, secret: res.data.secret });
    setCode('');
    setName('');
    void load();
  };
  const rotate = async (c: CommuneView) => {
    if (!window.confirm(t.province.rotateConfirm(c.name))) return;
    const res = await api<{ commune: CommuneView; secret: string }>('POST', `/api/province/communes/${seg(c.code)}/rotate-secret`);
    if (!res.ok) return setError(res.reason);
    setSecret({ name: c.name, secret: res.data.secret });
    void load();
  };

  return (
    <section className="adm-card">
      <h2>{t.province.addCommune}</h2>
      <form className="adm-inline-form" onSubmit={(e) => void add(e)} data-testid="add-commune">
        <label className="adm-field">
          <span>{t.province.communeCode}</span>
          <input name="code" value={code} onChange={(e) => setCode(e.target.value)} maxLength={16} required />
        </label>
        <label className="adm-field">
          <span>{t.province.communeName}</span>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </label>
        <button type="submit" className="adm-primary">
          {t.province.add}
        </button>
      </form>
      <ErrorText reason={error} />
      {secret && <SecretOnce title={t.province.secretFor(secret.name)} secret={secret.secret} onClose={() => setSecret(null)} testId="commune-secret" />}
      {list && list.length === 0 && <p className="adm-empty">{t.province.noCommunes}</p>}
      {list && list.length > 0 && (
        <table className="adm-table" data-testid="commune-list">
          <thead>
            <tr>
              <th>{t.province.col.code}</th>
              <th>{t.province.col.name}</th>
              <th>{t.province.col.registered}</th>
              <th>{t.province.col.secretRotated}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.code}>
                <td>{c.code}</td>
                <td>{c.name}</td>
                <td>{formatDateVi(c.createdAt)}</td>
                <td>{formatDateVi(c.secretRotatedAt)}</td>
                <td>
                  <button type="button" className="adm-secondary" onClick={() => void rotate(c)}>
                    {t.province.rotate}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
