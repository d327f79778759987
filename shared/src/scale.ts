/**
 * The canonical satisfaction score (1–5) and the device scales (2–5 buttons) that map onto it.
 * Button 1 is the leftmost button and always the most satisfied one.
 */
export const SCORES = [5, 4, 3, 2, 1] as const;
export type Score = 1 | 2 | 3 | 4 | 5;

export const SCORE_LABELS_VI: Record<Score, string> = {
  5: 'Rất hài lòng',
  4: 'Hài lòng',
  3: 'Bình thường',
  2: 'Không hài lòng',
  1: 'Rất không hài lòng',
};

export const MIN_BUTTONS = 2;
export const MAX_BUTTONS = 5;
export type ButtonCount = 2 | 3 | 4 | 5;

/** Default button→score map: index 0 is button 1 (leftmost, most satisfied). */
export const DEFAULT_BUTTON_MAPS: Record<ButtonCount, readonly Score[]> = {
  2: [4, 2],
  3: [5, 4, 2],
  4: [5, 4, 3, 2],
  5: [5, 4, 3, 2, 1],
};

export interface DeviceScale {
  buttons: ButtonCount;
  /** map[i] is the score of button i+1 */
  map: Score[];
}

export function isScore(n: unknown): n is Score {
  return n === 1 || n === 2 || n === 3 || n === 4 || n === 5;
}

export function isButtonCount(n: unknown): n is ButtonCount {
  return n === 2 || n === 3 || n === 4 || n === 5;
}

export function defaultScale(buttons: ButtonCount): DeviceScale {
  return { buttons, map: [...DEFAULT_BUTTON_MAPS[buttons]] };
}

export type ScaleError = 'bad-button-count' | 'map-length-mismatch' | 'bad-score-in-map' | 'map-not-descending';

/**
 * Checks a per-device override. A map must have one score per button, each 1–5, strictly descending from
 * button 1, so "button 1 is the most satisfied" stays true and no two buttons mean the same thing.
 */
export function checkScale(scale: { buttons: number; map: number[] }): ScaleError | null {
  if (!isButtonCount(scale.buttons)) return 'bad-button-count';
  if (scale.map.length !== scale.buttons) return 'map-length-mismatch';
  if (!scale.map.every(isScore)) return 'bad-score-in-map';
  for (let i = 1; i < scale.map.length; i++) {
    if (scale.map[i]! >= scale.map[i - 1]!) return 'map-not-descending';
  }
  return null;
}

/** The score of a pressed button, or null when the button is not on this scale. */
export function scoreOfButton(scale: DeviceScale, button: number): Score | null {
  if (!Number.isInteger(button) || button < 1 || button > scale.buttons) return null;
  return scale.map[button - 1] ?? null;
}

/** Reports are often made on three levels: 5 → Rất hài lòng, 4 → Hài lòng, 3/2/1 → Không hài lòng. */
export type Level3 = 'very-satisfied' | 'satisfied' | 'not-satisfied';
export function foldTo3(score: Score): Level3 {
  if (score === 5) return 'very-satisfied';
  if (score === 4) return 'satisfied';
  return 'not-satisfied';
}

/** Reasons a citizen may give after a low score (kiosk chips). Codes are stable; labels live in the UI catalogue. */
export const REASON_CODES = [
  'waiting-time',
  'attitude',
  'unclear-guidance',
  'extra-documents',
  'facilities',
  'other',
] as const;
export type DissatisfactionReason = (typeof REASON_CODES)[number];
