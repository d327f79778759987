import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { auditAction, auditChanges, auditTarget, type AuditPage } from '@onestop/shared';
import { formatWhen, useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { DayField } from '../../ui/DayField';
import { useAdminApi } from '../useAdminApi';
import './audit.css';
import { Code, Typed } from '../../ui/Typed';

const PAGE_SIZE = 50;

/**
 * /admin/audit: filter by days, person and kind; paged; CSV and XLSX downloads of the same filter. Every id is shown
 * by the name the hub gives it, instants dd/mm/yyyy HH:mm, fields by their names (shared/src/auditText.ts).
 */
export function AuditPanel() {
  const t = useT();
  const a = t.audit;
  const call = useAdminApi();
  const [filter, setFilter] = useState({ from: '', to: '', actor: '', kind: '' });
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(
    (f: typeof filter, extra: Record<string, string> = {}) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) q.set(k, v);
      return q.toString();
    },
    [],
  );

  const load = useCallback(
    async (f: typeof filter, p: number) => {
      const r = await call<AuditPage>('GET', `/api/admin/audit?${query(f, { page: String(p), pageSize: String(PAGE_SIZE) })}`);
      if (!r.ok) return setError(r.reason);
      setError(null);
      setData(r.data);
      setFilter((cur) => ({ ...cur, from: cur.from || r.data.from, to: cur.to || r.data.to }));
    },
    [call, query],
  );

  useEffect(() => void load(filter, page), [load, page]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    void load(filter, 1);
  };

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const exportQuery = query({ ...filter, from: filter.from || data?.from || '', to: filter.to || data?.to || '' });

  return (
    <section className="audit" data-testid="audit">
      <p className="adm-meta">{a.intro}</p>
      <form className="adm-card audit-filter" onSubmit={submit}>
        <DayField label={a.from} value={filter.from} onChange={(from) => setFilter((f) => ({ ...f, from }))} name="from" />
        <DayField label={a.to} value={filter.to} onChange={(to) => setFilter((f) => ({ ...f, to }))} name="to" />
        <label className="adm-field">
          <span>{a.actor}</span>
          <select name="actor" value={filter.actor} onChange={(e) => setFilter((f) => ({ ...f, actor: e.target.value }))}>
            <option value="">{a.anyActor}</option>
            {(data?.actors ?? []).map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label className="adm-field">
          <span>{a.kind}</span>
          <select name="kind" value={filter.kind} onChange={(e) => setFilter((f) => ({ ...f, kind: e.target.value }))}>
            <option value="">{a.anyKind}</option>
            {(data?.kinds ?? []).map((k) => (
              <option key={k} value={k}>
                {a.kinds[k] ?? k}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="adm-primary">
          {a.show}
        </button>
        <a className="adm-link-button" href={`/api/admin/audit/export.csv?${exportQuery}`} download data-testid="audit-csv">
          {a.exportCsv}
        </a>
        <a className="adm-link-button" href={`/api/admin/audit/export.xlsx?${exportQuery}`} download data-testid="audit-xlsx">
          {a.exportXlsx}
        </a>
      </form>
      <ErrorText reason={error} />
      {!data ? (
        <p>{t.loading}</p>
      ) : data.entries.length === 0 ? (
        <p className="adm-empty">{a.none}</p>
      ) : (
        <>
          <p className="adm-meta">
            {a.total(data.total)} · {a.page(data.page, pages)}
          </p>
          <table className="adm-table audit-table">
            <thead>
              <tr>
                <th>{a.when}</th>
                <th>{a.actor}</th>
                <th>{a.what}</th>
                <th>{a.target}</th>
                <th>
                  {a.before} → {a.after}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-kind={e.kind} data-action={e.action}>
                  <td>{formatWhen(t, e.at)}</td>
                  <td translate="no">{e.actor}</td>
                  <td>
                    {a.kinds[e.kind] ?? e.kind}: {auditAction(e, a.words)}
                  </td>
                  <td>
                    <Typed text={auditTarget(e, data.names, a.words)} />
                  </td>
                  <td>
                    <ul className="audit-diff">
                      {auditChanges(e.before, e.after, data.names, a.words).map((c) => (
                        <li key={c.key}>
                          {c.key ? (
                            <strong>
                              <Typed text={c.field} />:{' '}
                            </strong>
                          ) : null}
                          <span className="audit-before">{c.typed ? <Code>{c.before}</Code> : c.before}</span> →{' '}
                          <span className="audit-after">{c.typed ? <Code>{c.after}</Code> : c.after}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="audit-pager">
            <button type="button" className="adm-link-button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              {a.prev}
            </button>
            <button type="button" className="adm-link-button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              {a.next}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
