import { useState, type FormEvent } from 'react';
import { normalizeVnMobile, type SmsMessageView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';

/** Queue the "test" template to a number, to check the gateway end to end. */
export function TestSmsForm() {
  const t = useT();
  const call = useAdminApi();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<SmsMessageView | null>(null);
  const check = normalizeVnMobile(to);
  const problem = to.trim() && to.replace(/\D/g, '').length >= 10 && !check.ok ? check.reason : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !check.ok) return;
    setBusy(true);
    setError(null);
    const r = await call<SmsMessageView>('POST', '/api/admin/sms/test', { to: to.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setSent(r.data);
  };

  return (
    <form className="adm-card adm-narrow" onSubmit={(e) => void submit(e)} data-testid="test-sms">
      <h2>{t.sms.testTitle}</h2>
      <p className="adm-meta">{t.sms.testHint}</p>
      <label className="adm-field">
        <span>{t.sms.testTo}</span>
        <input name="to" type="tel" value={to} onChange={(e) => setTo(e.target.value)} placeholder="0912 345 678" aria-invalid={problem ? true : undefined} />
        {problem ? <small className="field-error">{t.counter.phoneProblem[problem]}</small> : null}
      </label>
      <ErrorText reason={error} />
      {sent ? (
        <p className="adm-ok" role="status" data-testid="test-sms-queued">
          {t.sms.testQueued(sent.to)}
        </p>
      ) : null}
      <button type="submit" className="adm-primary" disabled={busy || !check.ok}>
        {t.sms.testSend}
      </button>
    </form>
  );
}
