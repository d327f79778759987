import type { FileEventView } from '@onestop/shared';
import { formatWhen, useT } from '../i18n';
import { formatDay } from '../ui/format';

/** Each change, oldest first: when, what, who, and why. */
export function FileHistory({ history }: { history: FileEventView[] }) {
  const t = useT();
  return (
    <section className="file-history">
      <h3>{t.counter.history}</h3>
      <ol>
        {history.map((e, i) => (
          <li key={i} data-kind={e.kind}>
            <div className="file-history-when">{formatWhen(t, e.at)}</div>
            <strong>{t.counter.eventKind[e.kind]}</strong>
            {e.by ? <span className="cnt-muted"> · {e.by}</span> : null}
            {e.reason ? <div className="file-history-reason">{e.reason}</div> : null}
            {e.newDueDate ? <div className="cnt-muted">{t.counter.dateChange(e.oldDueDate ? formatDay(e.oldDueDate) : '', formatDay(e.newDueDate))}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
