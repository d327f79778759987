import { useEffect, useState } from 'react';
import type { PublicInfoView } from '@onestop/shared';
import { api } from '../api';
import { usePublicT as useT } from '../i18n/public';
import { ErrorText } from '../ui/ErrorText';
import { InfoScreen } from './InfoScreen';

/** The leaders' public phone numbers (công khai số điện thoại), as the admin published them. */
export function ContactsScreen({ onClose }: { onClose(): void }) {
  const t = useT();
  const [info, setInfo] = useState<PublicInfoView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<PublicInfoView>('GET', '/api/public/info').then((r) => (r.ok ? setInfo(r.data) : setError(r.reason)));
  }, []);
  return (
    <InfoScreen title={t.kioskInfo.contactsTitle} onClose={onClose} testId="contacts-screen">
      <ErrorText reason={error} />
      {info ? <p className="contacts-intro">{t.kioskInfo.contactsIntro(info.communeName)}</p> : null}
      {info?.contacts.length === 0 ? <p className="info-loading">{t.kioskInfo.noContacts}</p> : null}
      <ul className="contacts">
        {info?.contacts.map((c) => (
          <li key={c.id} className="contact-card" data-testid="kiosk-contact">
            <span className="contact-title">{c.title}</span>
            <span className="contact-name">{c.name}</span>
            <span className="contact-phone">{c.phone}</span>
          </li>
        ))}
      </ul>
    </InfoScreen>
  );
}
