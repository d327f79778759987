import type { Score } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { Face } from '../ui/Face';
import { SCORE_COLORS } from '../ui/scoreColors';

/** The scale, most satisfied on the left (button 1), as huge coloured buttons with a face and a label. */
export function ScoreButtons({ scores, onTap }: { scores: readonly Score[]; onTap(score: Score): void }) {
  const t = useT();
  return (
    <div className={`score-buttons score-buttons-${scores.length}`}>
      {scores.map((s) => (
        <button
          key={s}
          type="button"
          className="score-button"
          data-testid="score-button"
          data-score={s}
          style={{ background: SCORE_COLORS[s].bg, color: SCORE_COLORS[s].fg }}
          onClick={() => onTap(s)}
        >
          <Face score={s} size="100%" />
          <span className="score-label">{t.scores[s]}</span>
        </button>
      ))}
    </div>
  );
}
