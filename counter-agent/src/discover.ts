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

/** Every hub that answers within the time (all of them, so that two hubs on one LAN are noticed). */
export async function discoverHubs(opts: DiscoverOptions): Promise<FoundHub[]> {
  const services = new Map<string, Service>();
  let socketError: Error | null = null;
  // the options go to multicast-dns (interface, …); the package's typing names its service fields instead
  const mdnsOptions = (opts.interface ? { interface: opts.interface } : {}) as ConstructorParameters<typeof Bonjour>[0];
  const bonjour = new Bonjour(mdnsOptions, (err: Error) => {
    socketError ??= err;
  });
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
