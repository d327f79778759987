import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { connected, deviceSocket, nextEvent, startTestHub, pairDevice, refusal, TestClock, type TestHub } from './kit/index.js';
import { hubRows } from './helpers/db.js';
import { ROOT } from './helpers/procs.js';
import type { Socket } from 'socket.io-client';
import fs from 'node:fs';
import path from 'node:path';

let h: TestHub;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await h?.close();
});

const track = (s: Socket) => (sockets.push(s), s);
const submit = (s: Socket, e: unknown) => s.timeout(5000).emitWithAck('rating:submit', e) as Promise<Ack<RatingAckData>>;
const press = (clock: TestClock, button: number, extra: Record<string, unknown> = {}) => ({ id: uuidv7(clock.now()), source: 'button', button, deviceTime: clock.now(), ...extra });
const count = () => hubRows<{ n: number }>(h.dataDir, 'SELECT COUNT(*) AS n FROM ratings')[0]!.n;

async function setup(opts: { buttons?: number; minIntervalS?: number; kind?: 'agent' | 'kiosk' } = {}) {
  h = await startTestHub();
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: opts.buttons ?? 4, minIntervalS: opts.minIntervalS ?? 3 });
  const dev = await pairDevice(h, counter.id, opts.kind ?? 'agent');
  const s = track(deviceSocket(h.url, dev.token));
  await connected(s);
  return { counter, dev, s };
}

describe('pairing', () => {
  it('a code pairs one device once; the hub keeps only a hash of the token', async () => {
    h = await startTestHub();
    const c = h.hub.services.counters.create({ name: 'Quầy A', buttons: 3 });
    const { code } = h.hub.services.devices.createPairingCode(c.id);
    const post = (body: unknown) => fetch(`${h.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = await post({ code, kind: 'kiosk' });
    const body = (await first.json()) as { ok: boolean; data: { token: string; scale: unknown; counter: { name: string } } };
    expect(body.ok).toBe(true);
    expect(body.data.scale).toEqual({ buttons: 3, map: [5, 4, 2] });
    expect(body.data.counter.name).toBe('Quầy A');
    const again = await post({ code, kind: 'kiosk' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ ok: false, reason: 'pairing-code-used' });
    const stored = hubRows<{ token_hash: string }>(h.dataDir, 'SELECT token_hash FROM devices');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(body.data.token);
    expect(JSON.stringify(hubRows(h.dataDir, 'SELECT * FROM devices'))).not.toContain(body.data.token);
  });

  it('an expired code, an unknown code and a malformed body are refused with their reason, and pair nothing', async () => {
    h = await startTestHub();
    const c = h.hub.services.counters.create({ name: 'Quầy B' });
    const { code } = h.hub.services.devices.createPairingCode(c.id);
    const post = async (body: string) => {
      const r = await fetch(`${h.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return [r.status, ((await r.json()) as { reason: string }).reason] as const;
    };
    expect(await post(JSON.stringify({ code: '00000000', kind: 'agent' }))).toEqual([400, 'bad-pairing-code']);
    expect(await post('{"code": 123')).toEqual([400, 'invalid-payload']);
    expect(await post(JSON.stringify({ code, kind: 'toaster' }))).toEqual([400, 'invalid-payload']);
    expect(await post(JSON.stringify({ code, kind: 'agent', extra: 1 }))).toEqual([400, 'invalid-payload']);
    h.clock.advance(10 * 60 * 1000 + 1);
    expect(await post(JSON.stringify({ code, kind: 'agent' }))).toEqual([410, 'pairing-code-expired']);
    expect(hubRows(h.dataDir, 'SELECT * FROM devices')).toHaveLength(0);
  });
});

describe('socket authentication', () => {
  it('refuses a connection without a token or with an unknown one', async () => {
    await setup();
    expect(await refusal(track(deviceSocket(h.url, undefined)))).toBe('unauthorized');
    expect(await refusal(track(deviceSocket(h.url, 'x'.repeat(43))))).toBe('unauthorized');
  });

  it('revoking a device disconnects it at once and refuses its token afterwards', async () => {
    const { dev, s } = await setup();
    const revoked = new Promise<void>((r) => s.once('device:revoked', () => r()));
    const gone = new Promise<string>((r) => s.once('disconnect', (why) => r(why)));
    h.hub.services.devices.revoke(dev.deviceId);
    await revoked;
    expect(await gone).toBe('io server disconnect');
    expect(await refusal(track(deviceSocket(h.url, dev.token)))).toBe('token-revoked');
  });

  it('refuses a browser connection from an unexpected Origin, and accepts its own origin', async () => {
    const { dev } = await setup();
    const evil = track(deviceSocket(h.url, dev.token, { origin: 'http://evil.example' }));
    await expect(connected(evil)).rejects.toThrow();
    const own = track(deviceSocket(h.url, dev.token, { origin: h.url }));
    await connected(own);
  });

  it('closes a connection that sends a message over the size bound, storing nothing', async () => {
    const { s } = await setup();
    const gone = new Promise<void>((r) => s.once('disconnect', () => r()));
    s.emit('rating:submit', { ...press(h.clock, 1), comment: 'x'.repeat(40_000) }, () => {});
    await gone;
    expect(count()).toBe(0);
  });
});

describe('ratings over socket.io', () => {
  it('is acknowledged only after it is committed: the row is in the file when the ack arrives', async () => {
    const { s, counter } = await setup();
    const e = press(h.clock, 2);
    const ack = await submit(s, e);
    expect(ack).toEqual({ ok: true, data: { id: e.id, duplicate: false, flagged: false, score: 4 } });
    const rows = hubRows<{ id: string; score: number; counter_id: string; received_at: number; device_time: number }>(h.dataDir, 'SELECT * FROM ratings');
    expect(rows).toEqual([expect.objectContaining({ id: e.id, score: 4, counter_id: counter.id, received_at: h.clock.now(), device_time: e.deviceTime })]);
  });

  it('the same id again is acknowledged as a duplicate and stored once', async () => {
    const { s } = await setup();
    const e = press(h.clock, 1);
    await submit(s, e);
    expect(await submit(s, e)).toMatchObject({ ok: true, data: { duplicate: true, id: e.id } });
    expect(count()).toBe(1);
  });

  it('presses closer together than the minimum interval are stored but flagged, and kept out of the figures', async () => {
    const { s, counter } = await setup({ minIntervalS: 3 });
    expect((await submit(s, press(h.clock, 1))) as { data: RatingAckData }).toMatchObject({ data: { flagged: false } });
    h.clock.advance(1000);
    expect(await submit(s, press(h.clock, 4))).toMatchObject({ ok: true, data: { flagged: true } });
    h.clock.advance(1000);
    expect(await submit(s, press(h.clock, 4))).toMatchObject({ ok: true, data: { flagged: true } });
    h.clock.advance(3000);
    expect(await submit(s, press(h.clock, 2))).toMatchObject({ ok: true, data: { flagged: false } });
    expect(count()).toBe(4);
    const snap = h.hub.services.live.snapshot();
    const c = snap.counters.find((x) => x.id === counter.id)!;
    expect(c).toMatchObject({ total: 2, flagged: 2, byScore: { '5': 1, '4': 1, '3': 0, '2': 0, '1': 0 } });
  });

  it('a kiosk sends a score on its scale, with reasons and a comment', async () => {
    const { s } = await setup({ kind: 'kiosk', buttons: 3 });
    const e = { id: uuidv7(h.clock.now()), source: 'touch', score: 2, deviceTime: h.clock.now(), reasons: ['waiting-time', 'attitude'], comment: ' Chờ lâu quá ' };
    expect(await submit(s, e)).toMatchObject({ ok: true, data: { score: 2 } });
    expect(hubRows(h.dataDir, 'SELECT source, score, reasons, comment FROM ratings')).toEqual([
      { source: 'touch', score: 2, reasons: '["waiting-time","attitude"]', comment: 'Chờ lâu quá' },
    ]);
    expect(await submit(s, { ...e, id: uuidv7(h.clock.now()), score: 3 })).toMatchObject({ ok: false, reason: 'score-not-on-scale' });
  });

  it.each([
    ['not an object', 'hello', 'invalid-payload'],
    ['no id', { source: 'button', button: 1, deviceTime: 1 }, 'invalid-payload'],
    ['an id that is not a UUIDv7', { id: '123e4567-e89b-42d3-a456-426614174000', source: 'button', button: 1, deviceTime: 1 }, 'invalid-payload'],
    ['a button beyond the scale', 'BUTTON5', 'button-out-of-range'],
    ['a touch with a button', 'TOUCHBUTTON', 'invalid-payload'],
    ['an unknown field', 'EXTRA', 'invalid-payload'],
    ['an unknown reason', 'REASON', 'invalid-payload'],
    ['a negative time', 'NEGTIME', 'invalid-payload'],
  ])('refuses %s with a reason code and stores nothing', async (_what, payload, reason) => {
    const { s } = await setup({ buttons: 4 });
    const base = press(h.clock, 1);
    const p =
      payload === 'BUTTON5' ? { ...base, button: 5 }
      : payload === 'TOUCHBUTTON' ? { ...base, source: 'touch', score: 5 }
      : payload === 'EXTRA' ? { ...base, admin: true }
      : payload === 'REASON' ? { ...base, reasons: ['bribes'] }
      : payload === 'NEGTIME' ? { ...base, deviceTime: -5 }
      : payload;
    const ack = await submit(s, p);
    expect(ack).toMatchObject({ ok: false, reason });
    expect(count()).toBe(0);
    // the connection is still usable after a bad payload
    expect(await submit(s, press(h.clock, 1))).toMatchObject({ ok: true });
  });

  it('an event without an ack callback changes nothing', async () => {
    const { s } = await setup();
    s.emit('rating:submit', press(h.clock, 1));
    s.emit('no-such-event', { x: 1 });
    expect(await submit(s, { ...press(h.clock, 1) })).toMatchObject({ ok: true });
    expect(count()).toBe(1);
  });

  it('dates a rating by the hub clock when the device clock is implausible (a Pi without RTC after a power cut)', async () => {
    const { s } = await setup();
    const e = { id: uuidv7(0), source: 'button', button: 1, deviceTime: 1000 };
    await submit(s, e);
    expect(hubRows(h.dataDir, 'SELECT rated_at, device_time, day FROM ratings')).toEqual([{ rated_at: h.clock.now(), device_time: 1000, day: '2026-11-21' }]);
  });

  it('many devices at once are all stored and acknowledged (group commit)', async () => {
    const { counter } = await setup({ minIntervalS: 0 });
    const devs = await Promise.all(Array.from({ length: 10 }, () => pairDevice(h, counter.id)));
    const socks = devs.map((d) => track(deviceSocket(h.url, d.token)));
    await Promise.all(socks.map(connected));
    const acks = await Promise.all(socks.flatMap((s) => Array.from({ length: 20 }, (_, i) => submit(s, press(h.clock, 1 + (i % 4))))));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(count()).toBe(200);
  });

  it('reports box state and presence', async () => {
    const { s, dev } = await setup();
    const status = { portPath: '/dev/ttyUSB0', portOpen: true, mode: 'v1', online: true, hello: { serial: 'BX-1', firmware: '1.0', buttons: 4, at: 1 }, lastBeatAt: 2, lastHeardAt: 2, droppedLines: 0, queued: 0 };
    expect(await s.timeout(5000).emitWithAck('box:status', status)).toEqual({ ok: true, data: null });
    expect(await s.timeout(5000).emitWithAck('box:status', { ...status, portOpen: 'yes' })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    const p = h.hub.services.devices.presence(h.hub.services.devices.get(dev.deviceId)!);
    expect(p).toMatchObject({ online: true, box: { portOpen: true, hello: { serial: 'BX-1' } } });
    const offline = nextEvent(h.hub.bus, 'device:presence', (e) => e.deviceId === dev.deviceId && !e.online);
    s.close();
    await offline;
    expect(h.hub.services.devices.isOnline(dev.deviceId)).toBe(false);
  });
});

describe('acknowledged events with nothing in them', () => {
  it('rating:submit and box:status sent with an ack but no payload are answered invalid-payload, and store nothing', async () => {
    const { dev } = await setup();
    const s = sockets[0]!;
    expect(await s.timeout(5000).emitWithAck('rating:submit')).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await s.timeout(5000).emitWithAck('box:status')).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(count()).toBe(0);
    expect(h.hub.services.devices.presence(h.hub.services.devices.get(dev.deviceId)!).box).toBeFalsy();
    // and the socket still works
    expect(await submit(s, press(h.clock, 1))).toMatchObject({ ok: true });
  });

  it('every acknowledged event answers once whatever arrives: two payloads, no payload, only the callback', async () => {
    const { dev } = await setup();
    const s = sockets[0]!;
    const good = press(h.clock, 1);
    const box = { portPath: '/dev/ttyUSB0', portOpen: true, mode: 'v1', online: true, hello: null, lastBeatAt: null, lastHeardAt: null, droppedLines: 0, queued: 0 };
    const answered = (event: string, ...args: unknown[]) =>
      new Promise<unknown>((resolve, reject) =>
        (s.timeout(5000).emit as (e: string, ...a: unknown[]) => void)(event, ...args, (err: Error | null, a: unknown) => (err ? reject(err) : resolve(a))),
      );
    for (const event of ['rating:submit', 'box:status']) {
      const payload = event === 'rating:submit' ? good : box;
      // a payload, a second argument, then the callback: the callback is the last argument, the call is refused
      expect(await answered(event, payload, { extra: true })).toMatchObject({ ok: false, reason: 'invalid-payload', detail: expect.stringMatching(/one payload argument, got 2/) });
      expect(await answered(event, payload, 'x', 3)).toMatchObject({ ok: false, reason: 'invalid-payload' });
      // nothing but the callback, and emitWithAck with no arguments
      expect(await answered(event)).toMatchObject({ ok: false, reason: 'invalid-payload' });
      expect(await s.timeout(5000).emitWithAck(event)).toMatchObject({ ok: false, reason: 'invalid-payload' });
    }
    expect(count()).toBe(0);
    expect(h.hub.services.devices.presence(h.hub.services.devices.get(dev.deviceId)!).box).toBeFalsy();
    // the refused rating was not stored: sent properly it is new
    expect(await submit(s, good)).toMatchObject({ ok: true, data: { duplicate: false } });
    expect(await s.timeout(5000).emitWithAck('box:status', box)).toEqual({ ok: true, data: null });
  });

  it('every acknowledged handler in the hub reads its arguments with ackArgs', () => {
    const files = fs.readdirSync(path.join(ROOT, 'hub/src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const handlers: string[] = [];
    for (const f of files) {
      const src = fs.readFileSync(path.join(ROOT, 'hub/src', f), 'utf8');
      for (const m of src.matchAll(/socket\.on\('([^']+)',\s*([^\n]*)/g)) {
        if (['disconnect', 'disconnecting', 'error'].includes(m[1]!)) continue;
        handlers.push(m[1]!);
        const body = src.slice(m.index, m.index + 400);
        expect(`${f} ${m[1]}: ${m[2]}`).toMatch(/\(\.\.\.args: unknown\[\]\) => \{$/);
        expect(body, `${f} ${m[1]}`).toMatch(/ackArgs\(args\)/);
      }
    }
    expect(handlers.sort()).toEqual(['box:status', 'rating:submit']);
  });
});
