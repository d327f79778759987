import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { normalizeVnMobile, type ZnsStatus, type ZnsTestResult } from '@onestop/shared';
import { formatWhen, useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { Typed } from '../../ui/Typed';
import { useAdminApi } from '../useAdminApi';

/**
 * The Zalo ZNS account beside the settings form: how its token stands, a new refresh token (write-only: pasted when
 * the alert asks for it), and "gửi thử" to a number with the answer in plain words.
 */
export function ZnsPanel() {
  const { t, lang } = useI18n();
  const z = t.settings.zns;
  const call = useAdminApi();
  const [status, setStatus] = useState<ZnsStatus | null>(null);
  const [token, setToken] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ZnsTestResult | null>(null);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    const r = await call<ZnsStatus>('GET', '/api/admin/zns/status');
    if (r.ok) setStatus(r.data);
  }, [call]);
  useEffect(() => void load(), [load]);

  const paste = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const r = await call<ZnsStatus>('PUT', '/api/admin/zns/refresh-token', { refreshToken: token.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setToken('');
    setSaved(true);
    setStatus(r.data);
  };

  const test = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await call<ZnsTestResult>('POST', '/api/admin/zns/test', { to: to.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.reason);
    setResult(r.data);
  };

  const tokenLine = !status
    ? t.loading
    : !status.enabled
      ? z.off
      : status.token.failure
        ? z.tokenFailed(status.token.failure.code)
        : status.token.accessExpiresAt
          ? z.tokenOk(formatWhen(t, status.token.accessExpiresAt))
          : z.tokenNone;

  return (
    <section className="adm-card adm-narrow" data-testid="zns-panel">
      <h2>{z.title}</h2>
      <p className="adm-meta" data-testid="zns-token-state">
        <Typed text={tokenLine} />
      </p>
      {status ? (
        <p className="adm-meta">
          <Typed text={status.deliveryReports === 'webhook' ? z.webhook(status.webhookUrl ?? '') : z.polling} />
        </p>
      ) : null}
      <form onSubmit={(e) => void paste(e)}>
        <label className="adm-field">
          <span>
            <Typed text={z.newRefreshToken} />
          </span>
          <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
          <small>
            <Typed text={z.newRefreshTokenHint} />
          </small>
        </label>
        <button type="submit" className="adm-primary" disabled={busy || token.trim().length < 8}>
          {z.saveToken}
        </button>
        {saved ? <p className="adm-ok" role="status">{z.tokenSaved}</p> : null}
      </form>
      <form onSubmit={(e) => void test(e)} data-testid="zns-test">
        <label className="adm-field">
          <span>{z.testTo}</span>
          <input type="tel" value={to} onChange={(e) => setTo(e.target.value)} placeholder="0912 345 678" />
        </label>
        <button type="submit" className="adm-primary" disabled={busy || !normalizeVnMobile(to).ok}>
          {z.testSend}
        </button>
      </form>
      <ErrorText reason={error} />
      {result ? (
        <p className={result.ok ? 'adm-ok' : 'field-error'} role="status" data-testid="zns-test-result">
          {lang === 'vi' ? result.vi : result.en}
        </p>
      ) : null}
    </section>
  );
}
