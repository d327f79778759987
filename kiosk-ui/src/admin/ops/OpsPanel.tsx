import { useCallback, useEffect, useState } from 'react';
import { formatWhen, useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';
import type { AlertView, BackupStatus, RetentionStatus } from '@onestop/shared';
import './ops.css';
import { Typed } from '../../ui/Typed';

const size = (bytes: number) => (bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);

/** /admin/ops: open and past alerts, the retention job's last run, the backups. */
export function OpsPanel() {
  return (
    <div className="ops">
      <AlertsSection />
      <RetentionSection />
      <BackupsSection />
    </div>
  );
}

function AlertsSection() {
  const t = useT();
  const call = useAdminApi();
  const [alerts, setAlerts] = useState<AlertView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call<{ open: number; alerts: AlertView[] }>('GET', '/api/admin/alerts?limit=50');
    if (r.ok) setAlerts(r.data.alerts);
    else setError(r.reason);
  }, [call]);
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), 30_000);
    return () => clearInterval(id);
  }, [load]);
  return (
    <section className="adm-card" data-testid="ops-alerts">
      <h2>{t.ops.alertsTitle}</h2>
      <p className="adm-meta adm-gap">{t.ops.alertsIntro}</p>
      <ErrorText reason={error} />
      {alerts === null ? (
        <p>{t.loading}</p>
      ) : alerts.length === 0 ? (
        <p className="adm-empty">{t.ops.noAlerts}</p>
      ) : (
        <ul className="ops-alerts">
          {alerts.map((a) => (
            <li key={a.id} className={a.clearedAt === null ? 'ops-alert ops-alert-open' : 'ops-alert'} data-testid="alert-row" data-kind={a.kind} data-open={a.clearedAt === null}>
              <strong>{t.ops.kinds[a.kind] ?? a.kind}</strong>
              <span>{a.params ? t.ops.alertText(a.params) : a.detail}</span>
              <span className="adm-meta">
                {t.ops.raised(formatWhen(t, a.raisedAt))}
                {' · '}
                {a.clearedAt === null ? t.ops.open : t.ops.cleared(formatWhen(t, a.clearedAt))}
                {a.sms ? ` · ${t.ops.smsSent}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}


/**
 * A status read from `statusPath` and one action (POST `actionPath`) that changes it: loading, the busy flag while
 * the action runs, its refusal by reason code, and reading the status again afterwards. Retention and backups share it.
 */
function useStatusAction<S>(statusPath: string, actionPath: string) {
  const call = useAdminApi();
  const [status, setStatus] = useState<S | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call<S>('GET', statusPath);
    if (r.ok) setStatus(r.data);
    else setError(r.reason);
  }, [call, statusPath]);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async () => {
    setBusy(true);
    setError(null);
    const r = await call('POST', actionPath);
    setBusy(false);
    if (!r.ok) setError(r.reason);
    void load();
  };
  return { status, busy, error, act };
}

function RetentionSection() {
  const t = useT();
  const { status, busy, error, act: runNow } = useStatusAction<RetentionStatus>('/api/admin/retention', '/api/admin/retention/run');
  const last = status?.lastRun ?? null;
  return (
    <section className="adm-card" data-testid="ops-retention">
      <h2>{t.ops.retentionTitle}</h2>
      {status && <p className="adm-meta adm-gap">{t.ops.retentionIntro(status.days)}</p>}
      <ErrorText reason={error} />
      {status === null ? (
        <p>{t.loading}</p>
      ) : (
        <>
          <p data-testid="retention-last">
            <strong>{t.ops.lastRun}: </strong>
            {last ? (
              <>
                {formatWhen(t, last.startedAt)} — {last.error ? t.ops.runError(last.error) : t.ops.removed(last.files, last.smsMessages, last.comments)}
              </>
            ) : (
              t.ops.neverRun
            )}
          </p>
          <p className="adm-meta ops-gap">{t.ops.pending(status.pending)}</p>
          <button type="button" className="adm-secondary" disabled={busy} onClick={() => void runNow()}>
            {busy ? t.ops.running : t.ops.runNow}
          </button>
        </>
      )}
    </section>
  );
}

function BackupsSection() {
  const t = useT();
  const { status, busy, error, act: backupNow } = useStatusAction<BackupStatus>('/api/admin/backups', '/api/admin/backups');
  const last = status?.lastRun ?? null;
  return (
    <section className="adm-card" data-testid="ops-backups">
      <h2>{t.ops.backupsTitle}</h2>
      {status && (
        <p className="adm-meta adm-gap">
          <Typed text={t.ops.backupsIntro(status.keepDaily, status.keepWeekly, status.dir)} />
        </p>
      )}
      <ErrorText reason={error} />
      {status === null ? (
        <p>{t.loading}</p>
      ) : (
        <>
          <p data-testid="backup-last" data-ok={last ? String(last.ok) : ''}>
            <strong>{t.ops.lastBackup}: </strong>
            {last ? (
              <>
                {formatWhen(t, last.at)} ({t.ops.triggers[last.trigger] ?? last.trigger}) —{' '}
                {last.ok ? t.ops.backupOk(last.file ?? '', size(last.bytes ?? 0), last.durationMs ?? 0) : t.ops.backupFailed(last.error ?? '')}
              </>
            ) : (
              t.ops.noBackups
            )}
          </p>
          <button type="button" className="adm-primary" disabled={busy} onClick={() => void backupNow()}>
            {busy ? t.ops.backingUp : t.ops.backupNow}
          </button>
          {status.files.length > 0 && (
            <table className="adm-table ops-backups" data-testid="backup-files">
              <thead>
                <tr>
                  <th>{t.ops.when}</th>
                  <th>{t.ops.file}</th>
                  <th>{t.ops.size}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {status.files.map((f) => (
                  <tr key={f.name} data-testid="backup-row">
                    <td className="nowrap">{formatWhen(t, f.at)}</td>
                    <td>{f.name}</td>
                    <td className="nowrap">{size(f.bytes)}</td>
                    <td>
                      <a href={`/api/admin/backups/${encodeURIComponent(f.name)}`} download>
                        {t.ops.download}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="adm-meta">
            <Typed text={t.ops.restoreHint} />
          </p>
        </>
      )}
    </section>
  );
}
