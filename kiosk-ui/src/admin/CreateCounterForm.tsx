import { useState, type FormEvent } from 'react';
import { MAX_BUTTONS, MIN_BUTTONS } from '@onestop/shared';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { useAdminApi } from './useAdminApi';
import type { CounterView } from '@onestop/shared';

const BUTTON_CHOICES = Array.from({ length: MAX_BUTTONS - MIN_BUTTONS + 1 }, (_, i) => MIN_BUTTONS + i);

export function CreateCounterForm({ onCreated }: { onCreated(c: CounterView): void }) {
  const t = useT();
  const call = useAdminApi();
  const [name, setName] = useState('');
  const [buttons, setButtons] = useState(4);
  const [minIntervalS, setMinIntervalS] = useState('3');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const res = await call<CounterView>('POST', '/api/admin/counters', { name: name.trim(), buttons, minIntervalS: Number(minIntervalS) });
    setBusy(false);
    if (!res.ok) return setError(res.reason);
    setDone(t.admin.created(res.data.name));
    setName('');
    onCreated(res.data);
  };

  return (
    <form className="adm-card" onSubmit={(e) => void submit(e)} data-testid="create-counter">
      <h2>{t.admin.createTitle}</h2>
      <label className="adm-field">
        <span>{t.admin.counterName}</span>
        <input name="name" required maxLength={60} placeholder={t.admin.counterNamePlaceholder} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="adm-field">
        <span>{t.admin.buttons}</span>
        <select name="buttons" value={buttons} onChange={(e) => setButtons(Number(e.target.value))}>
          {BUTTON_CHOICES.map((n) => (
            <option key={n} value={n}>
              {t.admin.buttonsOption(n)}
            </option>
          ))}
        </select>
      </label>
      <label className="adm-field">
        <span>{t.admin.minInterval}</span>
        <input name="minIntervalS" type="number" min={0} max={600} step="any" required value={minIntervalS} onChange={(e) => setMinIntervalS(e.target.value)} />
        <small>{t.admin.minIntervalHint}</small>
      </label>
      <ErrorText reason={error} />
      {done ? <p className="adm-ok" role="status">{done}</p> : null}
      <button type="submit" className="adm-primary" disabled={busy || !name.trim()}>
        {busy ? t.admin.creating : t.admin.create}
      </button>
    </form>
  );
}
