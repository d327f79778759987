import { describe, expect, it } from 'vitest';
import { actionsFor, nextAction } from './nextAction';

describe('the counter’s next sensible action', () => {
  it('hands over a ready file, takes the papers of a file waiting for them, marks an open file ready', () => {
    expect(nextAction({ status: 'ready', late: false })).toBe('returned');
    expect(nextAction({ status: 'supplement', late: false })).toBe('resume');
    expect(nextAction({ status: 'received', late: false })).toBe('ready');
  });

  it('offers the apology first for a late file', () => {
    expect(nextAction({ status: 'received', late: true })).toBe('late');
  });

  it('offers nothing for a closed file', () => {
    for (const status of ['returned', 'rejected', 'withdrawn'] as const) {
      expect(nextAction({ status, late: false })).toBeNull();
      expect(actionsFor({ status })).toEqual([]);
    }
  });
});
