import { useCallback, useEffect, useState } from 'react';
import { SMS_KINDS, SMS_STATUSES, type SmsKindName, type SmsMessageView, type SmsStatus } from '@onestop/shared';
import { formatWhen, useT } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { smsErrorText } from '../../staff/smsError';
import { useAdminApi } from '../useAdminApi';
import './sms.css';

const PAGE = 50;
const REFRESH_MS = 10_000;

/** Every message, newest first, its number masked; a failed or expired one can be sent again. */
export function MessageList() {
  const t = useT();
  const call = useAdminApi();
  const [status, setStatus] = useState<SmsStatus | ''>('');
  const [kind, setKind] = useState<SmsKindName | ''>('');
  const [messages, setMessages] = useState<SmsMessageView[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const query = useCallback(
    (before?: string) => {
      const p = new URLSearchParams({ limit: String(PAGE) });
      if (status) p.set('status', status);
      if (kind) p.set('kind', kind);
      if (before) p.set('before', before);
      return call<SmsMessageView[]>('GET', `/api/admin/sms/messages?${p}`);
    },
    [call, status, kind],
  );

  const load = useCallback(async () => {
    const r = await query();
    if (!r.ok) return setError(r.reason);
    setError(null);
    setMessages(r.data);
    setMore(r.data.length === PAGE);
  }, [query]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const loadMore = async () => {
    const last = messages?.[messages.length - 1];
    if (!last) return;
    const r = await query(last.id);
    if (!r.ok) return setError(r.reason);
    setMessages((m) => [...(m ?? []), ...r.data]);
    setMore(r.data.length === PAGE);
  };

  const resend = async (m: SmsMessageView) => {
    const r = await call<SmsMessageView>('POST', `/api/admin/sms/messages/${encodeURIComponent(m.id)}/resend`);
    if (!r.ok) return setError(r.reason);
    setNotice(t.sms.resent(r.data.to));
    void load();
  };

  return (
    <section className="adm-card" data-testid="sms-messages">
      <div className="adm-card-head">
        <h2>{t.sms.messagesTitle}</h2>
        <div className="adm-actions">
          <select aria-label={t.sms.filterStatus} value={status} onChange={(e) => setStatus(e.target.value as SmsStatus | '')}>
            <option value="">{t.sms.allStatuses}</option>
            {SMS_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.sms.status[s]}
              </option>
            ))}
          </select>
          <select aria-label={t.sms.filterKind} value={kind} onChange={(e) => setKind(e.target.value as SmsKindName | '')}>
            <option value="">{t.sms.allKinds}</option>
            {SMS_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.sms.kind[k]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorText reason={error} />
      {notice ? (
        <p className="adm-ok" role="status">
          {notice}
        </p>
      ) : null}
      {messages === null ? (
        <p>{t.loading}</p>
      ) : messages.length === 0 ? (
        <p className="adm-empty">{t.sms.none}</p>
      ) : (
        <table className="adm-table sms-table">
          <thead>
            <tr>
              <th>{t.sms.when}</th>
              <th>{t.sms.kindCol}</th>
              <th>{t.sms.to}</th>
              <th>{t.sms.statusCol}</th>
              <th>{t.sms.text}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id} data-testid="sms-row" data-kind={m.kind} data-status={m.status}>
                <td className="nowrap">{formatWhen(t, m.createdAt)}</td>
                <td>{t.sms.kind[m.kind]}</td>
                <td className="nowrap" data-testid="sms-to">
                  {m.to}
                </td>
                <td>
                  <span className={`sms-status sms-${m.status}`}>{t.sms.status[m.status]}</span>
                  {m.channel ? (
                    <div className="adm-meta" data-testid="sms-channel" data-channel={m.channel}>
                      {t.sms.channel[m.channel]}
                    </div>
                  ) : null}
                  {m.attempts > 1 ? <div className="adm-meta">{t.sms.attempts(m.attempts)}</div> : null}
                  {m.lastError && m.channel === 'sms' && m.lastError.code.startsWith('zns') && (m.status === 'sent' || m.status === 'delivered') ? (
                    <div className="adm-meta" data-testid="sms-fallback">
                      {smsErrorText(t, m.lastError)} {t.sms.fellBack}
                    </div>
                  ) : m.lastError ? (
                    <div className="field-error" data-testid="sms-error">
                      {smsErrorText(t, m.lastError)} <code>{m.lastError.code}</code>
                    </div>
                  ) : null}
                </td>
                <td className="sms-body">
                  {m.body}
                  <div className="adm-meta">{t.sms.size(m.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2', m.segments)}</div>
                </td>
                <td>
                  {(m.status === 'failed' || m.status === 'expired') && !m.resentAs ? (
                    <button type="button" className="adm-secondary" onClick={() => void resend(m)}>
                      {t.sms.resend}
                    </button>
                  ) : m.resentAs ? (
                    <span className="adm-meta">{t.sms.wasResent}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more ? (
        <button type="button" className="adm-link-button" onClick={() => void loadMore()}>
          {t.sms.more}
        </button>
      ) : null}
    </section>
  );
}
