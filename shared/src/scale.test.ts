import { describe, expect, it } from 'vitest';
import { checkScale, DEFAULT_BUTTON_MAPS, defaultScale, foldTo3, scoreOfButton, SCORE_LABELS_VI } from './scale.js';

describe('rating scale', () => {
  it('names the five canonical scores in Vietnamese', () => {
    expect(SCORE_LABELS_VI).toEqual({ 5: 'Rất hài lòng', 4: 'Hài lòng', 3: 'Bình thường', 2: 'Không hài lòng', 1: 'Rất không hài lòng' });
  });
  it('maps buttons by default with button 1 the most satisfied', () => {
    expect(DEFAULT_BUTTON_MAPS).toEqual({ 2: [4, 2], 3: [5, 4, 2], 4: [5, 4, 3, 2], 5: [5, 4, 3, 2, 1] });
    expect(scoreOfButton(defaultScale(3), 1)).toBe(5);
    expect(scoreOfButton(defaultScale(3), 3)).toBe(2);
    expect(scoreOfButton(defaultScale(2), 2)).toBe(2);
  });
  it('has no score for a button off the scale', () => {
    expect(scoreOfButton(defaultScale(4), 5)).toBeNull();
    expect(scoreOfButton(defaultScale(4), 0)).toBeNull();
    expect(scoreOfButton(defaultScale(4), 1.5)).toBeNull();
  });
  it('accepts a per-device override only when it is one descending score per button', () => {
    expect(checkScale({ buttons: 3, map: [5, 3, 1] })).toBeNull();
    expect(scoreOfButton({ buttons: 3, map: [5, 3, 1] }, 2)).toBe(3);
    expect(checkScale({ buttons: 3, map: [5, 3] })).toBe('map-length-mismatch');
    expect(checkScale({ buttons: 3, map: [5, 5, 1] })).toBe('map-not-descending');
    expect(checkScale({ buttons: 3, map: [6, 3, 1] })).toBe('bad-score-in-map');
    expect(checkScale({ buttons: 6, map: [5, 4, 3, 2, 1, 1] })).toBe('bad-button-count');
  });
  it('folds to three levels for reports', () => {
    expect([5, 4, 3, 2, 1].map((s) => foldTo3(s as 1))).toEqual(['very-satisfied', 'satisfied', 'not-satisfied', 'not-satisfied', 'not-satisfied']);
  });
});
