/**
 * The socket protocol's edges as docs/protocols/socket.md states them ("Edges: what the hub does with…", "The minimum
 * interval"): an event nobody listens to, a message over the size bound, a refused Origin, a gap exactly equal to the
 * minimum interval. Real socket.io clients against the test kit's hub; what is asserted is what a client sees.
 */
import http from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { MAX_SOCKET_MESSAGE_BYTES, uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { connected, pairDevice, startTestHub, type TestHub } from './kit/index.js';
import { hubRows } from './helpers/db.js';
import { frameBytes, largestValidRating } from '../scripts/docs/socket-doc.ts';

let h: TestHub | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await h?.close();
  h = null;
});

const track = (s: Socket) => (sockets.push(s), s);
const count = () => hubRows<{ n: number }>(h!.dataDir, 'SELECT COUNT(*) AS n FROM ratings')[0]!.n;
const submit = (s: Socket, e: unknown) => s.timeout(5000).emitWithAck('rating:submit', e) as Promise<Ack<RatingAckData>>;

async function setup(opts: { minIntervalS?: number } = {}) {
  const lines: Record<string, unknown>[] = [];
  h = await startTestHub({ log: pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) }) });
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS: opts.minIntervalS ?? 3 });
  const dev = await pairDevice(h, counter.id);
  return { h, dev, lines };
}

/** A device socket over the given transport, connected. */
async function device(url: string, token: string, transport: 'websocket' | 'polling'): Promise<Socket> {
  const s = track(connect(`${url}/device`, { auth: { token }, transports: [transport], reconnection: false, forceNew: true }));
  await connected(s);
  return s;
}

const press = (at: number, extra: Record<string, unknown> = {}) => ({ id: uuidv7(at), source: 'button', button: 1, deviceTime: at, ...extra });

describe('an event nobody listens to', () => {
  it('sent with an ack is answered not-found at once, logged, changes nothing, and the socket stays usable', async () => {
    const { h, dev, lines } = await setup();
    const s = await device(h.url, dev.token, 'websocket');
    expect(await s.timeout(5000).emitWithAck('rating:delete', { id: 'x' })).toEqual({ ok: false, reason: 'not-found', detail: 'no event "rating:delete" on /device' });
    expect(await s.timeout(5000).emitWithAck('no-payload-either')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(lines).toContainEqual(expect.objectContaining({ module: 'sockets', namespace: '/device', event: 'rating:delete', reason: 'not-found' }));
    expect(count()).toBe(0);
    expect(s.connected).toBe(true);
    expect(await submit(s, press(h.clock.now()))).toMatchObject({ ok: true });
  });

  it('sent without an ack gets no answer and changes nothing; the events that exist are not touched by the catch-all', async () => {
    const { h, dev, lines } = await setup();
    const s = await device(h.url, dev.token, 'websocket');
    s.emit('rating:delete', { id: 'x' });
    // the socket's messages are handled in order: once this ack is back, the unknown event before it was handled
    expect(await submit(s, press(h.clock.now()))).toMatchObject({ ok: true, data: { duplicate: false } });
    expect(lines.filter((l) => l.reason === 'not-found').map((l) => l.event)).toEqual(['rating:delete']);
    expect(count()).toBe(1);
  });

  it('is answered the same on the public /display namespace, which listens to nothing', async () => {
    const { h } = await setup();
    const s = track(connect(`${h.url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true }));
    await connected(s);
    expect(await s.timeout(5000).emitWithAck('display:figures', {})).toEqual({ ok: false, reason: 'not-found', detail: 'no event "display:figures" on /display' });
  });
});

describe('a message over the size bound', () => {
  const bound = MAX_SOCKET_MESSAGE_BYTES;
  /** a rating whose WebSocket frame is exactly `bytes` long (the first ack of a fresh socket has id 0) */
  const ofFrameBytes = (at: number, bytes: number) => {
    const e = press(at, { comment: '' });
    const fill = bytes - frameBytes('rating:submit', e, 0);
    return { ...e, comment: 'x'.repeat(fill) };
  };

  it('over a WebSocket: a frame of exactly the bound is read (and refused by its schema); one byte more closes the connection', async () => {
    const { h, dev, lines } = await setup();
    const at = await device(h.url, dev.token, 'websocket');
    expect(frameBytes('rating:submit', ofFrameBytes(h.clock.now(), bound), 0)).toBe(bound);
    expect(await submit(at, ofFrameBytes(h.clock.now(), bound))).toMatchObject({ ok: false, reason: 'invalid-payload' });

    const over = await device(h.url, dev.token, 'websocket');
    const offline = new Promise<void>((r) => h.hub.io.of('/device').sockets.forEach((sock) => sock.data.device && sock.once('disconnect', () => r())));
    const gone = new Promise<string>((r) => over.once('disconnect', (why) => r(why)));
    const ack = submit(over, ofFrameBytes(h.clock.now(), bound + 1)).then(
      (a) => ({ answered: a }),
      (e: Error) => ({ rejected: e.message }),
    );
    expect(await gone).toBe('transport close');
    expect(await ack).toEqual({ rejected: 'socket has been disconnected' });
    await offline;
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'device offline', why: 'transport error', detail: expect.stringContaining('Max payload size exceeded') }));
    expect(count()).toBe(0);
    // the other connection of the same device was not touched
    expect(at.connected).toBe(true);
  });

  it('over long-polling: the POST is refused and the client disconnects with a transport error, storing nothing', async () => {
    const { h, dev } = await setup();
    const s = await device(h.url, dev.token, 'polling');
    const gone = new Promise<string>((r) => s.once('disconnect', (why) => r(why)));
    const ack = submit(s, { ...press(h.clock.now()), comment: 'x'.repeat(bound) }).then(
      (a) => ({ answered: a }),
      (e: Error) => ({ rejected: e.message }),
    );
    expect(await gone).toBe('transport error');
    expect(await ack).toEqual({ rejected: 'socket has been disconnected' });
    expect(count()).toBe(0);
  });

  it('is never met by a valid rating: the largest one the schema accepts is stored', async () => {
    const { h, dev } = await setup();
    const s = await device(h.url, dev.token, 'websocket');
    const e = { ...largestValidRating(), id: uuidv7(h.clock.now()), button: 4, deviceTime: h.clock.now() };
    expect(await submit(s, e)).toMatchObject({ ok: true, data: { duplicate: false } });
    expect(count()).toBe(1);
  });
});

describe('a refused Origin', () => {
  /** a raw HTTP request to the socket.io endpoint, as a browser of another site would make it */
  const raw = (url: string, headers: http.OutgoingHttpHeaders, transport: 'polling' | 'websocket') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get(`${url}/socket.io/?EIO=4&transport=${transport}`, { headers });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('upgrade', () => reject(new Error('upgraded, but should have been refused')));
      req.on('error', reject);
    });

  it('refuses the handshake before the token is looked at: a client sees a transport error with no reason', async () => {
    const { h, dev, lines } = await setup();
    const seen: { transport: string; message: string; type: unknown; data: unknown }[] = [];
    for (const transport of ['websocket', 'polling'] as const) {
      const s = track(connect(`${h.url}/device`, { auth: { token: dev.token }, transports: [transport], reconnection: false, forceNew: true, extraHeaders: { origin: 'http://evil.example' } }));
      const err = await new Promise<Error & { type?: unknown; data?: unknown }>((resolve, reject) => {
        s.once('connect', () => reject(new Error('connected from a foreign Origin')));
        s.once('connect_error', resolve);
      });
      seen.push({ transport, message: err.message, type: err.type, data: err.data });
    }
    expect(seen).toEqual([
      { transport: 'websocket', message: 'websocket error', type: 'TransportError', data: undefined },
      { transport: 'polling', message: 'xhr poll error', type: 'TransportError', data: undefined },
    ]);
    expect(lines.filter((l) => l.reason === 'forbidden-origin')).toHaveLength(2);
    expect(h.hub.services.devices.isOnline(dev.deviceId)).toBe(false);
  });

  it('answers the handshake 403 over long-polling and 400 to a WebSocket upgrade, both saying forbidden-origin', async () => {
    const { h } = await setup();
    expect(await raw(h.url, { origin: 'http://evil.example' }, 'polling')).toEqual({ status: 403, body: '{"code":4,"message":"forbidden-origin"}' });
    const upgrade = { origin: 'http://evil.example', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    expect(await raw(h.url, upgrade, 'websocket')).toEqual({ status: 400, body: 'forbidden-origin' });
    // the hub's own origin passes the same check
    expect((await raw(h.url, { origin: h.url }, 'polling')).status).toBe(200);
  });
});

describe('a gap exactly equal to the minimum interval', () => {
  it('is not too close: 3000 ms after the last rating is counted, 2999 ms is flagged', async () => {
    const { h, dev } = await setup({ minIntervalS: 3 });
    const s = await device(h.url, dev.token, 'websocket');
    // the device's clock and the hub's advance together, so the gap is the same whichever clock dates the rating
    expect(await submit(s, press(h.clock.now()))).toMatchObject({ ok: true, data: { flagged: false } });
    h.clock.advance(3000);
    expect(await submit(s, press(h.clock.now()))).toMatchObject({ ok: true, data: { flagged: false } });
    h.clock.advance(2999);
    expect(await submit(s, press(h.clock.now()))).toMatchObject({ ok: true, data: { flagged: true } });
    expect(hubRows(h.dataDir, 'SELECT flagged FROM ratings ORDER BY rated_at')).toEqual([{ flagged: 0 }, { flagged: 0 }, { flagged: 1 }]);
  });

  it('counts the gap to the nearest rating on either side: a late rating exactly one interval before another is counted', async () => {
    const { h, dev } = await setup({ minIntervalS: 3 });
    const s = await device(h.url, dev.token, 'websocket');
    const t = h.clock.now();
    h.clock.advance(10_000);
    // from an agent's outbox after a cut: made earlier, arriving later, dated by the device's clock (the hub's clock
    // moves on by the interval between arrivals, so no rule on arrival times can be what flags them)
    expect(await submit(s, press(t + 6000))).toMatchObject({ ok: true, data: { flagged: false } });
    h.clock.advance(3000);
    expect(await submit(s, press(t + 3000))).toMatchObject({ ok: true, data: { flagged: false } });
    h.clock.advance(3000);
    expect(await submit(s, press(t + 4500))).toMatchObject({ ok: true, data: { flagged: true } });
  });
});

describe('the bounds around the namespaces', () => {
  it('the default namespace refuses everyone, even with a good device token', async () => {
    const { h, dev } = await setup();
    const s = track(connect(h.url, { auth: { token: dev.token }, transports: ['websocket'], reconnection: false, forceNew: true }));
    const err = await new Promise<Error & { data?: { reason?: string } }>((resolve, reject) => {
      s.once('connect', () => reject(new Error('connected to /')));
      s.once('connect_error', resolve);
    });
    expect(err.data).toEqual({ reason: 'not-found' });
  });

  it('a REST body over 16 KiB, or not JSON, is invalid-payload and pairs nothing', async () => {
    const { h } = await setup();
    const counter = h.hub.services.counters.create({ name: 'Quầy 2' });
    const { code } = h.hub.services.devices.createPairingCode(counter.id);
    const post = async (body: string) => {
      const r = await fetch(`${h.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const b = (await r.json()) as { reason: string; detail?: string };
      return [r.status, b.reason, b.detail];
    };
    // one byte over the bound: refused before it is read, whatever it holds
    const padded = (bytes: number) => `{"code":"${code}","kind":"agent"}`.padEnd(bytes, ' ');
    expect(await post(padded(16 * 1024 + 1))).toEqual([400, 'invalid-payload', 'body too large']);
    expect(await post('{"code": ')).toEqual([400, 'invalid-payload', 'body is not valid JSON']);
    expect(hubRows(h.dataDir, 'SELECT id FROM devices')).toHaveLength(1);
    // the code was not spent by the refused requests, and a body of exactly 16 KiB is read
    expect(await post(padded(16 * 1024))).toEqual([200, undefined, undefined]);
  });
});
