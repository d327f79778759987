import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileView, SmsMessageView, WorkCalendar } from '@onestop/shared';
import { seg } from '../api';
import { useT } from '../i18n';
import { FileActions } from './FileActions';
import { FileHistory } from './FileHistory';
import { FileSmsList } from './FileSmsList';
import { FileSummary } from './FileSummary';
import { UndoBar, type UndoWindow } from './UndoBar';
import type { ActionKind } from './nextAction';
import { useStaffApi } from './session';
import type { FileDetail } from '@onestop/shared';

/** Why the panel opened: a file just received (print its receipt next), or one scanned or picked from a list. */
export type OpenReason = 'received' | 'existing' | 'opened';

/** The SMS worker sends within a second or two; the list is read again then, so staff see "sent". */
const SMS_RECHECK_MS = 2500;

export function FilePanel({
  detail,
  why,
  focusKey,
  calendar,
  onChanged,
  onClose,
  onReceiptPrinted,
}: {
  detail: FileDetail;
  why: OpenReason;
  focusKey: number;
  calendar: WorkCalendar;
  onChanged(d: FileDetail): void;
  onClose(): void;
  /** the receipt of a file just received went to the printer */
  onReceiptPrinted?(): void;
}) {
  const t = useT();
  const call = useStaffApi();
  const { file, history } = detail;
  const [sms, setSms] = useState<SmsMessageView[] | null>(null);
  const [done, setDone] = useState<ActionKind | null>(null);
  const [undo, setUndo] = useState<UndoWindow | null>(null);
  const [undone, setUndone] = useState(false);
  const undoOver = useCallback(() => setUndo(null), []);
  const printRef = useRef<HTMLAnchorElement>(null);
  const apologyRef = useRef<HTMLAnchorElement>(null);

  const loadSms = useCallback(async () => {
    const r = await call<SmsMessageView[]>('GET', `/api/staff/files/${seg(file.code)}/sms`);
    if (r.ok) setSms(r.data);
  }, [call, file.code]);

  useEffect(() => {
    setDone(null);
    setUndo(null);
    setUndone(false);
    void loadSms();
  }, [loadSms]);

  // a file just received: its receipt is what the citizen waits for
  useEffect(() => {
    if (why === 'received') printRef.current?.focus();
  }, [why, file.code, focusKey]);

  useEffect(() => {
    if (done === 'late') apologyRef.current?.focus();
    if (!done) return;
    const timer = setTimeout(() => void loadSms(), SMS_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [done, loadSms]);

  const changed = async (f: FileView, action: ActionKind) => {
    const r = await call<FileDetail>('GET', `/api/staff/files/${seg(f.code)}`);
    onChanged(r.ok ? r.data : { file: f, history });
    setDone(action);
    setUndone(false);
    setUndo(f.undo ? { step: f.undo.step, until: Date.now() + f.undo.leftMs } : null);
    void loadSms();
  };

  const reverted = async (f: FileView) => {
    const r = await call<FileDetail>('GET', `/api/staff/files/${seg(f.code)}`);
    onChanged(r.ok ? r.data : { file: f, history });
    setDone(null);
    setUndo(null);
    setUndone(true);
    void loadSms();
  };

  return (
    <section className="cnt-card file-panel" data-testid="file-panel" data-code={file.code} data-status={file.status} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <button type="button" className="cnt-secondary cnt-small file-close" onClick={onClose} title="Esc">
        {t.counter.backToLists}
      </button>
      {why === 'received' ? (
        <p className="cnt-ok file-panel-notice" role="status" data-testid="received-notice">
          {t.counter.receivedNotice}
        </p>
      ) : why === 'existing' ? (
        <p className="cnt-info file-panel-notice" role="status">
          {t.counter.existingNotice}
        </p>
      ) : null}
      <FileSummary file={file} />
      {done ? (
        <p className="cnt-ok" role="status" data-testid="done-notice">
          {t.counter.done[done]}
        </p>
      ) : null}
      {undo ? <UndoBar code={file.code} window={undo} onUndone={(f) => void reverted(f)} onOver={undoOver} /> : null}
      {undone ? (
        <p className="cnt-ok" role="status" data-testid="undone-notice">
          {t.counter.undo.done}
        </p>
      ) : null}
      <FileActions file={file} calendar={calendar} focusKey={why === 'received' ? 0 : focusKey} onDone={(f, a) => void changed(f, a)} />
      <div className="file-prints">
        <a ref={printRef} className={why === 'received' ? 'cnt-primary cnt-big' : 'cnt-secondary'} href={`/counter/print/receipt/${seg(file.code)}?print=1`} target="_blank" rel="noopener" data-testid="print-receipt" onClick={() => why === 'received' && onReceiptPrinted?.()}>
          {t.counter.printReceipt}
        </a>
        {file.apologies > 0 ? (
          <a ref={apologyRef} className={done === 'late' ? 'cnt-primary cnt-big' : 'cnt-secondary'} href={`/counter/print/apology/${seg(file.code)}?print=1`} target="_blank" rel="noopener" data-testid="print-apology">
            {t.counter.printApology}
          </a>
        ) : null}
      </div>
      <div className="file-lower">
        <FileHistory history={history} />
        <FileSmsList messages={sms} />
      </div>
    </section>
  );
}
