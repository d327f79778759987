import { useEffect } from 'react';
import { usePublicT as useT } from '../i18n/public';
import { playThanks } from './sound';

export const THANKS_MS = 4000;

export function ThanksScreen({ onDone }: { onDone(): void }) {
  const t = useT();
  useEffect(() => {
    // the chime once "Cảm ơn" is painted, not before: RatingFlow renders this screen with flushSync, and React runs the
    // effects of such a render in the same task, ahead of the paint; making the audio there cost the citizen 5–30 ms
    // on a slowed CPU (issue 15 §3)
    let chime: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      chime = setTimeout(playThanks, 0);
    });
    const timer = setTimeout(onDone, THANKS_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(chime);
      clearTimeout(timer);
    };
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
