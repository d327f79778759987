import { useCallback, useEffect, useState } from 'react';
import { CODE_RE, type PublicFileView } from '@onestop/shared';
import { api, seg } from '../api';
import { usePublicT as useT } from '../i18n/public';
import { ErrorText } from '../ui/ErrorText';
import { formatDay } from '../ui/format';
import { CodeKeypad } from './CodeKeypad';
import { InfoScreen } from './InfoScreen';

/**
 * "Tra cứu hồ sơ": the code from the receipt, typed on the keypad or read by the scanner from its QR code. Shows
 * the procedure, the status in plain words and the appointment; nothing about the person (the hub sends nothing).
 */
export function LookupScreen({ scanned, onClose }: { scanned: { code: string; n: number } | null; onClose(): void }) {
  const t = useT();
  const [code, setCode] = useState(scanned?.code ?? '');
  const [result, setResult] = useState<PublicFileView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const look = useCallback(async (c: string) => {
    const text = c.trim();
    if (!CODE_RE.test(text)) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await api<PublicFileView>('GET', `/api/public/files/${seg(text)}`);
    setBusy(false);
    if (r.ok) setResult(r.data);
    else setError(r.reason);
  }, []);

  useEffect(() => {
    if (!scanned) return;
    setCode(scanned.code);
    void look(scanned.code);
  }, [scanned, look]);

  const edit = (f: (c: string) => string) => {
    setResult(null);
    setError(null);
    setCode((c) => f(c).slice(0, 40));
  };

  return (
    <InfoScreen title={t.kioskInfo.lookupTitle} onClose={onClose} testId="lookup-screen">
      <div className="lookup">
        <div className="lookup-entry">
          <p className="lookup-hint">{t.kioskInfo.lookupHint}</p>
          <div className="lookup-code" aria-live="polite" data-testid="lookup-code">
            {code || <span className="lookup-placeholder">{t.kioskInfo.codePlaceholder}</span>}
          </div>
          <CodeKeypad onKey={(k) => edit((c) => c + k)} onBack={() => edit((c) => c.slice(0, -1))} onClear={() => edit(() => '')} />
          <button type="button" className="lookup-go" disabled={busy || !CODE_RE.test(code.trim())} onClick={() => void look(code)} data-testid="lookup-go">
            {busy ? t.loading : t.kioskInfo.lookupGo}
          </button>
        </div>
        <div className="lookup-result">
          {error === 'file-not-found' ? (
            <p className="lookup-none" role="status" data-testid="lookup-not-found">
              {t.kioskInfo.notFound(code.trim())}
            </p>
          ) : (
            <ErrorText reason={error} />
          )}
          {result ? <LookupResult file={result} /> : !error ? <p className="lookup-scan-hint">{t.kioskInfo.scanHint}</p> : null}
        </div>
      </div>
    </InfoScreen>
  );
}

function LookupResult({ file }: { file: PublicFileView }) {
  const t = useT();
  const open = file.status === 'received' || file.status === 'supplement';
  return (
    <article className={`lookup-card lookup-${file.status}${open && file.late ? ' lookup-late' : ''}`} data-testid="lookup-result" data-status={file.status}>
      <p className="lookup-card-code">{t.kioskInfo.fileCode(file.code)}</p>
      <p className="lookup-card-proc">{file.procedureName}</p>
      <p className="lookup-status" data-testid="lookup-status">
        {t.kioskInfo.status[file.status]}
      </p>
      <p className="lookup-explain">{t.kioskInfo.explain[file.status]}</p>
      {open ? (
        <p className="lookup-due" data-testid="lookup-due">
          {t.kioskInfo.due(formatDay(file.dueDate))}
        </p>
      ) : null}
      {open && file.late ? <p className="lookup-late-note">{t.kioskInfo.lateNote}</p> : null}
    </article>
  );
}
