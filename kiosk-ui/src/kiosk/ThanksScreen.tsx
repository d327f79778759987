import { useEffect } from 'react';
import { usePublicT as useT } from '../i18n/public';
import { playThanks } from './sound';

export const THANKS_MS = 4000;

export function ThanksScreen({ onDone }: { onDone(): void }) {
  const t = useT();
  useEffect(() => {
    playThanks();
    const timer = setTimeout(onDone, THANKS_MS);
    return () => clearTimeout(timer);
  }, [onDone]);
  return (
    <main className="thanks" data-testid="thanks" role="status">
      <div className="thanks-heart" aria-hidden="true">
        ♥
      </div>
      <h1>{t.kiosk.thanks}</h1>
      <p>{t.kiosk.thanksSub}</p>
    </main>
  );
}
