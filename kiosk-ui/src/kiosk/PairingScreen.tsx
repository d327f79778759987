import { useCallback, useEffect, useState } from 'react';
import type { PairResponse } from '@onestop/shared';
import { api } from '../api';
import { usePublicT as useT } from '../i18n/public';
import { ErrorText } from '../ui/ErrorText';
import { Keypad } from './Keypad';
import type { Pairing } from './pairingStore';

const CODE_LENGTH = 8;

/** First run: the staff member types the 8-digit code from the admin page; the hub answers with a token. */
export function PairingScreen({ onPaired, notice }: { onPaired(p: Pairing): void; notice?: string | null }) {
  const t = useT();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const digit = useCallback((d: string) => {
    setError(null);
    setCode((c) => (c.length < CODE_LENGTH ? c + d : c));
  }, []);
  const back = useCallback(() => setCode((c) => c.slice(0, -1)), []);
  const clear = useCallback(() => setCode(''), []);

  const submit = useCallback(async () => {
    if (code.length !== CODE_LENGTH || busy) return;
    setBusy(true);
    setError(null);
    const res = await api<PairResponse>('POST', '/api/pair', { code, kind: 'kiosk' });
    setBusy(false);
    if (!res.ok) {
      setError(res.reason);
      setCode('');
      return;
    }
    const { token, ...config } = res.data;
    onPaired({ token, config });
  }, [code, busy, onPaired]);

  // a hardware keyboard works too, for the person setting the tablet up
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (/^[0-9]$/.test(e.key)) digit(e.key);
      else if (e.key === 'Backspace') back();
      else if (e.key === 'Enter') void submit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [digit, back, submit]);

  return (
    <main className="pair" data-testid="pair-screen">
      <h1>{t.kiosk.pairTitle}</h1>
      <p className="pair-hint">{t.kiosk.pairHint}</p>
      {notice ? <p className="pair-notice">{notice}</p> : null}
      <div className="code-boxes" aria-live="polite" data-testid="pair-code-input" data-value={code}>
        {[0, 4].map((start) => (
          <span key={start} className="code-group">
            {Array.from({ length: CODE_LENGTH / 2 }, (_, j) => start + j).map((i) => (
              <span key={i} className={'code-box' + (i === code.length ? ' code-box-next' : '')}>
                {code[i] ?? ''}
              </span>
            ))}
          </span>
        ))}
      </div>
      <ErrorText reason={error} />
      <Keypad onDigit={digit} onBack={back} onClear={clear} disabled={busy} />
      <button type="button" className="pair-submit" disabled={code.length !== CODE_LENGTH || busy} onClick={() => void submit()}>
        {busy ? t.kiosk.pairing : t.kiosk.pairButton}
      </button>
    </main>
  );
}
