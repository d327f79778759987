import { localDay } from '@onestop/shared';
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
 * Each counter's devices on the last office day (the latest local day any device was seen): a counter with no
 * device, or a device that stayed away that day, is named.
 */
export function checkDevices(services: Services): Finding {
  const counters = services.counters.list();
  if (counters.length === 0) return warn('devices', 'devices-no-counters');
  const devices = services.devices.list().filter((d) => !d.revoked);
  const seenDays = devices.filter((d) => d.lastSeenAt !== null).map((d) => localDay(d.lastSeenAt!));
  if (seenDays.length === 0) return warn('devices', 'devices-never-seen', { counters: counters.length });
  const day = seenDays.sort().at(-1)!;
  const missing: string[] = [];
  for (const c of counters) {
    const own = devices.filter((d) => d.counterId === c.id);
    if (own.length === 0) missing.push(`${c.name} (—)`);
    for (const d of own) if (!d.lastSeenAt || localDay(d.lastSeenAt) !== day) missing.push(`${c.name} (${d.kind}${d.label ? ` ${d.label}` : ''})`);
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
