import { useCallback, useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import type { ContactView } from '@onestop/shared';
import { ContactForm } from './ContactForm';

/** The leaders' and offices' phone numbers published on the kiosk (công khai số điện thoại). */
export function ContactsPanel() {
  const t = useT();
  const call = useAdminApi();
  const [contacts, setContacts] = useState<ContactView[] | null>(null);
  const [editing, setEditing] = useState<ContactView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await call<ContactView[]>('GET', '/api/admin/contacts');
    if (r.ok) setContacts(r.data);
    else setError(r.reason);
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (c: ContactView) => {
    if (!window.confirm(t.contacts.confirmRemove(c.name))) return;
    const r = await call<null>('DELETE', `/api/admin/contacts/${encodeURIComponent(c.id)}`);
    if (!r.ok) return setError(r.reason);
    if (editing?.id === c.id) setEditing(null);
    void load();
  };

  return (
    <div className="adm-columns">
      <section className="adm-card">
        <h2>{t.contacts.listTitle}</h2>
        <p className="adm-meta adm-gap">{t.contacts.hint}</p>
        <ErrorText reason={error} />
        {contacts === null ? (
          <p>{t.loading}</p>
        ) : contacts.length === 0 ? (
          <p className="adm-empty">{t.contacts.none}</p>
        ) : (
          <table className="adm-table" data-testid="contacts-table">
            <thead>
              <tr>
                <th>{t.contacts.position}</th>
                <th>{t.contacts.name}</th>
                <th>{t.contacts.titleLabel}</th>
                <th>{t.contacts.phone}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.id} data-testid="contact-row">
                  <td>{c.position}</td>
                  <td>{c.name}</td>
                  <td>{c.title}</td>
                  <td className="nowrap">{c.phone}</td>
                  <td className="adm-row-actions">
                    <button type="button" className="adm-link-button" onClick={() => setEditing(c)}>
                      {t.procedures.edit}
                    </button>
                    <button type="button" className="adm-link-button" onClick={() => void remove(c)}>
                      {t.contacts.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <aside>
        <ContactForm
          key={editing?.id ?? 'new'}
          editing={editing}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onCancel={() => setEditing(null)}
        />
      </aside>
    </div>
  );
}
