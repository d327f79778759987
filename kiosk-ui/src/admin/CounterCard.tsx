import { useState } from 'react';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { useAdminApi } from './useAdminApi';
import { PairingCodePanel } from './PairingCodePanel';
import { DeviceList } from './DeviceList';
import { CounterEditForm } from './CounterEditForm';
import type { AdminDeviceView, CounterView, PairingCodeView } from '@onestop/shared';
import './counters.css';

export function CounterCard({ counter, devices, onDuty, onChanged }: { counter: CounterView; devices: AdminDeviceView[]; onDuty: string | null; onChanged(): void }) {
  const t = useT();
  const call = useAdminApi();
  const [code, setCode] = useState<PairingCodeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);

  const newCode = async () => {
    setBusy(true);
    setError(null);
    const res = await call<PairingCodeView>('POST', `/api/admin/counters/${encodeURIComponent(counter.id)}/pair-code`);
    setBusy(false);
    if (res.ok) setCode(res.data);
    else setError(res.reason);
  };

  return (
    <article className="adm-card counter-card" data-testid="counter-card" data-counter-id={counter.id}>
      <header className="counter-head">
        <div>
          <h3>{counter.name}</h3>
          <p className="adm-meta">
            {t.admin.counterMeta(counter.buttons, counter.minIntervalS)}
          </p>
          <p className="adm-meta" data-testid="on-duty">
            {onDuty ? t.admin.onDuty(onDuty) : t.admin.nobodyOnDuty}
          </p>
        </div>
        <div className="adm-row-actions">
          <button type="button" className="adm-link-button" onClick={() => setEditing((v) => !v)} data-testid="edit-counter-button">
            {t.counterEdit.edit}
          </button>
          <button type="button" className="adm-primary" onClick={() => void newCode()} disabled={busy} data-testid="pair-code-button">
            {t.admin.pairCode}
          </button>
        </div>
      </header>
      {editing ? (
        <CounterEditForm
          counter={counter}
          onDone={(changed) => {
            setEditing(false);
            if (changed) onChanged();
          }}
        />
      ) : null}
      <ErrorText reason={error} />
      {code ? <PairingCodePanel code={code} onClose={() => setCode(null)} /> : null}
      <DeviceList devices={devices} onChanged={onChanged} />
    </article>
  );
}
