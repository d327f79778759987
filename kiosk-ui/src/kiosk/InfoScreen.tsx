import { useEffect, type ReactNode } from 'react';
import { usePublicT as useT } from '../i18n/public';

/**
 * With nobody touching it, an information screen goes back to the rating buttons after this long: short, because
 * the next citizen should not find the previous one's file on the screen (issue 14 §3).
 */
export const INFO_IDLE_MS = 30_000;

/** The frame of the kiosk's information screens: a title, a big "back" button, and the idle return. */
export function InfoScreen({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId: string }) {
  const t = useT();
  useEffect(() => {
    let timer = setTimeout(onClose, INFO_IDLE_MS);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(onClose, INFO_IDLE_MS);
    };
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    window.addEventListener('scroll', touch, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
      window.removeEventListener('scroll', touch, true);
    };
  }, [onClose]);
  return (
    <section className="info-screen" data-testid={testId} role="dialog" aria-label={title}>
      <header className="info-head">
        <button type="button" className="info-back" onClick={onClose} data-testid="info-back">
          <span aria-hidden="true">←</span> {t.kioskInfo.back}
        </button>
        <h1>{title}</h1>
      </header>
      <div className="info-body">{children}</div>
    </section>
  );
}
