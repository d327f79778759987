import { useState, type FormEvent } from 'react';
import { PUBLIC_PHONE_RE, type ContactView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';

export function ContactForm({ editing, onSaved, onCancel }: { editing: ContactView | null; onSaved(): void; onCancel(): void }) {
  const t = useT();
  const call = useAdminApi();
  const [name, setName] = useState(editing?.name ?? '');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [phone, setPhone] = useState(editing?.phone ?? '');
  const [position, setPosition] = useState(editing ? String(editing.position) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const phoneOk = phone.trim() === '' || PUBLIC_PHONE_RE.test(phone.trim());
  const valid = name.trim() && title.trim() && phone.trim() && phoneOk;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !valid) return;
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), title: title.trim(), phone: phone.trim(), ...(position.trim() !== '' ? { position: Number(position) } : {}) };
    const r = editing ? await call<ContactView>('PUT', `/api/admin/contacts/${encodeURIComponent(editing.id)}`, body) : await call<ContactView>('POST', '/api/admin/contacts', body);
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setName('');
    setTitle('');
    setPhone('');
    setPosition('');
    onSaved();
  };

  return (
    <form className="adm-card" onSubmit={(e) => void submit(e)} data-testid="contact-form">
      <h2>{editing ? t.contacts.editTitle : t.contacts.addTitle}</h2>
      <label className="adm-field">
        <span>{t.contacts.name}</span>
        <input name="name" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder={t.contacts.namePlaceholder} />
      </label>
      <label className="adm-field">
        <span>{t.contacts.titleLabel}</span>
        <input name="title" maxLength={160} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t.contacts.titlePlaceholder} />
      </label>
      <label className="adm-field">
        <span>{t.contacts.phone}</span>
        <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="0203 3825 123" aria-invalid={!phoneOk || undefined} />
        <small className={phoneOk ? undefined : 'field-error'}>{t.contacts.phoneHint}</small>
      </label>
      <label className="adm-field">
        <span>{t.contacts.position}</span>
        <input name="position" type="number" min={0} max={999} value={position} onChange={(e) => setPosition(e.target.value)} />
        <small>{t.contacts.positionHint}</small>
      </label>
      <ErrorText reason={error} />
      <div className="adm-actions">
        <button type="submit" className="adm-primary" disabled={busy || !valid}>
          {editing ? t.procedures.save : t.contacts.add}
        </button>
        {editing ? (
          <button type="button" className="adm-link-button" onClick={onCancel}>
            {t.admin.cancel}
          </button>
        ) : null}
      </div>
    </form>
  );
}
