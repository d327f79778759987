import { describe, expect, it } from 'vitest';
import { BACKLOG_CLOCK_SLACK_MS, isBacklog } from './arrival.js';
import { SubmitLimit } from './submitLimit.js';

describe('live or backlog', () => {
  const link = { offlineSince: 1_000_000, connectedAt: 4_000_000 };
  it('a rating dated while the device was out of reach (with the clock slack at both ends) is backlog', () => {
    expect(isBacklog(link, 2_000_000)).toBe(true);
    expect(isBacklog(link, link.offlineSince - BACKLOG_CLOCK_SLACK_MS)).toBe(true);
    expect(isBacklog(link, link.connectedAt + BACKLOG_CLOCK_SLACK_MS - 1)).toBe(true);
  });
  it('one dated before the hub last heard from the device, or after the connection opened, is live', () => {
    expect(isBacklog(link, link.offlineSince - BACKLOG_CLOCK_SLACK_MS - 1)).toBe(false);
    expect(isBacklog(link, link.connectedAt + BACKLOG_CLOCK_SLACK_MS)).toBe(false);
    expect(isBacklog(link, link.offlineSince - 30 * 86_400_000)).toBe(false);
  });
});

describe('the per-device allowance', () => {
  it('a burst, then the refill rate, per device', () => {
    let now = 0;
    const limit = new SubmitLimit({ now: () => now }, 3, 2);
    expect([1, 2, 3, 4].map(() => limit.take('a'))).toEqual([true, true, true, false]);
    expect(limit.take('b')).toBe(true);
    now += 500;
    expect([limit.take('a'), limit.take('a')]).toEqual([true, false]);
  });
});
