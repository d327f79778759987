import { addDays, dayBounds, isWorkingDay, localDay, localMinutes, minutesOf, type WorkCalendar } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Services } from '../services.js';
import { checkLink, displayUrl } from '../upstream/client.js';
import { fail, ok, warn, type Finding } from './types.js';

const MIN = 60_000;
const TIMEOUT_MS = 8000;

/**
 * The system clock against the newest rating the hub stored (a clock behind it went back, e.g. a Raspberry Pi
 * without a battery after a power cut), and against the upstream server's Date header when it answers.
 */
export async function checkClock(db: Db, now: number, upstreamUrl: string | undefined): Promise<Finding> {
  // the doctor inspects the whole database read-only, as the backup check does; it changes nothing here
  const newest = (db.prepare('SELECT MAX(received_at) AS at FROM ratings').get() as { at: number | null }).at;
  if (newest !== null && newest > now + 5 * MIN) return fail('clock', 'clock-behind-data', { now: new Date(now).toISOString(), newest: new Date(newest).toISOString() });
  if (upstreamUrl) {
    try {
      const res = await fetch(new URL('/', upstreamUrl), { method: 'HEAD', signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
      const date = res.headers.get('date');
      if (date) {
        const skewS = Math.round((now - Date.parse(date)) / 1000);
        if (Math.abs(skewS) > 10 * 60) return fail('clock', 'clock-skewed', { skewS, server: displayUrl(upstreamUrl) });
        if (Math.abs(skewS) > 2 * 60) return warn('clock', 'clock-skewed', { skewS, server: displayUrl(upstreamUrl) });
        return ok('clock', 'clock-ok-server', { skewS, server: displayUrl(upstreamUrl) });
      }
    } catch {
      // unreachable: the upstream check says so; the stored data is still a reference
    }
  }
  return ok('clock', 'clock-ok-data', { now: new Date(now).toISOString() });
}

/** The province's receiver: the signed ping the sender uses (hub upstream test), without sending a summary. */
export async function checkUpstream(services: Services): Promise<Finding> {
  const s = services.settings.upstreamSending();
  if (!s.url || !s.secret) return warn('upstream', 'upstream-off');
  const r = await checkLink({ url: s.url, code: s.commune.code, secret: s.secret }, Date.now(), TIMEOUT_MS);
  const where = displayUrl(s.url);
  if (r.ok) return ok('upstream', 'upstream-ok', { url: where });
  return fail('upstream', 'upstream-failed', { url: where, reason: r.status ? `HTTP ${r.status} ${r.reason}` : r.reason });
}

/**
 * The last office day (docs/decisions/0012 for the calendar): today once its office hours have begun (the first
 * window of alerts.officeHours, 07:30 by default) on a working day; otherwise the latest working day before today,
 * weekends and the calendar's days off skipped and weekend days worked in exchange counted. Before the office
 * opens, yesterday's (or Friday's) day is the one a device should have been seen on, not today's.
 */
export function lastOfficeDay(now: number, cal: WorkCalendar, officeHours: readonly string[]): string {
  const today = localDay(now);
  const opens = Math.min(...officeHours.map((w) => minutesOf(w.split('-')[0]!)));
  if (isWorkingDay(today, cal) && localMinutes(now) >= opens) return today;
  let day = today;
  // a year without a working day is a broken calendar: the day before then, rather than looping on
  for (let i = 0; i < 366; i++) {
    day = addDays(day, -1);
    if (isWorkingDay(day, cal)) return day;
  }
  return addDays(today, -1);
}

/**
 * Each counter's devices on the last office day: seen that day means connected or reported (device_days) or a
 * rating dated that day, as the daily summary counts them (devices/figures.ts). A counter with no device, or a
 * device not seen that day (with the day it was last seen), is named: a box unplugged for weeks is as missing as
 * one unplugged yesterday. A device paired after that day is judged by whether it was seen since.
 */
export function checkDevices(db: Db, services: Services, now: number): Finding {
  const counters = services.counters.list();
  if (counters.length === 0) return warn('devices', 'devices-no-counters');
  const devices = services.devices.list().filter((d) => !d.revoked);
  if (!devices.some((d) => d.lastSeenAt !== null)) return warn('devices', 'devices-never-seen', { counters: counters.length });
  const day = lastOfficeDay(now, services.procedures.calendar(), services.settings.alerts().officeHours);
  const seen = new Set(
    (db.prepare('SELECT device_id AS id FROM device_days WHERE day = ? UNION SELECT device_id FROM ratings WHERE day = ?').all(day, day) as { id: string }[]).map((r) => r.id),
  );
  const pairedAfter = new Set(
    (db.prepare('SELECT id FROM devices WHERE created_at >= ?').all(dayBounds(day).end) as { id: string }[]).map((r) => r.id),
  );
  const missing: string[] = [];
  for (const c of counters) {
    const own = devices.filter((d) => d.counterId === c.id);
    if (own.length === 0) missing.push(`${c.name} (—)`);
    for (const d of own) {
      if (seen.has(d.id) || (pairedAfter.has(d.id) && d.lastSeenAt !== null)) continue;
      missing.push(`${c.name} (${d.kind}${d.label ? ` ${d.label}` : ''}, ${d.lastSeenAt !== null ? localDay(d.lastSeenAt) : '—'})`);
    }
  }
  if (missing.length) return warn('devices', 'devices-missing', { day, missing: missing.join(', ') });
  return ok('devices', 'devices-ok', { day, counters: counters.length, devices: devices.length });
}

/** Node.js as package.json's engines asks, and the machine's time zone (the logs and the journal read in local time). */
export function checkNode(version = process.versions.node): Finding {
  const [a, b] = version.split('.').map(Number) as [number, number];
  if (a > 20 || (a === 20 && b >= 19)) return ok('node', 'node-ok', { version });
  return fail('node', 'node-old', { version, need: '20.19' });
}

export function checkTimezone(zone = Intl.DateTimeFormat().resolvedOptions().timeZone): Finding {
  if (zone === 'Asia/Ho_Chi_Minh' || zone === 'Asia/Saigon' || zone === 'Asia/Bangkok') return ok('timezone', 'timezone-ok', { zone });
  return warn('timezone', 'timezone-other', { zone });
}
