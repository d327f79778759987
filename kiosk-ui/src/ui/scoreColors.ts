import type { Score } from '@onestop/shared';

/** Green (most satisfied) to red, each with a text colour of at least 4.5:1 contrast on it. */
export const SCORE_COLORS: Record<Score, { bg: string; fg: string }> = {
  5: { bg: '#1b7a36', fg: '#ffffff' },
  4: { bg: '#7cc242', fg: '#0d1a06' },
  3: { bg: '#f5c518', fg: '#1f1600' },
  2: { bg: '#f07c1b', fg: '#1f0d00' },
  1: { bg: '#c4221f', fg: '#ffffff' },
};
