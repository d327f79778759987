import { useEffect, useState } from 'react';
import { SMS_STATUSES, type SmsHubStatus } from '@onestop/shared';
import { useT } from '../../i18n';
import { useAdminApi } from '../useAdminApi';
import './sms.css';

/** Which gateway, how delivery is confirmed, quiet hours, and how many messages are in each state. */
export function SmsStatusBar() {
  const t = useT();
  const call = useAdminApi();
  const [s, setS] = useState<SmsHubStatus | null>(null);
  useEffect(() => {
    const load = () => void call<SmsHubStatus>('GET', '/api/admin/sms/status').then((r) => r.ok && setS(r.data));
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [call]);
  if (!s) return null;
  return (
    <div className="adm-card sms-statusbar" data-testid="sms-status">
      <span>
        {t.sms.gateway}: <strong>{t.settings.gateways[s.gateway] ?? s.gateway}</strong>
      </span>
      <span>{t.sms.reports[s.deliveryReports]}</span>
      <span>{s.quietHours ? t.sms.quietHours(s.quietHours) : t.sms.noQuietHours}</span>
      <span className="sms-counts">
        {SMS_STATUSES.filter((st) => (s.counts[st] ?? 0) > 0).map((st) => (
          <span key={st} className={`sms-status sms-${st}`}>
            {t.sms.status[st]}: {s.counts[st]}
          </span>
        ))}
      </span>
    </div>
  );
}
