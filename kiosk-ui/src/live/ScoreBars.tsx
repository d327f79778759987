import { SCORES, type ScoreCounts } from '@onestop/shared';
import { useT } from '../i18n';
import { SCORE_COLORS } from '../ui/scoreColors';
import './live.css';

/** The five levels, most satisfied first, each with its label, a bar and its count. */
export function ScoreBars({ byScore, total }: { byScore: ScoreCounts; total: number }) {
  const t = useT();
  return (
    <ul className="bars">
      {SCORES.map((s) => {
        const n = byScore[String(s) as keyof ScoreCounts];
        const pct = total > 0 ? (n / total) * 100 : 0;
        return (
          <li key={s} className="bar-row" data-score={s}>
            <span className="bar-label">{t.scores[s]}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${pct}%`, background: SCORE_COLORS[s].bg }} />
            </span>
            <span className="bar-count" data-testid={`count-${s}`}>
              {n}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
