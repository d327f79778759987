import { useEffect } from 'react';
import { useT } from '../i18n';
import { LangSwitch } from '../staff/LangSwitch';

/** "/": where to go. Each tablet or PC is then left on its own page. */
export function HomePage() {
  const t = useT();
  useEffect(() => {
    document.title = t.appTitle;
  }, [t]);
  return (
    <main className="home">
      <LangSwitch />
      <h1>{t.home.title}</h1>
      <ul className="home-links">
        <li>
          <a href="/counter">
            <strong>{t.home.counter}</strong>
            {t.home.counterHint}
          </a>
        </li>
        <li>
          <a href="/kiosk">
            <strong>{t.home.kiosk}</strong>
            {t.home.kioskHint}
          </a>
        </li>
        <li>
          <a href="/admin">
            <strong>{t.home.admin}</strong>
            {t.home.adminHint}
          </a>
        </li>
        <li>
          <a href="/admin/live">
            <strong>{t.home.live}</strong>
            {t.home.liveHint}
          </a>
        </li>
      </ul>
    </main>
  );
}
