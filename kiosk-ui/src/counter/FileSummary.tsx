import type { FileView } from '@onestop/shared';
import { formatWhen, useT } from '../i18n';
import { formatDay, formatPhone } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

/** Who, what and when, and a warning a day before the appointment or once it has passed. */
export function FileSummary({ file }: { file: FileView }) {
  const t = useT();
  const open = file.status === 'received' || file.status === 'supplement';
  return (
    <div className="file-summary">
      <div className="file-title">
        <h2 data-testid="file-code">{file.code}</h2>
        <StatusBadge status={file.status} late={file.late} />
      </div>
      {open && file.late ? (
        <p className="file-alert file-alert-late" role="alert" data-testid="late-alert">
          {t.counter.lateAlert(formatDay(file.dueDate))}
        </p>
      ) : open && file.dueSoon ? (
        <p className="file-alert file-alert-soon" data-testid="due-soon-alert">
          {t.counter.dueSoonAlert(formatDay(file.dueDate))}
        </p>
      ) : null}
      <dl className="file-facts">
        <div>
          <dt>{t.counter.procedure}</dt>
          <dd>{file.procedure.name}</dd>
        </div>
        <div>
          <dt>{t.counter.citizenName}</dt>
          <dd>{file.citizenName}</dd>
        </div>
        <div>
          <dt>{t.counter.phone}</dt>
          <dd className="nowrap">{file.phone ? formatPhone(file.phone) : t.counter.noPhoneShown}</dd>
        </div>
        <div>
          <dt>{t.counter.receivedAt}</dt>
          <dd>
            {formatWhen(t, file.receivedAt)}
            {file.receivedBy ? ` · ${file.receivedBy.name}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t.counter.dueDate}</dt>
          <dd className={file.late && open ? 'text-late' : undefined}>
            <strong>{formatDay(file.dueDate)}</strong>
            {file.apologies > 0 ? ` · ${t.counter.apologies(file.apologies)}` : ''}
          </dd>
        </div>
        {file.status === 'supplement' && file.supplementReason ? (
          <div>
            <dt>{t.counter.supplementReason}</dt>
            <dd>{file.supplementReason}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
