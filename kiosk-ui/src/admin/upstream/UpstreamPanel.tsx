import { useCallback, useEffect, useState } from 'react';
import type { LinkState, SummaryView, UpstreamStatusView } from '@onestop/shared';
import { formatWhen, useT, type Messages } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import './upstream.css';
import { Typed } from '../../ui/Typed';

const REFRESH_MS = 10_000;

/** YYYY-MM-DD → dd/mm/yyyy */
const dmy = (day: string) => day.split('-').reverse().join('/');

function why(t: Messages, reason: string, status: number | null, detail: string | null): string {
  const u = t.upstream;
  const text = u.reasons[reason] ?? reason;
  return [text, status ? u.httpStatus(status) : null, detail].filter(Boolean).join(' · ');
}

/** /admin/upstream: the link, every daily summary with its revision, status, attempts and last result; "send again". */
export function UpstreamPanel() {
  const t = useT();
  const u = t.upstream;
  const call = useAdminApi();
  const [status, setStatus] = useState<UpstreamStatusView | null>(null);
  const [rows, setRows] = useState<SummaryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);

  const load = useCallback(async () => {
    const [s, l] = await Promise.all([call<UpstreamStatusView>('GET', '/api/admin/upstream'), call<SummaryView[]>('GET', '/api/admin/upstream/summaries?limit=200')]);
    if (!s.ok) return setError(s.reason);
    if (!l.ok) return setError(l.reason);
    setStatus(s.data);
    setRows(l.data);
  }, [call]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const test = async () => {
    setTesting(true);
    const r = await call<LinkState>('POST', '/api/admin/upstream/test');
    setTesting(false);
    if (!r.ok) return setError(r.reason);
    setError(null);
    setNotice(null);
    void load();
  };

  const checkNow = async () => {
    const r = await call<{ queued: unknown[] }>('POST', '/api/admin/upstream/check');
    if (!r.ok) return setError(r.reason);
    setError(null);
    setNotice(u.queued(r.data.queued.length));
    void load();
  };

  const resend = async (row: SummaryView) => {
    const r = await call<SummaryView>('POST', `/api/admin/upstream/summaries/${encodeURIComponent(row.date)}/resend`);
    if (!r.ok) return setError(r.reason);
    setError(null);
    setNotice(u.resent(dmy(row.date)));
    void load();
  };

  const link = status?.link;
  return (
    <>
      <section className="adm-card" data-testid="upstream-status">
        <div className="adm-card-head">
          <h2>{u.settingsTitle}</h2>
          {status?.enabled ? (
            <div className="adm-actions">
              <button type="button" className="adm-secondary" onClick={() => void test()} disabled={testing}>
                {testing ? u.testing : u.test}
              </button>
              <button type="button" className="adm-secondary" onClick={() => void checkNow()}>
                {u.checkNow}
              </button>
            </div>
          ) : null}
        </div>
        <ErrorText reason={error} />
        {notice ? (
          <p className="adm-ok" role="status">
            {notice}
          </p>
        ) : null}
        {status === null ? (
          <p>{t.loading}</p>
        ) : (
          <>
            {!status.enabled ? <p className="adm-empty" data-testid="upstream-off">
                <Typed text={u.off} />
              </p> : null}
            <dl className="upstream-facts">
              <dt>{u.url}</dt>
              <dd data-testid="upstream-url">{status.url ?? '—'}</dd>
              <dt>{u.commune}</dt>
              <dd>
                {status.commune.code} · {status.commune.name}
              </dd>
              <dt>{u.sendAt}</dt>
              <dd>{status.sendAt}</dd>
              <dt>{u.lastDueDay}</dt>
              <dd>{dmy(status.lastDueDay)}</dd>
            </dl>
            <h3>{u.linkTitle}</h3>
            <p data-testid="upstream-link" data-ok={link ? String(link.ok) : undefined} className={link && !link.ok ? 'field-error' : undefined}>
              {!link ? u.linkNever : link.ok ? u.linkOk(formatWhen(t, link.at)) : u.linkFailed(formatWhen(t, link.at), why(t, link.reason, link.status, link.detail))}
            </p>
            {status.held ? (
              <p className="field-error" role="alert" data-testid="upstream-held">
                {u.held}
              </p>
            ) : null}
            <p className="adm-meta">{u.counts(status.counts.pending, status.counts.failed, status.counts.sent)}</p>
          </>
        )}
      </section>
      <section className="adm-card" data-testid="upstream-summaries">
        <div className="adm-card-head">
          <h2>{u.listTitle}</h2>
        </div>
        {rows === null ? (
          <p>{t.loading}</p>
        ) : rows.length === 0 ? (
          <p className="adm-empty">{u.none}</p>
        ) : (
          <table className="adm-table">
            <thead>
              <tr>
                <th>{u.date}</th>
                <th>{u.revision}</th>
                <th>{u.statusCol}</th>
                <th>{u.attempts}</th>
                <th>{u.ratings}</th>
                <th>{u.lastResult}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.date}#${r.revision}`} data-testid="upstream-row" data-date={r.date} data-revision={r.revision} data-status={r.status}>
                  <td className="nowrap">{dmy(r.date)}</td>
                  <td>{r.revision}</td>
                  <td>{u.status[r.status]}</td>
                  <td>{r.attempts}</td>
                  <td>{r.ratingsTotal ?? '—'}</td>
                  <td data-testid="upstream-result">
                    {r.status === 'sent' && r.sentAt ? (
                      <span>
                        {u.sentAt(formatWhen(t, r.sentAt))}
                        {r.answer ? ` · ${u.answer[r.answer] ?? r.answer}` : ''}
                      </span>
                    ) : r.lastError ? (
                      <span className={r.status === 'failed' ? 'field-error' : undefined}>
                        {why(t, r.lastError, r.lastStatus, r.lastDetail)} <code>{r.lastError}</code>
                      </span>
                    ) : null}
                    {r.status === 'pending' && r.nextAttemptAt && r.attempts > 0 ? <div className="adm-meta">{u.nextAt(formatWhen(t, r.nextAttemptAt))}</div> : null}
                  </td>
                  <td>
                    {r.status === 'failed' || r.status === 'sent' ? (
                      <button type="button" className="adm-secondary" onClick={() => void resend(r)}>
                        {u.resend}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
