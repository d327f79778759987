import { describe, expect, it } from 'vitest';
import { dayBounds } from '@onestop/shared';
import { percent, presetRange } from './range';

const at = (day: string, h = 10) => dayBounds(day).start + h * 3600_000;

describe('report periods', () => {
  it('this quarter ends yesterday; last quarter is whole, across a year boundary', () => {
    expect(presetRange('thisQuarter', at('2026-11-24'))).toEqual({ from: '2026-10-01', to: '2026-11-23' });
    expect(presetRange('lastQuarter', at('2026-11-24'))).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetRange('lastQuarter', at('2027-02-10'))).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetRange('thisMonth', at('2026-02-01'))).toEqual({ from: '2026-02-01', to: '2026-02-01' });
    expect(presetRange('thisYear', at('2026-03-15'))).toEqual({ from: '2026-01-01', to: '2026-03-14' });
  });
  it('local days: 23:30 UTC on 30 Sep is already 1 Oct in Vietnam', () => {
    expect(presetRange('lastQuarter', Date.UTC(2026, 8, 30, 23, 30))).toEqual({ from: '2026-07-01', to: '2026-09-30' });
  });
  it('percentages the Vietnamese way', () => {
    expect(percent(0.9234, 'vi')).toBe('92,3 %');
    expect(percent(0.9234, 'en')).toBe('92.3%');
    expect(percent(null, 'vi')).toBe('–');
  });
});
