import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ProcedureView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { fold } from '../../ui/format';
import { feeText, processingText } from '../../ui/procedureText';
import { useAdminApi } from '../useAdminApi';
import { CsvImport } from './CsvImport';
import { ProcedureForm } from './ProcedureForm';

/** The procedure catalogue: list (inactive ones greyed), add or edit, take off the counters' list, CSV import. */
export function ProceduresPanel() {
  const t = useT();
  const call = useAdminApi();
  const [list, setList] = useState<ProcedureView[] | null>(null);
  const [editing, setEditing] = useState<ProcedureView | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await call<ProcedureView[]>('GET', '/api/admin/procedures');
    if (r.ok) setList(r.data);
    else setError(r.reason);
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => {
    const words = fold(filter).split(/\s+/).filter(Boolean);
    return (list ?? []).filter((p) => words.every((w) => fold(`${p.code} ${p.name} ${p.field}`).includes(w)));
  }, [list, filter]);

  const setActive = async (p: ProcedureView, active: boolean) => {
    const r = await call<ProcedureView>('PATCH', `/api/admin/procedures/${encodeURIComponent(p.code)}`, { active });
    if (!r.ok) return setError(r.reason);
    setError(null);
    void load();
  };

  return (
    <div className="adm-columns">
      <section className="adm-card" aria-labelledby="proc-title">
        <div className="adm-card-head">
          <h2 id="proc-title">{t.procedures.list(list?.length ?? 0)}</h2>
          <input type="search" className="adm-search" placeholder={t.procedures.filter} aria-label={t.procedures.filter} value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <ErrorText reason={error} />
        {list === null ? (
          <p>{t.loading}</p>
        ) : list.length === 0 ? (
          <p className="adm-empty">{t.procedures.none}</p>
        ) : (
          <table className="adm-table" data-testid="procedures-table">
            <thead>
              <tr>
                <th>{t.procedures.code}</th>
                <th>{t.procedures.name}</th>
                <th>{t.procedures.field}</th>
                <th>{t.procedures.daysShort}</th>
                <th>{t.procedures.fee}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.code} className={p.active ? undefined : 'row-off'} data-testid="procedure-row" data-code={p.code}>
                  <td className="nowrap">
                    <code>{p.code}</code>
                  </td>
                  <td>
                    {p.name}
                    {!p.active ? <span className="adm-meta"> · {t.procedures.inactive}</span> : null}
                  </td>
                  <td>{p.field}</td>
                  <td className="nowrap">{processingText(t, p.processingDays)}</td>
                  <td className="nowrap">{feeText(t, p.fee)}</td>
                  <td className="adm-row-actions">
                    <button type="button" className="adm-link-button" onClick={() => setEditing(p)}>
                      {t.procedures.edit}
                    </button>
                    <button type="button" className="adm-link-button" onClick={() => void setActive(p, !p.active)}>
                      {p.active ? t.procedures.deactivate : t.procedures.activate}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <aside>
        <ProcedureForm
          key={editing?.code ?? 'new'}
          editing={editing}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onCancel={() => setEditing(null)}
        />
        <CsvImport onImported={() => void load()} />
      </aside>
    </div>
  );
}
