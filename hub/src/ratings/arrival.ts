/**
 * Whether a rating arrives live or from a device's outbox after an outage (issue 11, finding 5;
 * docs/decisions/0086-rating-stuffing.md).
 *
 * The device's clock says when a rating was made, and that time decides its day (docs/decisions/0004). But a device
 * can say anything: one token sent 3,000 ratings in 1.2 s dated 30 days back, 4 s apart on its own clock, and the
 * minimum interval (checked on those dates) flagged none. What the device cannot forge is when the hub heard from it.
 * A backlog is legitimate only for ratings made while the device could not reach the hub: between the last time the
 * hub heard from it (or its pairing) and the moment its current connection opened. A rating dated inside that
 * window is a backlog and is checked on its own date, as before; any other is live, and must also keep the minimum
 * interval on the hub's receive time.
 */

/** Allowance for a device clock a little off the hub's at either end of the offline window. */
export const BACKLOG_CLOCK_SLACK_MS = 2 * 60_000;

/** The hub's view of a device connection, fixed when it opens (devices/socket.ts). */
export interface DeviceLink {
  /** hub time the hub last heard from the device before this connection (its pairing if never), or the connection's own start when another connection of the device was open */
  offlineSince: number;
  /** hub time this connection opened */
  connectedAt: number;
}

/** True when a rating dated `ratedAt` (hub-trusted) may have waited in the device's outbox while it was offline. */
export function isBacklog(link: DeviceLink, ratedAt: number): boolean {
  return ratedAt >= link.offlineSince - BACKLOG_CLOCK_SLACK_MS && ratedAt < link.connectedAt + BACKLOG_CLOCK_SLACK_MS;
}
