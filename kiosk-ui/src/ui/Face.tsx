import type { Score } from '@onestop/shared';

/** Mouth curves from a wide smile (5) to a deep frown (1); a picture an unlettered person reads at a glance. */
const MOUTHS: Record<Score, string> = {
  5: 'M28 60 Q50 86 72 60 Z',
  4: 'M30 62 Q50 78 70 62',
  3: 'M32 66 L68 66',
  2: 'M32 70 Q50 58 68 70',
  1: 'M30 74 Q50 52 70 74',
};

export function Face({ score, size = 120 }: { score: Score; size?: number | string }) {
  return (
    <svg className="face" viewBox="0 0 100 100" width={size} height={size} aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="45" fill="#fff7d6" stroke="#1a1a1a" strokeWidth="5" />
      {score === 1 ? (
        <g stroke="#1a1a1a" strokeWidth="5" strokeLinecap="round">
          <path d="M26 30 L42 36" />
          <path d="M74 30 L58 36" />
        </g>
      ) : null}
      <circle cx="36" cy="42" r="6" fill="#1a1a1a" />
      <circle cx="64" cy="42" r="6" fill="#1a1a1a" />
      <path
        d={MOUTHS[score]}
        fill={score === 5 ? '#1a1a1a' : 'none'}
        stroke="#1a1a1a"
        strokeWidth="6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
