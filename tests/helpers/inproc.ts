import { io as connect, type Socket } from 'socket.io-client';
import path from 'node:path';
import { createHub, type Hub } from '../../hub/src/app.js';
import { parseConfig } from '../../hub/src/config/config.js';
import { openDb } from '../../hub/src/db/open.js';
import { silentLogger } from '../../hub/src/log.js';
import { tmpDir } from './procs.js';

export class TestClock {
  constructor(public t = Date.UTC(2026, 10, 21, 2, 0, 0)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

export interface InprocHub {
  hub: Hub;
  url: string;
  clock: TestClock;
  dataDir: string;
  close(): Promise<void>;
}

/** A hub built by createHub in this process on port 0, with a real SQLite file and an injected clock. */
export async function inprocHub(opts: { clock?: TestClock; allowedOrigins?: string[] } = {}): Promise<InprocHub> {
  const dataDir = tmpDir('inproc-');
  const clock = opts.clock ?? new TestClock();
  const config = parseConfig({ dataDir, port: 0, host: '127.0.0.1', demo: false, allowedOrigins: opts.allowedOrigins ?? [], commune: { code: '26734', name: 'Xã Ví Dụ' } });
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  const hub = createHub({ config, db, clock, log: silentLogger() });
  const port = await hub.listen(0, '127.0.0.1');
  return { hub, url: `http://127.0.0.1:${port}`, clock, dataDir, close: () => hub.close() };
}

/** A device paired through the REST endpoint, as an agent or kiosk would. */
export async function pairDevice(h: InprocHub, counterId: string, kind: 'agent' | 'kiosk' = 'agent') {
  const { code } = h.hub.services.devices.createPairingCode(counterId);
  const res = await fetch(`${h.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind }) });
  const body = (await res.json()) as { ok: true; data: { token: string; deviceId: string } };
  if (!body.ok) throw new Error(`pairing failed: ${JSON.stringify(body)}`);
  return body.data;
}

export function deviceSocket(url: string, token: string | undefined, extra: { origin?: string } = {}): Socket {
  return connect(`${url}/device`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(extra.origin ? { extraHeaders: { origin: extra.origin } } : {}),
  });
}

export function connected(s: Socket): Promise<void> {
  return new Promise((res, rej) => {
    if (s.connected) return res();
    s.once('connect', () => res());
    s.once('connect_error', (e) => rej(e));
  });
}

export function refusal(s: Socket): Promise<string> {
  return new Promise((res, rej) => {
    s.once('connect', () => rej(new Error('connected, but should have been refused')));
    s.once('connect_error', (e) => res((e as Error & { data?: { reason?: string } }).data?.reason ?? e.message));
  });
}
