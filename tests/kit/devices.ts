import { io as connect, type Socket } from 'socket.io-client';
import type { TestHub } from './hub.js';

/** A device paired through the REST endpoint, as an agent or kiosk would. */
export async function pairDevice(h: Pick<TestHub, 'hub' | 'url'>, counterId: string, kind: 'agent' | 'kiosk' = 'agent') {
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
