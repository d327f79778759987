import { dayBounds } from '@onestop/shared';
import type { Db } from '../db/open.js';

/**
 * The `devices` block of a day's summary (upstream contract v1): devices paired before the day ended and not revoked
 * by then, and those seen that day: connected or reported (device_days), or that made a rating dated that day
 * (delivered later from an outbox).
 */
export function deviceFigures(db: Db, day: string): { configured: number; seenToday: number } {
  const { end } = dayBounds(day);
  const configured = (
    db.prepare('SELECT COUNT(*) AS n FROM devices WHERE created_at < ? AND (revoked_at IS NULL OR revoked_at >= ?)').get(end, end) as { n: number }
  ).n;
  const seenToday = (
    db.prepare('SELECT COUNT(*) AS n FROM (SELECT device_id FROM device_days WHERE day = ? UNION SELECT device_id FROM ratings WHERE day = ?)').get(day, day) as { n: number }
  ).n;
  return { configured, seenToday };
}
