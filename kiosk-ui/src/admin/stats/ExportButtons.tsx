import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import type { ExportJob, ExportRequest, RangeKind, RangeQuery } from '@onestop/shared';

/** A button: what POST /api/admin/exports is asked for, and its label. */
type Choice = Pick<ExportRequest, 'format' | 'kind'> & { label: string; range?: RangeQuery };

/**
 * Export buttons: POST starts a job on the hub, the page polls its progress (rows written / rows to write) and
 * then downloads the finished file (docs/decisions/0030-exports-as-jobs.md).
 */
export function ExportButtons({ range, kind }: { range: RangeQuery; kind: RangeKind }) {
  const t = useT();
  const call = useAdminApi();
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | null>(null);
  useEffect(() => () => void (timer.current && window.clearTimeout(timer.current)), []);

  const choices: Choice[] = [
    { format: 'xlsx', kind: 'stats', label: t.stats.exports.statsXlsx },
    // the monthly report is reachable from every view: from a day, a week, a year or a chosen range it is the report
    // of the month that holds the view's (first) day
    kind === 'month' || kind === 'quarter'
      ? { format: 'xlsx', kind: 'report', label: t.stats.exports.report(kind) }
      : { format: 'xlsx', kind: 'report', label: t.stats.exports.report('month'), range: { kind: 'month', date: range.kind === 'custom' ? range.from : range.date } },
    { format: 'csv', kind: 'ratings', label: t.stats.exports.ratingsCsv },
    { format: 'csv', kind: 'files', label: t.stats.exports.filesCsv },
  ];

  const download = (j: ExportJob) => {
    const a = document.createElement('a');
    a.href = `/api/admin/exports/${encodeURIComponent(j.id)}/file`;
    a.download = j.fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  const poll = (id: string) => {
    timer.current = window.setTimeout(async () => {
      const r = await call<ExportJob>('GET', `/api/admin/exports/${encodeURIComponent(id)}`);
      if (!r.ok) return setError(r.reason);
      setJob(r.data);
      if (r.data.status === 'running') poll(id);
      else if (r.data.status === 'done') download(r.data);
    }, 400);
  };

  const start = async (c: Choice) => {
    setError(null);
    const r = await call<ExportJob>('POST', '/api/admin/exports', { format: c.format, kind: c.kind, range: c.range ?? range });
    if (!r.ok) return setError(r.reason);
    setJob(r.data);
    poll(r.data.id);
  };

  const running = job?.status === 'running';
  return (
    <section className="adm-card stats-exports" data-testid="stats-exports">
      <h2>{t.stats.exports.title}</h2>
      <div className="adm-actions">
        {choices.map((c) => (
          <button key={`${c.format}-${c.kind}`} type="button" className="adm-primary" disabled={running} onClick={() => void start(c)} data-export={`${c.format}-${c.kind}`}>
            {c.label}
          </button>
        ))}
      </div>
      {job && (
        <div className="stats-export-status" data-testid="export-status" data-status={job.status}>
          {job.status === 'running' && (
            <>
              <progress max={Math.max(1, job.total)} value={job.done} />
              <span>{t.stats.exports.running(job.done, job.total)}</span>
            </>
          )}
          {job.status === 'done' && (
            <span>
              {t.stats.exports.done}{' '}
              <button type="button" className="adm-link-button" onClick={() => download(job)}>
                {t.stats.exports.again}
              </button>
            </span>
          )}
          {job.status === 'failed' && <span className="error">{t.stats.exports.failed}</span>}
        </div>
      )}
      <ErrorText reason={error} />
      <p className="adm-meta">{t.stats.exports.note}</p>
    </section>
  );
}
