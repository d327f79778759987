import { useEffect, useState } from 'react';
import { formatWhen, useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import type { PairingCodeView } from '@onestop/shared';
import './counters.css';

/** The code, big, in two groups of four digits, with its expiry; struck out once it has expired. */
export function PairingCodePanel({ code, onClose }: { code: PairingCodeView; onClose(): void }) {
  const t = useT();
  const [expired, setExpired] = useState(() => Date.now() >= code.expiresAt);
  useEffect(() => {
    setExpired(Date.now() >= code.expiresAt);
    const timer = setTimeout(() => setExpired(true), Math.max(0, code.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [code]);
  return (
    <div className={'pair-code' + (expired ? ' pair-code-expired' : '')} role="status">
      <p className="pair-code-title">{t.admin.pairCodeTitle}</p>
      <p className="pair-code-value" data-testid="pair-code" data-code={code.code}>
        {code.code.slice(0, 4)}&nbsp;{code.code.slice(4)}
      </p>
      <p>{t.admin.pairCodeExpires(formatWhen(t, code.expiresAt))}</p>
      {expired ? <ErrorText reason="pairing-code-expired" /> : <p className="adm-meta">{t.admin.pairCodeHint}</p>}
      <button type="button" className="adm-link-button" onClick={onClose}>
        {t.admin.close}
      </button>
    </div>
  );
}
