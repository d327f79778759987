import { useState, type FormEvent } from 'react';
import { localDay, nextWorkingDay, type FileView, type WorkCalendar } from '@onestop/shared';
import { useT } from '../i18n';
import { DayField } from '../ui/DayField';
import { formatDay } from '../ui/format';

export type ReasonKind = 'supplement' | 'rejected' | 'late';

/** The first working day after both the current appointment and today: what an apology usually promises. */
export function proposedNewDate(file: Pick<FileView, 'dueDate'>, cal: WorkCalendar, today = localDay(Date.now())): string {
  return nextWorkingDay(file.dueDate > today ? file.dueDate : today, cal);
}

/**
 * The reason (which papers are missing, why it is refused, why it is late) and, for a late file, the new date.
 * Enter sends; Escape cancels.
 */
export function ReasonForm({
  kind,
  file,
  calendar,
  busy,
  onSubmit,
  onCancel,
}: {
  kind: ReasonKind;
  file: FileView;
  calendar: WorkCalendar;
  busy: boolean;
  onSubmit(reason: string, newDueDate?: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const text = t.counter.reasonForm[kind];
  const [reason, setReason] = useState('');
  const [newDate, setNewDate] = useState(() => (kind === 'late' ? proposedNewDate(file, calendar) : ''));
  const today = localDay(Date.now());
  const dateProblem = kind !== 'late' ? null : !newDate ? t.counter.newDateRequired : newDate <= file.dueDate || newDate < today ? t.counter.newDateAfter(formatDay(file.dueDate)) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !reason.trim() || dateProblem) return;
    onSubmit(reason.trim(), kind === 'late' ? newDate : undefined);
  };

  return (
    <form className={`reason-form reason-${kind}`} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} data-testid={`reason-form-${kind}`}>
      <h3>{text.title}</h3>
      <div className="cnt-field">
        <label htmlFor={`reason-${kind}`}>{text.label}</label>
        <input id={`reason-${kind}`} name="reason" autoFocus autoComplete="off" maxLength={500} placeholder={text.placeholder} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {kind === 'late' ? <DayField label={t.counter.newDueDate} name="newDueDate" value={newDate} onChange={setNewDate} calendar={calendar} hint={t.counter.newDateHint} /> : null}
      {kind === 'late' && dateProblem && newDate ? <small className="field-error">{dateProblem}</small> : null}
      <p className="cnt-muted">{text.sms}</p>
      <div className="reason-actions">
        <button type="submit" className={kind === 'rejected' ? 'cnt-danger' : 'cnt-primary'} disabled={busy || !reason.trim() || !!dateProblem}>
          {text.submit}
        </button>
        <button type="button" className="cnt-secondary" onClick={onCancel}>
          {t.counter.cancel}
        </button>
      </div>
    </form>
  );
}
