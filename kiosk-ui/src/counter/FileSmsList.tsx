import type { SmsMessageView } from '@onestop/shared';
import { formatWhen, useT } from '../i18n';
import { smsErrorText } from '../staff/smsError';

/**
 * The file's text messages and where each one is (queued, sent, delivered, failed…). Messages the hub decided not
 * to send (a kind switched off, a "ready" for a file already collected) are left out: nothing for staff to do.
 */
export function FileSmsList({ messages: all }: { messages: SmsMessageView[] | null }) {
  const t = useT();
  if (all === null) return null;
  const messages = all.filter((m) => m.status !== 'cancelled');
  return (
    <section className="file-sms" data-testid="file-sms">
      <h3>{t.counter.smsTitle}</h3>
      {messages.length === 0 ? (
        <p className="cnt-muted">{t.counter.noSms}</p>
      ) : (
        <ul>
          {messages.map((m) => (
            <li key={m.id} data-kind={m.kind} data-status={m.status}>
              <span className={`sms-status sms-${m.status}`}>{t.sms.status[m.status]}</span> <strong>{t.sms.kind[m.kind]}</strong>
              <span className="cnt-muted">
                {' '}
                · {m.to} · {formatWhen(t, m.createdAt)}
              </span>
              {m.lastError && m.status !== 'sent' && m.status !== 'delivered' ? <div className="field-error">{smsErrorText(t, m.lastError)}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
