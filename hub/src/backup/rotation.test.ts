import { describe, expect, it } from 'vitest';
import { backupName, backupTime, toKeep } from './rotation.js';

const DAY = 86_400_000;
/** Monday 23 November 2026, 02:00 in Vietnam */
const MON = Date.UTC(2026, 10, 22, 19, 0, 0);

describe('backup names and rotation', () => {
  it('names a backup by its local time and reads the time back', () => {
    expect(backupName(MON)).toBe('hub-20261123-020000.sqlite');
    expect(backupTime('hub-20261123-020000.sqlite')).toBe(MON);
    expect(backupTime('hub.sqlite')).toBeNull();
    expect(backupTime('hub-20261123-020000.sqlite.partial')).toBeNull();
  });

  it('keeps the newest of each of the last 7 days and of each of the last 4 weeks', () => {
    // 40 nightly backups, Monday 23 Nov (day 0) to Friday 1 Jan (day 39), plus a second one on day 39
    const names = Array.from({ length: 40 }, (_, i) => backupName(MON + i * DAY));
    names.push(backupName(MON + 39 * DAY + 3_600_000));
    const keep = [...toKeep(names, 7, 4)].sort();
    const day = (i: number, h = 0) => backupName(MON + i * DAY + h * 3_600_000);
    // daily: days 33–39 (the later copy of day 39 replaces the earlier); weekly: the newest of the weeks starting Monday day 35, 28, 21, 14
    expect(keep).toEqual([day(20), day(27), day(33), day(34), day(35), day(36), day(37), day(38), day(39, 1)].sort());
  });

  it('counts only days and weeks that have a backup: a hub off for a month keeps its last good copies', () => {
    const names = [0, 1, 2, 40].map((i) => backupName(MON + i * DAY));
    expect(toKeep(names, 7, 4).size).toBe(4);
    expect([...toKeep(names, 2, 1)].sort()).toEqual([backupName(MON + 2 * DAY), backupName(MON + 40 * DAY)].sort());
  });
});
