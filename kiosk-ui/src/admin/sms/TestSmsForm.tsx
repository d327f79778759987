import { useEffect, useState, type FormEvent } from 'react';
import { normalizeVnMobile, type SmsMessageView } from '@onestop/shared';
import { useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useAdminApi } from '../useAdminApi';

/** Statuses after which the provider's answer is in (or the hub has given up waiting for it). */
const ANSWERED = new Set(['sent', 'delivered', 'failed', 'expired', 'cancelled']);

/**
 * Queue the "test" template to a number, to check the gateway end to end, and say in plain words what the
 * provider answered: the message is followed until the answer is in.
 */
export function TestSmsForm() {
  const t = useT();
  const call = useAdminApi();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<SmsMessageView | null>(null);
  const check = normalizeVnMobile(to);
  const problem = to.trim() && to.replace(/\D/g, '').length >= 10 && !check.ok ? check.reason : null;

  // follow the test message until the provider's answer is in (the worker sends it at once, unless quiet hours hold it)
  useEffect(() => {
    if (!sent || ANSWERED.has(sent.status) || (sent.status === 'queued' && sent.attempts === 0 && sent.nextAttemptAt !== null && sent.nextAttemptAt > Date.now() + 60_000)) return;
    const timer = window.setTimeout(() => {
      void call<SmsMessageView>('GET', `/api/admin/sms/messages/${sent.id}`).then((r) => r.ok && setSent(r.data));
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [sent, call]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !check.ok) return;
    setBusy(true);
    setError(null);
    setSent(null);
    const r = await call<SmsMessageView>('POST', '/api/admin/sms/test', { to: to.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setSent(r.data);
  };

  const held = sent && sent.status === 'queued' && sent.attempts === 0 && sent.nextAttemptAt !== null && sent.nextAttemptAt > Date.now() + 60_000;
  const why = sent?.lastError ? (t.sms.errors[sent.lastError.code] ?? t.sms.testUnknownReason(sent.lastError.code)) : null;
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
        <div role="status" data-testid="test-sms-queued" data-status={sent.status}>
          <p className="adm-meta">{t.sms.testQueued(sent.to)}</p>
          {held ? (
            <p>{t.sms.testQuiet}</p>
          ) : ANSWERED.has(sent.status) || sent.attempts > 0 ? (
            <p className={sent.status === 'failed' || sent.status === 'expired' ? 'field-error' : 'adm-ok'} data-testid="test-sms-result">
              {t.sms.testResult[sent.status]} {why ? t.sms.testReason(why) : null}
            </p>
          ) : (
            <p className="adm-meta">{t.sms.testWaiting}</p>
          )}
        </div>
      ) : null}
      <button type="submit" className="adm-primary" disabled={busy || !check.ok}>
        {t.sms.testSend}
      </button>
    </form>
  );
}
