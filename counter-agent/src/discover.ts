import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bonjour, type Service } from 'bonjour-service';

/**
 * Finding the commune hub on the LAN without typing its address: the hub's machine announces `_onestop-hub._tcp`
 * through avahi-daemon (the service file scripts/install/install-hub.sh writes); this browses for it with mDNS.
 */
export const HUB_SERVICE_TYPE = 'onestop-hub';

export interface FoundHub {
  /** the announced instance name ("onestop hub on HOSTNAME") */
  name: string;
  url: string;
  /** the commune's name as the hub says it now (GET /api/public/info), or null when it did not answer */
  commune: string | null;
}

export class DiscoveryError extends Error {}

export interface DiscoverOptions {
  timeoutMs: number;
  /** the local address to send and listen on (a PC with several networks); default: the system's choice */
  interface?: string;
}

/** Linux's IFF_UP and IFF_MULTICAST (linux/if.h), as /sys/class/net/NAME/flags shows them. */
const IFF_UP = 0x1;
const IFF_MULTICAST = 0x1000;

/**
 * Why mDNS cannot go through the interface with this address (or through any, when none is given), or null when it
 * can or the system does not say (not Linux). An interface without the MULTICAST flag (Linux's loopback, some VPN
 * and point-to-point links) sends no multicast to the LAN: browsing there would wait and then say that no hub
 * answered, which sends the person to look at the hub instead of at this PC's network.
 */
export function multicastProblem(address: string | undefined, netDir = '/sys/class/net'): string | null {
  const interfaces = os.networkInterfaces();
  const flagsOf = (name: string): number | null => {
    try {
      return parseInt(fs.readFileSync(path.join(netDir, name, 'flags'), 'utf8'), 16);
    } catch {
      return null;
    }
  };
  if (address) {
    const name = Object.entries(interfaces).find(([, list]) => list?.some((i) => i.address === address))?.[0];
    if (!name) return `no network interface of this PC has the address ${address} (--mdns-interface)`;
    const flags = flagsOf(name);
    if (flags === null) return null;
    if (!(flags & IFF_MULTICAST)) return `the network interface ${name} (${address}) cannot send multicast (it has no MULTICAST flag)`;
    if (!(flags & IFF_UP)) return `the network interface ${name} (${address}) is down`;
    return null;
  }
  const all = Object.keys(interfaces).map((name) => ({ name, flags: flagsOf(name) }));
  if (all.some((i) => i.flags === null)) return null;
  if (!all.some((i) => i.flags! & IFF_UP && i.flags! & IFF_MULTICAST)) return `no network interface of this PC can send multicast (${all.map((i) => i.name).join(', ') || 'none'})`;
  return null;
}

/** Every hub that answers within the time (all of them, so that two hubs on one LAN are noticed). */
export async function discoverHubs(opts: DiscoverOptions): Promise<FoundHub[]> {
  const problem = multicastProblem(opts.interface);
  if (problem) throw new DiscoveryError(`multicast (mDNS) is not available here: ${problem}. Give the hub's address with --hub http://ADDRESS:8080`);
  const services = new Map<string, Service>();
  let socketError: Error | null = null;
  // the options go to multicast-dns; the package's typing names its service fields instead. With an interface it
  // binds to that address unless told otherwise, and a socket bound to a unicast address receives no multicast on
  // Linux: it listens on every address and joins the group on that interface only.
  const mdnsOptions = (opts.interface ? { interface: opts.interface, bind: '0.0.0.0' } : {}) as ConstructorParameters<typeof Bonjour>[0];
  const bonjour = new Bonjour(mdnsOptions, (err: Error) => {
    socketError ??= err;
  });
  // the socket's own errors (port 5353 refused) and, on the interface asked for, its failures to join the group
  const mdns = (bonjour as unknown as { server: { mdns: NodeJS.EventEmitter } }).server.mdns;
  mdns.on('error', (err: Error) => (socketError ??= err));
  if (opts.interface) mdns.on('warning', (err: Error) => (socketError ??= err));
  try {
    const browser = bonjour.find({ type: HUB_SERVICE_TYPE, protocol: 'tcp' }, (s: Service) => services.set(s.fqdn ?? s.name, s));
    await new Promise((r) => setTimeout(r, opts.timeoutMs));
    browser.stop();
  } finally {
    await new Promise<void>((r) => bonjour.destroy(() => r()));
  }
  if (socketError && services.size === 0) {
    throw new DiscoveryError(`multicast (mDNS) is not available here: ${(socketError as Error).message}. Give the hub's address with --hub http://ADDRESS:8080`);
  }
  const hubs: FoundHub[] = [];
  for (const s of services.values()) {
    const address = (s.addresses ?? []).find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)) ?? s.referer?.address;
    if (!address) continue;
    const path = typeof s.txt?.path === 'string' ? s.txt.path : '/';
    const url = new URL(path, `http://${address}:${s.port}`).toString().replace(/\/$/, '');
    hubs.push({ name: s.name, url, commune: await communeName(url) });
  }
  return hubs.sort((a, b) => a.url.localeCompare(b.url));
}

async function communeName(url: string): Promise<string | null> {
  try {
    const res = await fetch(`${url}/api/public/info`, { signal: AbortSignal.timeout(3000) });
    const body = (await res.json()) as { ok?: boolean; data?: { communeName?: unknown } };
    return body.ok && typeof body.data?.communeName === 'string' ? body.data.communeName : null;
  } catch {
    return null;
  }
}

/**
 * The hub to pair with: the only one found (said with its commune's name), or the one the person picks when
 * several answer. `ask` shows a question and answers the typed line, or is null when nobody can answer (no terminal).
 */
export async function chooseHub(opts: DiscoverOptions, say: (line: string) => void, ask: ((q: string) => Promise<string>) | null): Promise<string> {
  say(`Đang tìm hub trong mạng LAN (mDNS, ${Math.round(opts.timeoutMs / 1000)} s) / looking for the hub on the LAN…`);
  const hubs = await discoverHubs(opts);
  if (hubs.length === 0) {
    throw new DiscoveryError(
      'no hub answered on the LAN (mDNS). Check that the hub is running and avahi-daemon is installed on it (sudo apt-get install avahi-daemon), ' +
        'that this PC is on the same network (Wi-Fi "client isolation" and separate VLANs block multicast); or give the address with --hub http://ADDRESS:8080',
    );
  }
  const label = (h: FoundHub) => `${h.commune ?? '?'} — ${h.url}`;
  if (hubs.length === 1) {
    say(`Tìm thấy / found: ${label(hubs[0]!)}`);
    return hubs[0]!.url;
  }
  hubs.forEach((h, i) => say(`  ${i + 1}. ${label(h)}`));
  if (!ask) throw new DiscoveryError(`${hubs.length} hubs answered; choose one with --hub URL (listed above)`);
  const answer = (await ask(`Chọn hub / choose a hub (1-${hubs.length}): `)).trim();
  const n = Number(answer);
  if (!Number.isInteger(n) || n < 1 || n > hubs.length) throw new DiscoveryError(`no hub chosen ("${answer}")`);
  return hubs[n - 1]!.url;
}
