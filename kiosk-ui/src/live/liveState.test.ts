import { describe, expect, it } from 'vitest';
import { dayBounds, type DevicePresence, type LiveSnapshot } from '@onestop/shared';
import { liveReducer, satisfactionPct } from './liveState';

const DAY = '2025-03-10';
const noon = dayBounds(DAY).start + 12 * 3600_000;

const device = (over: Partial<DevicePresence> = {}): DevicePresence => ({
  deviceId: 'd-1',
  counterId: 'q-1',
  kind: 'kiosk',
  label: null,
  online: true,
  lastSeenAt: noon,
  revoked: false,
  box: null,
  ...over,
});

const snapshot = (): LiveSnapshot => ({
  day: DAY,
  counters: [{ id: 'q-1', name: 'Quầy 1', buttons: 4, total: 2, flagged: 0, byScore: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 }, lastRatingAt: noon, devices: [device()] }],
});

const rating = (score: number, flagged = false, at = noon + 1000) => ({ type: 'rating' as const, rating: { id: 'r', counterId: 'q-1', deviceId: 'd-1', score, flagged, source: 'touch' as const, at } });

describe('liveReducer', () => {
  it('counts a rating in total and its level; a flagged one only as flagged', () => {
    let s = liveReducer(snapshot(), rating(4));
    s = liveReducer(s, rating(5, true));
    const c = s!.counters[0]!;
    expect(c.total).toBe(3);
    expect(c.byScore['4']).toBe(1);
    expect(c.byScore['5']).toBe(1);
    expect(c.flagged).toBe(1);
    expect(satisfactionPct(c)).toBe(67);
  });

  it('ignores a rating dated an earlier day and starts afresh on a later one', () => {
    const before = liveReducer(snapshot(), rating(5, false, dayBounds(DAY).start - 1000));
    expect(before!.counters[0]!.total).toBe(2);
    const next = liveReducer(snapshot(), rating(3, false, dayBounds(DAY).end + 1000));
    expect(next!.day).toBe('2025-03-11');
    expect(next!.counters[0]!.total).toBe(1);
    expect(next!.counters[0]!.byScore).toEqual({ '1': 0, '2': 0, '3': 1, '4': 0, '5': 0 });
  });

  it('updates, adds and drops (revoked) devices', () => {
    let s = liveReducer(snapshot(), { type: 'presence', presence: device({ online: false }) });
    expect(s!.counters[0]!.devices[0]!.online).toBe(false);
    s = liveReducer(s, { type: 'presence', presence: device({ deviceId: 'd-2', kind: 'agent' }) });
    expect(s!.counters[0]!.devices.map((d) => d.deviceId)).toEqual(['d-1', 'd-2']);
    s = liveReducer(s, { type: 'presence', presence: device({ revoked: true, online: false }) });
    expect(s!.counters[0]!.devices.map((d) => d.deviceId)).toEqual(['d-2']);
  });

  it('has no satisfaction figure without ratings', () => {
    expect(satisfactionPct({ total: 0, byScore: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } })).toBeNull();
  });
});
