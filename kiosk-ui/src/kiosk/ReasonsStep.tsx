import { useEffect, useState } from 'react';
import { REASON_CODES, type DissatisfactionReason, type Score } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { Face } from '../ui/Face';

export const REASONS_TIMEOUT_MS = 10_000;

/**
 * After a low score: optional reason chips. Nothing is required: "Bỏ qua" or doing nothing for ten seconds keeps
 * the score (with whatever was already ticked). Each touch restarts the ten seconds.
 */
export function ReasonsStep({ score, onDone }: { score: Score; onDone(reasons: DissatisfactionReason[]): void }) {
  const t = useT();
  const [chosen, setChosen] = useState<DissatisfactionReason[]>([]);

  useEffect(() => {
    const timer = setTimeout(() => onDone(chosen), REASONS_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [chosen, onDone]);

  const toggle = (r: DissatisfactionReason) => setChosen((c) => (c.includes(r) ? c.filter((x) => x !== r) : [...c, r]));

  return (
    <main className="reasons" data-testid="reasons-step">
      <div className="reasons-head">
        <Face score={score} size={96} />
        <div>
          <h1>{t.kiosk.reasonsTitle}</h1>
          <p>{t.kiosk.reasonsHint}</p>
        </div>
      </div>
      <div className="chips">
        {REASON_CODES.map((r) => {
          const on = chosen.includes(r);
          return (
            <button key={r} type="button" className={'chip' + (on ? ' chip-on' : '')} aria-pressed={on} data-testid="reason-chip" data-reason={r} onClick={() => toggle(r)}>
              <span className="chip-tick" aria-hidden="true">
                {on ? '✓' : ''}
              </span>
              {t.reasons[r]}
            </button>
          );
        })}
      </div>
      <div className="reasons-actions">
        <button type="button" className="btn-skip" onClick={() => onDone([])}>
          {t.kiosk.skip}
        </button>
        <button type="button" className="btn-send" data-testid="reasons-send" onClick={() => onDone(chosen)}>
          {t.kiosk.send}
        </button>
      </div>
      {/* restarts on every touch, so the citizen sees the time left */}
      <div className="countdown" key={chosen.join(',')} style={{ animationDuration: `${REASONS_TIMEOUT_MS}ms` }} aria-hidden="true" />
    </main>
  );
}
