import { useEffect, useRef, useState } from 'react';
import type { FileView, WorkCalendar } from '@onestop/shared';
import { seg } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { ACTION_TARGET, NEEDS_FORM, actionsFor, nextAction, type ActionKind } from './nextAction';
import { ReasonForm, type ReasonKind } from './ReasonForm';
import { useStaffApi } from './session';

/**
 * One button per change that makes sense now. The next sensible one is first, highlighted, and takes the focus
 * when the file was opened by a scan, so Enter does it. Those that need a reason open a small form in place.
 */
export function FileActions({
  file,
  calendar,
  focusKey,
  onDone,
}: {
  file: FileView;
  calendar: WorkCalendar;
  /** changes each time the file is opened by a scan or search: the next action takes the focus */
  focusKey: number;
  onDone(file: FileView, action: ActionKind): void;
}) {
  const t = useT();
  const call = useStaffApi();
  const [form, setForm] = useState<ReasonKind | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const next = nextAction(file);
  const actions = actionsFor(file);
  const ordered = next ? [next, ...actions.filter((a) => a !== next)] : actions;

  useEffect(() => {
    setForm(null);
    setError(null);
  }, [file.code, file.status]);

  useEffect(() => {
    if (focusKey > 0) nextRef.current?.focus();
  }, [focusKey, file.code]);

  const perform = async (action: ActionKind, reason?: string, newDueDate?: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await call<FileView>('POST', `/api/staff/files/${seg(file.code)}/status`, {
      status: ACTION_TARGET[action],
      ...(reason ? { reason } : {}),
      ...(newDueDate ? { newDueDate } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setForm(null);
    onDone(r.data, action);
  };

  if (ordered.length === 0) return <p className="cnt-muted">{t.counter.closedFile}</p>;

  return (
    <div className="file-actions" data-testid="file-actions">
      <div className="file-actions-row">
        {ordered.map((a) => {
          const isNext = a === next;
          const danger = a === 'rejected' || a === 'withdrawn';
          return (
            <button
              key={a}
              ref={isNext ? nextRef : undefined}
              type="button"
              className={isNext ? 'cnt-primary cnt-big' : danger ? 'cnt-danger' : a === 'late' && (file.late || file.dueSoon) ? 'cnt-warn' : 'cnt-secondary'}
              disabled={busy}
              data-testid={`action-${a}`}
              aria-expanded={NEEDS_FORM.has(a) ? form === a : undefined}
              onClick={() => (NEEDS_FORM.has(a) ? setForm((f) => (f === a ? null : (a as ReasonKind))) : void perform(a))}
            >
              {t.counter.actions[a]}
            </button>
          );
        })}
      </div>
      <ErrorText reason={error} />
      {form ? <ReasonForm key={form} kind={form} file={file} calendar={calendar} busy={busy} onCancel={() => setForm(null)} onSubmit={(reason, d) => void perform(form, reason, d)} /> : null}
    </div>
  );
}
