import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CODE_RE, normalizeVnMobile, type AppointmentProposal, type DocumentReceived, type FileView, type ProcedureView, type WorkCalendar } from '@onestop/shared';
import { ReceivedPapers } from './ReceivedPapers';
import { seg } from '../api';
import { formatWhen, useT } from '../i18n';
import { DayField } from '../ui/DayField';
import { ErrorText } from '../ui/ErrorText';
import { PhoneField } from './PhoneField';
import { ProcedurePicker } from './ProcedurePicker';
import { useStaffApi } from './session';
import type { FileDetail } from '@onestop/shared';

interface Props {
  procedures: ProcedureView[];
  calendar: WorkCalendar;
  /** a code scanned elsewhere that the hub does not know: start receiving it */
  prefill: { code: string; n: number } | null;
  /** changes when the receipt of the last file was printed: the next citizen's code goes here */
  focusCodeKey: number;
  onReceived(file: FileView): void;
  /** the code typed is a file the hub already has: open it instead */
  onExisting(detail: FileDetail): void;
}

/**
 * Receiving a file (tiếp nhận hồ sơ): scan or type its code (or leave it empty for the hub to make one), choose
 * the procedure, the citizen's name and mobile; the hub proposes the appointment from the procedure's working days
 * and the staff member may change it. The time of reception is the hub's own when the file is saved, unless the file
 * was received on paper on an earlier day: then its day and the reason it is entered late (kept in its history).
 */
export function ReceiveForm({ procedures, calendar, prefill, focusCodeKey, onReceived, onExisting }: Props) {
  const t = useT();
  const call = useStaffApi();
  const [code, setCode] = useState('');
  const [procedureCode, setProcedureCode] = useState('');
  const [citizenName, setCitizenName] = useState('');
  const [phone, setPhone] = useState('');
  const [noPhone, setNoPhone] = useState(false);
  const [address, setAddress] = useState('');
  const [papers, setPapers] = useState<DocumentReceived[]>([]);
  // the time of return: the commune's default comes with the proposed appointment; the clerk may change or empty it
  const [dueTime, setDueTime] = useState('');
  const [proposedTime, setProposedTime] = useState('');
  const [dueTimeEdited, setDueTimeEdited] = useState(false);
  const documents = procedures.find((p) => p.code === procedureCode)?.documents ?? [];
  const [dueDate, setDueDate] = useState('');
  const [proposed, setProposed] = useState('');
  const [dueEdited, setDueEdited] = useState(false);
  // a file received on paper on an earlier day: its day and why it is entered only now
  const [lateEntry, setLateEntry] = useState(false);
  const [receivedOn, setReceivedOn] = useState('');
  const [lateReason, setLateReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const codeRef = useRef<HTMLInputElement>(null);
  const procRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (focusCodeKey > 0) codeRef.current?.focus();
  }, [focusCodeKey]);

  useEffect(() => {
    if (!prefill) return;
    setCode(prefill.code);
    setError(null);
    procRef.current?.focus();
  }, [prefill]);

  // the hub's appointment for this procedure, received now
  useEffect(() => {
    setDueEdited(false);
    // the papers a procedure asks for, all ticked once: the clerk unticks what is missing
    setPapers((procedures.find((p) => p.code === procedureCode)?.documents ?? []).map((name) => ({ name, copies: 1 })));
    if (!procedureCode) return setProposed('');
    let live = true;
    const from = lateEntry && receivedOn ? `&receivedOn=${receivedOn}` : '';
    void call<AppointmentProposal>('GET', `/api/staff/appointment?procedureCode=${encodeURIComponent(procedureCode)}${from}`).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.reason);
      setProposed(r.data.dueDate);
      setProposedTime(r.data.dueTime ?? '');
    });
    return () => {
      live = false;
    };
  }, [procedureCode, lateEntry, receivedOn, call, procedures]);

  useEffect(() => {
    if (!dueEdited) setDueDate(proposed);
  }, [proposed, dueEdited]);

  useEffect(() => {
    if (!dueTimeEdited) setDueTime(proposedTime);
  }, [proposedTime, dueTimeEdited]);

  const codeOk = code.trim() === '' || CODE_RE.test(code.trim());

  const onCodeKey = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const c = code.trim();
    if (!c) return procRef.current?.focus();
    if (!CODE_RE.test(c)) return;
    const r = await call<FileDetail>('GET', `/api/staff/files/${seg(c)}`);
    if (r.ok) {
      setCode('');
      onExisting(r.data);
    } else if (r.reason === 'file-not-found') procRef.current?.focus();
    else setError(r.reason);
  };

  const reset = () => {
    setCode('');
    setProcedureCode('');
    setCitizenName('');
    setPhone('');
    setNoPhone(false);
    setAddress('');
    setPapers([]);
    setDueTime(proposedTime);
    setDueTimeEdited(false);
    setDueDate('');
    setProposed('');
    setLateEntry(false);
    setReceivedOn('');
    setLateReason('');
    setShowErrors(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setShowErrors(true);
    setError(null);
    if (!codeOk || !procedureCode || !citizenName.trim() || (!noPhone && !normalizeVnMobile(phone).ok) || (dueEdited && !dueDate) || (lateEntry && (!receivedOn || !lateReason.trim()))) return;
    setBusy(true);
    const body = {
      ...(code.trim() ? { code: code.trim() } : {}),
      procedureCode,
      citizenName: citizenName.trim(),
      ...(noPhone ? { noPhone: true as const } : { phone: phone.trim() }),
      // untouched, the hub computes the appointment at the moment it saves (after 15:00 it counts from tomorrow)
      ...(dueEdited && dueDate ? { dueDate } : {}),
      ...(lateEntry ? { receivedOn, lateEntryReason: lateReason.trim() } : {}),
      ...(address.trim() ? { citizenAddress: address.trim() } : {}),
      ...(papers.length ? { documentsReceived: papers } : {}),
      // untouched, the commune's time as the hub has it when it saves; emptied by the clerk, none
      ...(dueTimeEdited ? { dueTime: dueTime || null } : {}),
    };
    const r = await call<FileView>('POST', '/api/staff/files', body);
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    reset();
    onReceived(r.data);
  };

  const openDuplicate = async () => {
    const r = await call<FileDetail>('GET', `/api/staff/files/${seg(code.trim())}`);
    if (r.ok) {
      reset();
      setError(null);
      onExisting(r.data);
    }
  };

  return (
    <form className="cnt-card receive" onSubmit={(e) => void submit(e)} data-testid="receive-form" noValidate>
      <h2>{t.counter.receiveTitle}</h2>
      <div className="cnt-field">
        <label htmlFor="receive-code">{t.counter.fileCode}</label>
        <input
          ref={codeRef}
          id="receive-code"
          name="code"
          autoFocus
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder={t.counter.fileCodePlaceholder}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => void onCodeKey(e)}
          aria-invalid={!codeOk || undefined}
          data-testid="receive-code"
        />
        <small className={codeOk ? undefined : 'field-error'}>{codeOk ? t.counter.fileCodeHint : t.counter.fileCodeBad}</small>
      </div>
      <ProcedurePicker ref={procRef} procedures={procedures} value={procedureCode} onChange={setProcedureCode} onPicked={() => nameRef.current?.focus()} />
      {showErrors && !procedureCode ? <small className="field-error">{t.counter.chooseProcedure}</small> : null}
      <div className="cnt-field">
        <label htmlFor="receive-name">{t.counter.citizenName}</label>
        <input ref={nameRef} id="receive-name" name="citizenName" autoComplete="off" value={citizenName} onChange={(e) => setCitizenName(e.target.value)} aria-invalid={(showErrors && !citizenName.trim()) || undefined} />
        {showErrors && !citizenName.trim() ? <small className="field-error">{t.counter.nameRequired}</small> : null}
      </div>
      <div className="cnt-field">
        <label htmlFor="receive-address">{t.counter.citizenAddress}</label>
        <input id="receive-address" name="citizenAddress" autoComplete="off" maxLength={300} value={address} onChange={(e) => setAddress(e.target.value)} />
      </div>
      {noPhone ? null : <PhoneField value={phone} onChange={setPhone} showError={showErrors} />}
      <label className="cnt-check" data-testid="no-phone">
        <input type="checkbox" checked={noPhone} onChange={(e) => setNoPhone(e.target.checked)} />
        <span>{t.counter.noPhone}</span>
      </label>
      {noPhone ? <small className="cnt-hint">{t.counter.noPhoneHint}</small> : null}
      <label className="cnt-check" data-testid="late-entry">
        <input type="checkbox" checked={lateEntry} onChange={(e) => setLateEntry(e.target.checked)} />
        <span>{t.counter.lateEntry}</span>
      </label>
      <div className="receive-times">
        {lateEntry ? (
          <DayField label={t.counter.lateEntryDay} name="receivedOn" value={receivedOn} calendar={calendar} onChange={setReceivedOn} hint={t.counter.lateEntryDayHint} />
        ) : (
          <div className="cnt-field">
            <span className="cnt-label">{t.counter.receivedAt}</span>
            <output className="receive-now">{formatWhen(t, now)}</output>
          </div>
        )}
        <DayField
          label={t.counter.dueDate}
          name="dueDate"
          value={dueDate}
          calendar={calendar}
          onChange={(d) => {
            setDueEdited(true);
            setDueDate(d);
          }}
          hint={procedureCode ? (dueEdited && dueDate !== proposed ? t.counter.dueEdited : t.counter.dueProposed) : t.counter.dueAfterProcedure}
        />
        <div className="cnt-field">
          <label htmlFor="receive-due-time">{t.counter.dueTime}</label>
          <input
            id="receive-due-time"
            name="dueTime"
            type="time"
            value={dueTime}
            onChange={(e) => {
              setDueTimeEdited(true);
              setDueTime(e.target.value);
            }}
          />
          <small>{dueTimeEdited && dueTime !== proposedTime ? t.counter.dueTimeEdited : t.counter.dueTimeHint}</small>
        </div>
      </div>
      {lateEntry ? (
        <div className="cnt-field">
          <label htmlFor="receive-late-reason">{t.counter.lateEntryReason}</label>
          <input id="receive-late-reason" name="lateEntryReason" autoComplete="off" maxLength={500} placeholder={t.counter.lateEntryReasonPlaceholder} value={lateReason} onChange={(e) => setLateReason(e.target.value)} aria-invalid={(showErrors && !lateReason.trim()) || undefined} />
          {showErrors && !lateReason.trim() ? <small className="field-error">{t.counter.lateEntryReasonRequired}</small> : null}
        </div>
      ) : null}
      <ReceivedPapers documents={documents} value={papers} onChange={setPapers} />
      <ErrorText reason={error} />
      {error === 'duplicate-code' ? (
        <button type="button" className="cnt-link" onClick={() => void openDuplicate()}>
          {t.counter.openExisting(code.trim())}
        </button>
      ) : null}
      <button type="submit" className="cnt-primary cnt-wide" disabled={busy}>
        {busy ? t.counter.saving : t.counter.receive}
      </button>
    </form>
  );
}
