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

export type SmsFiguresByChannel = { sms: SmsFigures; zns: SmsFigures };

/**
 * The same figures split by channel (Zalo ZNS first, SMS as the fallback; migration 12), for the statistics page
 * and the exports. The upstream summary keeps the totals above: its contract has no channel.
 *  - sent / delivered: by the channel that delivered the message (`channel`; messages from before ZNS are SMS);
 *  - failed: for SMS as above; for ZNS, the messages whose last channel was ZNS and that failed, plus every ZNS
 *    refusal that was sent by SMS instead (an attempt refused that day). So zns.failed + sms.failed may exceed the
 *    total: a refusal replaced by an SMS is a ZNS failure but not a failed message.
 */
export function smsFiguresByChannel(db: Db, from: string, to: string): SmsFiguresByChannel {
  const start = dayBounds(from).start;
  const end = dayBounds(to).end;
  const q = (channelSql: string) =>
    db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM sms_messages WHERE ${channelSql} AND sent_at >= @start AND sent_at < @end) AS sent,
           (SELECT COUNT(*) FROM sms_messages WHERE ${channelSql} AND status = 'delivered' AND delivered_at >= @start AND delivered_at < @end) AS delivered,
           (SELECT COUNT(*) FROM sms_messages WHERE ${channelSql} AND status IN ('failed', 'expired') AND failed_at >= @start AND failed_at < @end) AS failed`,
      )
      .get({ start, end }) as SmsFigures;
  const sms = q("COALESCE(channel, 'sms') = 'sms'");
  const zns = q("channel = 'zns'");
  const refused = db
    .prepare("SELECT COUNT(*) FROM sms_attempts WHERE channel = 'zns' AND outcome = 'refused' AND ended_at >= @start AND ended_at < @end")
    .pluck()
    .get({ start, end }) as number;
  return {
    sms: { sent: sms.sent, delivered: sms.delivered, failed: sms.failed },
    zns: { sent: zns.sent, delivered: zns.delivered, failed: zns.failed + refused },
  };
}
