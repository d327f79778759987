import type { PublicInfoView } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { ErrorText } from '../ui/ErrorText';
import { InfoScreen } from './InfoScreen';
import { UpdatedAt } from './UpdatedAt';
import { useKeptInfo } from './useKeptInfo';

/** The leaders' public phone numbers (công khai số điện thoại), as the admin published them. */
export function ContactsScreen({ onClose }: { onClose(): void }) {
  const t = useT();
  const { data: info, savedAt, stale, error } = useKeptInfo<PublicInfoView>('/api/public/info');
  return (
    <InfoScreen title={t.kioskInfo.contactsTitle} onClose={onClose} testId="contacts-screen">
      <ErrorText reason={error} />
      <UpdatedAt savedAt={savedAt} stale={stale} />
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
