import { useCallback, useEffect, useState } from 'react';
import type { FileView, ProcedureView } from '@onestop/shared';
import { seg } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { CounterShell } from './CounterShell';
import { FileLists } from './FileLists';
import { FilePanel, type OpenReason } from './FilePanel';
import { QuickScan } from './QuickScan';
import { ReceiveForm } from './ReceiveForm';
import { useStaffApi } from './session';
import type { FileDetail } from '@onestop/shared';
import { useCalendar } from './useCalendar';

interface Opened {
  detail: FileDetail;
  why: OpenReason;
  focusKey: number;
}

/** The counter's working screen: the open file and the lists on the left, receiving on the right. */
export function CounterDesk() {
  const t = useT();
  const call = useStaffApi();
  const calendar = useCalendar();
  const [procedures, setProcedures] = useState<ProcedureView[]>([]);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [version, setVersion] = useState(0);
  const [prefill, setPrefill] = useState<{ code: string; n: number } | null>(null);
  const [unknownCode, setUnknownCode] = useState<string | null>(null);
  const [focusCodeKey, setFocusCodeKey] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call<ProcedureView[]>('GET', '/api/staff/procedures').then((r) => (r.ok ? setProcedures(r.data) : setError(r.reason)));
  }, [call]);

  const show = useCallback((detail: FileDetail, why: OpenReason) => {
    setUnknownCode(null);
    setError(null);
    setOpened((o) => ({ detail, why, focusKey: (o?.focusKey ?? 0) + 1 }));
  }, []);

  const open = useCallback(
    async (code: string) => {
      const r = await call<FileDetail>('GET', `/api/staff/files/${seg(code)}`);
      if (r.ok) return show(r.data, 'opened');
      if (r.reason === 'file-not-found') return setUnknownCode(code);
      setError(r.reason);
    },
    [call, show],
  );

  const received = async (f: FileView) => {
    const r = await call<FileDetail>('GET', `/api/staff/files/${seg(f.code)}`);
    show(r.ok ? r.data : { file: f, history: [] }, 'received');
    setVersion((v) => v + 1);
  };

  return (
    <CounterShell scan={<QuickScan onScan={(c) => void open(c)} />}>
      <div className="cnt-columns">
        <div className="cnt-left">
          <ErrorText reason={error} />
          {unknownCode ? (
            <div className="cnt-card cnt-notice" role="alert" data-testid="unknown-code">
              <p>{t.counter.unknownCode(unknownCode)}</p>
              <button
                type="button"
                className="cnt-primary"
                onClick={() => {
                  setPrefill((p) => ({ code: unknownCode, n: (p?.n ?? 0) + 1 }));
                  setUnknownCode(null);
                }}
              >
                {t.counter.receiveThisCode}
              </button>
              <button type="button" className="cnt-link" onClick={() => setUnknownCode(null)}>
                {t.counter.cancel}
              </button>
            </div>
          ) : null}
          {opened ? (
            <FilePanel
              key={opened.detail.file.code}
              detail={opened.detail}
              why={opened.why}
              focusKey={opened.focusKey}
              calendar={calendar}
              onChanged={(d) => {
                setOpened((o) => (o ? { ...o, detail: d, why: 'opened' } : o));
                setVersion((v) => v + 1);
              }}
              onClose={() => setOpened(null)}
              onReceiptPrinted={() => setFocusCodeKey((k) => k + 1)}
            />
          ) : null}
          <FileLists version={version} onOpen={(c) => void open(c)} onChanged={() => setVersion((v) => v + 1)} />
        </div>
        <aside className="cnt-right">
          <ReceiveForm procedures={procedures} calendar={calendar} prefill={prefill} focusCodeKey={focusCodeKey} onReceived={(f) => void received(f)} onExisting={(d) => show(d, 'existing')} />
        </aside>
      </div>
    </CounterShell>
  );
}
