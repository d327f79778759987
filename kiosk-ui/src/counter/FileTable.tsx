import { formatDateVi, formatTimeVi, type FileView } from '@onestop/shared';
import { useT } from '../i18n';
import { formatDay, listPhone } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { NEEDS_FORM, nextAction, type ActionKind } from './nextAction';

/**
 * Files in a list: a late one red, one due on the next working day amber. The row opens the file; the button at
 * the end does the next step at once when it needs nothing more (ready, returned). Phones are masked. The phone
 * and the time of reception sit under the name and the date, so that the whole row, its button included, fits the
 * list's column on a 1280 px screen (tests/browser/counter-layout.test.ts).
 */
export function FileTable({ files, onOpen, onQuick, busyCode }: { files: FileView[]; onOpen(code: string): void; onQuick(f: FileView, a: ActionKind): void; busyCode: string | null }) {
  const t = useT();
  if (files.length === 0) return <p className="cnt-muted cnt-empty">{t.counter.emptyList}</p>;
  return (
    <div className="table-scroll">
      <table className="file-table" data-testid="file-table">
        <thead>
          <tr>
            <th>{t.counter.col.code}</th>
            <th>{t.counter.col.procedure}</th>
            <th>
              {t.counter.col.citizen}
              <small className="cell-line">{t.counter.col.phone}</small>
            </th>
            <th>{t.counter.col.received}</th>
            <th>{t.counter.col.due}</th>
            <th>{t.counter.col.status}</th>
            <th>
              <span className="sr-only">{t.counter.col.action}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => {
            const open = f.status === 'received' || f.status === 'supplement';
            const next = nextAction(f);
            const quick = next && !NEEDS_FORM.has(next) ? next : null;
            return (
              <tr key={f.id} className={open && f.late ? 'row-late' : open && f.dueSoon ? 'row-soon' : undefined} data-testid="file-row" data-code={f.code}>
                <td>
                  <button type="button" className="cnt-link code-link" onClick={() => onOpen(f.code)}>
                    {f.code}
                  </button>
                </td>
                <td>{f.procedure.name}</td>
                <td>
                  {f.citizenName}
                  <small className="cell-line nowrap cnt-muted" data-testid="row-phone">
                    {f.phone ? listPhone(f.phone) : '—'}
                  </small>
                </td>
                <td className="nowrap">
                  {formatDateVi(f.receivedAt)}
                  <small className="cell-line cnt-muted">{formatTimeVi(f.receivedAt)}</small>
                </td>
                <td className="nowrap">{formatDay(f.dueDate)}</td>
                <td>
                  <StatusBadge status={f.status} late={open && f.late} />
                </td>
                <td className="row-action">
                  {quick ? (
                    <button type="button" className="cnt-secondary cnt-small" disabled={busyCode === f.code} onClick={() => onQuick(f, quick)} data-testid={`row-${quick}`}>
                      {t.counter.actions[quick]}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
