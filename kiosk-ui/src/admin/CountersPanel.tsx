import { useCallback, useEffect, useState } from 'react';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { useAdminApi } from './useAdminApi';
import { CreateCounterForm } from './CreateCounterForm';
import { CounterCard } from './CounterCard';
import type { AdminDeviceView, CounterView, DutyEntry } from '@onestop/shared';
import './counters.css';

/** How often the device list (presence, newly paired devices) is refreshed. */
const REFRESH_MS = 5000;

export function CountersPanel() {
  const t = useT();
  const call = useAdminApi();
  const [counters, setCounters] = useState<CounterView[] | null>(null);
  const [devices, setDevices] = useState<AdminDeviceView[]>([]);
  const [duty, setDuty] = useState<DutyEntry[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [c, d, w] = await Promise.all([call<CounterView[]>('GET', '/api/admin/counters'), call<AdminDeviceView[]>('GET', '/api/admin/devices'), call<DutyEntry[]>('GET', '/api/admin/duty')]);
    if (!c.ok) return setError(c.reason);
    if (!d.ok) return setError(d.reason);
    setError(null);
    setCounters(c.data);
    setDevices(d.data);
    if (w.ok) setDuty(w.data);
  }, [call]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="adm-columns">
      <section className="adm-list" id="counters" aria-labelledby="counters-title">
        <h2 id="counters-title">{t.admin.counters}</h2>
        <ErrorText reason={error} />
        {counters === null ? (
          <p>{t.loading}</p>
        ) : counters.length === 0 ? (
          <p className="adm-empty">{t.admin.noCounters}</p>
        ) : (
          counters.map((c) => (
            <CounterCard key={c.id} counter={c} devices={devices.filter((d) => d.counterId === c.id)} onDuty={duty.find((w) => w.counterId === c.id)?.user?.displayName ?? null} onChanged={load} />
          ))
        )}
      </section>
      <aside>
        <CreateCounterForm onCreated={load} />
      </aside>
    </div>
  );
}
