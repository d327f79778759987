import { useCallback, useEffect, useRef, useState } from 'react';
import { REASON_CODES, type DissatisfactionReason, type Score } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { Face } from '../ui/Face';
import { VietKeyboard } from './keyboard/VietKeyboard';

/** Long enough for an elderly citizen to read the chips, or to write a few words on the keyboard (issue 14 §3). */
export const REASONS_TIMEOUT_MS = 30_000;
/** The rating schema's bound on a comment. */
export const COMMENT_MAX = 500;

export interface ReasonsAnswer {
  reasons: DissatisfactionReason[];
  comment?: string;
}

/**
 * After a score that counts as not satisfied: optional reason chips, and with "Khác" a comment typed on the page's
 * own keyboard. Nothing is required: "Bỏ qua", or thirty seconds without a touch, keeps the score with whatever was
 * already chosen or written. Every touch restarts the thirty seconds; the seconds left are shown.
 */
export function ReasonsStep({ score, onDone }: { score: Score; onDone(a: ReasonsAnswer): void }) {
  const t = useT();
  const [chosen, setChosen] = useState<DissatisfactionReason[]>([]);
  const [comment, setComment] = useState('');
  const answer = useRef<ReasonsAnswer>({ reasons: [] });
  const commenting = chosen.includes('other');
  answer.current = { reasons: chosen, ...(commenting && comment.trim() ? { comment: comment.trim() } : {}) };
  const left = useCountdown(REASONS_TIMEOUT_MS, useCallback(() => onDone(answer.current), [onDone]));

  const toggle = (r: DissatisfactionReason) => setChosen((c) => (c.includes(r) ? c.filter((x) => x !== r) : [...c, r]));

  return (
    <main className={'reasons' + (commenting ? ' reasons-writing' : '')} data-testid="reasons-step">
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
      {commenting ? (
        <div className="comment">
          <div className="comment-field" role="textbox" aria-label={t.kiosk.commentLabel} aria-readonly="true" data-testid="comment-field">
            {comment ? comment : <span className="comment-placeholder">{t.kiosk.commentPlaceholder}</span>}
            <span className="comment-caret" aria-hidden="true" />
          </div>
          <VietKeyboard value={comment} onChange={setComment} maxLength={COMMENT_MAX} />
        </div>
      ) : null}
      <div className="reasons-actions">
        <button type="button" className="btn-skip" onClick={() => onDone({ reasons: [] })}>
          {t.kiosk.skip}
        </button>
        <button type="button" className="btn-send" data-testid="reasons-send" onClick={() => onDone(answer.current)}>
          {t.kiosk.send}
        </button>
      </div>
      <p className="countdown-text" data-testid="reasons-countdown" data-left={left} aria-live="off">
        {t.kiosk.countdown(left)}
      </p>
    </main>
  );
}

/** Seconds left before `onEnd`, restarted by every touch on the page. */
function useCountdown(ms: number, onEnd: () => void): number {
  const [deadline, setDeadline] = useState(() => Date.now() + ms);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const touch = () => {
      const at = Date.now();
      setNow(at);
      setDeadline(at + ms);
    };
    window.addEventListener('pointerdown', touch);
    return () => window.removeEventListener('pointerdown', touch);
  }, [ms]);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 250);
    const end = setTimeout(onEnd, Math.max(0, deadline - Date.now()));
    return () => {
      clearInterval(tick);
      clearTimeout(end);
    };
  }, [deadline, onEnd]);
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
