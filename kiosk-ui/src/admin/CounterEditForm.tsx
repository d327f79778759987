import { useState, type FormEvent } from 'react';
import { MAX_BUTTONS, MIN_BUTTONS } from '@onestop/shared';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { useAdminApi } from './useAdminApi';
import type { CounterView } from '@onestop/shared';

const BUTTON_CHOICES = Array.from({ length: MAX_BUTTONS - MIN_BUTTONS + 1 }, (_, i) => MIN_BUTTONS + i);

/** Rename a counter, or change the scale and minimum interval new devices start with. */
export function CounterEditForm({ counter, onDone }: { counter: CounterView; onDone(changed: boolean): void }) {
  const t = useT();
  const e = t.counterEdit;
  const call = useAdminApi();
  const [name, setName] = useState(counter.name);
  const [buttons, setButtons] = useState(counter.buttons);
  const [minIntervalS, setMinIntervalS] = useState(String(counter.minIntervalS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const body: Record<string, unknown> = {};
    if (name.trim() !== counter.name) body.name = name.trim();
    if (buttons !== counter.buttons) body.buttons = buttons;
    if (Number(minIntervalS) !== counter.minIntervalS) body.minIntervalS = Number(minIntervalS);
    if (Object.keys(body).length === 0) return onDone(false);
    setBusy(true);
    const r = await call<CounterView>('PATCH', `/api/admin/counters/${encodeURIComponent(counter.id)}`, body);
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    onDone(true);
  };

  return (
    <form className="adm-card counter-edit" onSubmit={(ev) => void submit(ev)} data-testid="counter-edit">
      <h4>{e.editCounter}</h4>
      <label className="adm-field">
        <span>{t.admin.counterName}</span>
        <input name="name" required maxLength={60} value={name} onChange={(ev) => setName(ev.target.value)} />
      </label>
      <label className="adm-field">
        <span>{t.admin.buttons}</span>
        <select name="buttons" value={buttons} onChange={(ev) => setButtons(Number(ev.target.value))}>
          {BUTTON_CHOICES.map((n) => (
            <option key={n} value={n}>
              {t.admin.buttonsOption(n)}
            </option>
          ))}
        </select>
      </label>
      <label className="adm-field">
        <span>{t.admin.minInterval}</span>
        <input name="minIntervalS" type="number" min={0} max={600} step="any" required value={minIntervalS} onChange={(ev) => setMinIntervalS(ev.target.value)} />
      </label>
      <small className="adm-meta">{e.defaultsHint}</small>
      <ErrorText reason={error} />
      <div className="adm-row-actions">
        <button type="button" className="adm-link-button" onClick={() => onDone(false)}>
          {e.cancel}
        </button>
        <button type="submit" className="adm-primary" disabled={busy || !name.trim()}>
          {e.save}
        </button>
      </div>
    </form>
  );
}
