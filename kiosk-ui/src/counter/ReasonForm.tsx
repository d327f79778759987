import { useEffect, useState, type FormEvent } from 'react';
import { localDay, nextWorkingDay, reasonUnits, type FileView, type SmsReasonRoom, type WorkCalendar } from '@onestop/shared';
import { seg } from '../api';
import { useT } from '../i18n';
import { DayField } from '../ui/DayField';
import { formatDay } from '../ui/format';
import { useStaffApi } from './session';

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
  const room = useSmsRoom(kind, file.code);
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
      {room ? <SmsRoomCounter room={room} reason={reason} /> : null}
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

/** The SMS a reason goes into: supplement → "supplement", late → "apology"; a refusal sends none. */
const SMS_OF: Partial<Record<ReasonKind, 'supplement' | 'apology'>> = { supplement: 'supplement', late: 'apology' };

/** How long this file's message leaves for the reason (asked once per form; the hub knows the template and names). */
function useSmsRoom(kind: ReasonKind, code: string): SmsReasonRoom | null {
  const call = useStaffApi();
  const [room, setRoom] = useState<SmsReasonRoom | null>(null);
  useEffect(() => {
    const sms = SMS_OF[kind];
    if (!sms) return;
    let live = true;
    void call<SmsReasonRoom>('GET', `/api/staff/files/${seg(code)}/sms-room?kind=${sms}`).then((r) => live && r.ok && setRoom(r.data));
    return () => {
      live = false;
    };
  }, [call, kind, code]);
  return room;
}

/** What is left of one SMS as the clerk types (counted unaccented, as it is sent); over it, what will be shortened. */
function SmsRoomCounter({ room, reason }: { room: SmsReasonRoom; reason: string }) {
  const t = useT();
  if (!room.enabled) return <p className="cnt-muted sms-room" data-testid="sms-room" data-left="">{t.counter.smsRoom.off}</p>;
  const left = room.room - reasonUnits(reason.trim(), { keepAccents: room.keepAccents });
  return (
    <p className={`sms-room ${left < 0 ? 'sms-room-over' : 'cnt-muted'}`} data-testid="sms-room" data-left={left} aria-live="polite">
      {left >= 0 ? t.counter.smsRoom.left(left) : t.counter.smsRoom.over(-left)}
    </p>
  );
}
