import { dayBounds } from '@onestop/shared';
import type { Db } from '../db/open.js';

export type SmsFigures = {
  sent: number;
  delivered: number;
  failed: number;
};

/**
 * A local day's SMS figures for the daily summary, the statistics page and exports (one query for all).
 * Each message counts on the day each thing happened to it:
 *  - sent: accepted by the gateway that day (`sent_at`), whatever happened later;
 *  - delivered: a delivery report that day (`delivered_at`);
 *  - failed: ended unsuccessfully that day (`failed_at`): refused by the gateway, reported undelivered, never
 *    confirmed, or expired unsent. Cancelled messages (no longer true, template off) are not failures.
 * A message resent by an admin is a new message: the first counts as failed, the second as sent (and delivered).
 */
export function smsFigures(db: Db, day: string): SmsFigures {
  return smsFiguresBetween(db, day, day);
}

/** The same figures over the local days `from`..`to` (both included): the statistics page and the exports. */
export function smsFiguresBetween(db: Db, from: string, to: string): SmsFigures {
  const start = dayBounds(from).start;
  const end = dayBounds(to).end;
  const r = db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM sms_messages WHERE sent_at >= @start AND sent_at < @end) AS sent,
         (SELECT COUNT(*) FROM sms_messages WHERE status = 'delivered' AND delivered_at >= @start AND delivered_at < @end) AS delivered,
         (SELECT COUNT(*) FROM sms_messages WHERE status IN ('failed', 'expired') AND failed_at >= @start AND failed_at < @end) AS failed`,
    )
    .get({ start, end }) as SmsFigures;
  return { sent: r.sent, delivered: r.delivered, failed: r.failed };
}
