import fs from 'node:fs';
import os from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';

/**
 * DNS rebinding: a page on evil.example whose name is made to resolve to the hub's address talks to the hub from a
 * browser on the office LAN, and its Origin (http://evil.example) matches its Host, so the Origin check alone lets
 * it in. The hub therefore answers only to the names it is known by (docs/operations.md, "Host names"):
 * localhost and the loopback addresses, this machine's addresses and name (and name.local, its mDNS name), the host
 * of the configured public URL, avahi's configured host name when there is one, and `allowedHosts`. Anything else
 * is refused with 421 host-not-allowed before any route runs, and socket.io handshakes likewise.
 *
 * A request without a Host header is let through: browsers always send one, so it is not a rebinding.
 */
export interface HostAllowList {
  allows(req: IncomingMessage): boolean;
  /** the names allowed right now (for the log at start and the refusal's log line) */
  names(): string[];
}

export interface HostSources {
  /** extra names from the configuration (allowedHosts) */
  extra?: readonly string[];
  /** URLs the hub is reached by from outside (PUBLIC_BASE_URL) */
  publicUrls?: readonly (string | undefined)[];
  /** injectable for tests; default os.networkInterfaces / os.hostname / avahi's config file */
  interfaces?: () => string[];
  hostname?: () => string;
  avahiConf?: string;
}

const FIXED = ['localhost', '127.0.0.1', '::1'];

/** a Host header's name: lower case, no port, no brackets, no trailing dot */
export function hostName(header: string): string {
  let h = header.trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  else if (h.lastIndexOf(':') !== -1 && h.indexOf(':') === h.lastIndexOf(':')) h = h.slice(0, h.lastIndexOf(':'));
  return h.replace(/\.$/, '');
}

const machineAddresses = () => Object.values(os.networkInterfaces()).flat().flatMap((i) => (i ? [i.address.replace(/%.*$/, '')] : []));

/** `host-name=` in avahi-daemon.conf: the mDNS name when the administrator set one other than the machine's name */
function avahiHostName(file: string): string | null {
  try {
    const m = /^\s*host-name\s*=\s*(\S+)/m.exec(fs.readFileSync(file, 'utf8'));
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

export function hostAllowList(src: HostSources = {}): HostAllowList {
  const interfaces = src.interfaces ?? machineAddresses;
  const hostname = src.hostname ?? os.hostname;
  const fixed = new Set([...FIXED, ...(src.extra ?? []).map(hostName)]);
  for (const u of src.publicUrls ?? []) if (u) fixed.add(hostName(new URL(u).host));
  const avahi = avahiHostName(src.avahiConf ?? '/etc/avahi/avahi-daemon.conf');
  if (avahi) fixed.add(`${hostName(avahi)}.local`);
  let current = new Set<string>();
  // addresses change (DHCP, a cable plugged in), so a name not known is looked up again before it is refused
  const refresh = () => {
    const names = new Set(fixed);
    for (const a of interfaces()) names.add(hostName(a.includes(':') ? `[${a}]` : a));
    const name = hostName(hostname());
    if (name) for (const n of [name, `${name}.local`]) names.add(n);
    current = names;
  };
  refresh();
  return {
    allows(req) {
      const header = req.headers.host;
      if (header === undefined) return true;
      const name = hostName(header);
      if (current.has(name)) return true;
      refresh();
      return current.has(name);
    },
    names: () => [...current].sort(),
  };
}

/** Refuses a request for a name not on the list: 421 Misdirected Request, reason host-not-allowed. */
export function hostGuard(list: HostAllowList, log: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (list.allows(req)) return next();
    log.warn({ host: req.headers.host, origin: req.headers.origin, path: req.url, reason: 'host-not-allowed' }, 'request refused: unknown Host (DNS rebinding?)');
    res.statusCode = 421;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ ok: false, reason: 'host-not-allowed', detail: 'this hub does not answer to that name; see allowedHosts in docs/operations.md' }));
  };
}
