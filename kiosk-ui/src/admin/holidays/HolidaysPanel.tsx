import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { localDay, weekday, type HolidayView } from '@onestop/shared';
import { useT } from '../../i18n';
import { DayField } from '../../ui/DayField';
import { ErrorText } from '../../ui/ErrorText';
import { formatDay } from '../../ui/format';
import { useAdminApi } from '../useAdminApi';

/** Days off (public holidays, days off in exchange) and weekend days worked, by year: appointments skip or use them. */
export function HolidaysPanel() {
  const t = useT();
  const call = useAdminApi();
  const thisYear = Number(localDay(Date.now()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [days, setDays] = useState<HolidayView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'off' | 'work'>('off');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call<HolidayView[]>('GET', `/api/admin/holidays?year=${year}`);
    if (r.ok) setDays(r.data);
    else setError(r.reason);
  }, [call, year]);

  useEffect(() => {
    void load();
  }, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !date || !name.trim()) return;
    setBusy(true);
    const r = await call<HolidayView>('POST', '/api/admin/holidays', { date, name: name.trim(), kind });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setError(null);
    setName('');
    setDate('');
    const y = Number(r.data.date.slice(0, 4));
    if (y !== year) setYear(y);
    else void load();
  };

  const remove = async (h: HolidayView) => {
    if (!window.confirm(t.holidays.confirmRemove(formatDay(h.date), h.name))) return;
    const r = await call<null>('DELETE', `/api/admin/holidays/${h.date}`);
    if (!r.ok) return setError(r.reason);
    void load();
  };

  return (
    <div className="adm-columns">
      <section className="adm-card">
        <div className="adm-card-head">
          <h2>{t.holidays.listTitle(year)}</h2>
          <div className="adm-actions">
            {[thisYear - 1, thisYear, thisYear + 1].map((y) => (
              <button key={y} type="button" className={y === year ? 'adm-primary' : 'adm-secondary'} onClick={() => setYear(y)} aria-pressed={y === year}>
                {y}
              </button>
            ))}
          </div>
        </div>
        <ErrorText reason={error} />
        {days === null ? (
          <p>{t.loading}</p>
        ) : days.length === 0 ? (
          <p className="adm-empty">{t.holidays.none}</p>
        ) : (
          <table className="adm-table" data-testid="holidays-table">
            <thead>
              <tr>
                <th>{t.holidays.date}</th>
                <th>{t.holidays.name}</th>
                <th>{t.holidays.kind}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {days.map((h) => (
                <tr key={h.date} data-testid="holiday-row" data-date={h.date}>
                  <td className="nowrap">
                    {formatDay(h.date)} <span className="adm-meta">{t.weekdays[weekday(h.date)]}</span>
                  </td>
                  <td>{h.name}</td>
                  <td>
                    <span className={`presence ${h.kind === 'off' ? 'presence-revoked' : 'presence-online'}`}>{t.holidays.kinds[h.kind]}</span>
                  </td>
                  <td>
                    <button type="button" className="adm-link-button" onClick={() => void remove(h)}>
                      {t.holidays.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <aside>
        <form className="adm-card" onSubmit={(e) => void add(e)} data-testid="holiday-form">
          <h2>{t.holidays.addTitle}</h2>
          <DayField label={t.holidays.date} value={date} onChange={setDate} name="date" />
          <label className="adm-field">
            <span>{t.holidays.name}</span>
            <input name="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} placeholder={t.holidays.namePlaceholder} />
          </label>
          <label className="adm-field">
            <span>{t.holidays.kind}</span>
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as 'off' | 'work')}>
              <option value="off">{t.holidays.kinds.off}</option>
              <option value="work">{t.holidays.kinds.work}</option>
            </select>
            <small>{t.holidays.kindHint}</small>
          </label>
          <p className="adm-meta adm-gap">{t.holidays.replaceHint}</p>
          <button type="submit" className="adm-primary" disabled={busy || !date || !name.trim()}>
            {t.holidays.add}
          </button>
        </form>
      </aside>
    </div>
  );
}
