/**
 * Issue 11, finding 5: one device token stuffed ratings. 3,000 ratings sent in about a second, dated 30 days back
 * and 4 s apart on the device's own clock, were all stored unflagged. Reproduced here the way it was found (one
 * token, everything emitted at once), beside what must keep working: an agent's outbox replayed after an outage.
 * docs/decisions/0086-rating-stuffing.md.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { uuidv7, type Ack, type RatingAckData, type RatingEvent } from '@onestop/shared';
import { Outbox } from '../../counter-agent/src/outbox.js';
import { Forwarder } from '../../counter-agent/src/forwarder.js';
import { Condition, connected, deviceSocket, nextEvent, pairDevice, startTestHub, DAY, type TestHub } from '../kit/index.js';
import { capturedLog } from '../admin/helpers.js';
import { hubRows } from '../helpers/db.js';
import { SUBMIT_BURST } from '../../hub/src/ratings/submitLimit.js';

let h: TestHub;
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  await h?.close();
});

const track = (s: Socket) => (stops.push(() => s.close()), s);
const submit = (s: Socket, e: unknown) => s.timeout(10_000).emitWithAck('rating:submit', e) as Promise<Ack<RatingAckData>>;
const press = (at: number, button = 1): RatingEvent => ({ id: uuidv7(at), source: 'button', button, deviceTime: at });
const stored = () => hubRows<{ id: string; flagged: number; flag_reason: string | null }>(h.dataDir, 'SELECT id, flagged, flag_reason FROM ratings ORDER BY rated_at');

async function counterWithAgent(minIntervalS = 3) {
  const counter = h.hub.services.counters.create({ name: 'Quầy 1', buttons: 4, minIntervalS });
  const dev = await pairDevice(h, counter.id, 'agent');
  return { counter, dev };
}

describe('one device token stuffing ratings', () => {
  it('3,000 ratings at once, back-dated 30 days and 4 s apart on the device clock: beyond the allowance refused, beyond the interval flagged', async () => {
    h = await startTestHub();
    const { dev } = await counterWithAgent(3);
    const s = track(deviceSocket(h.url, dev.token));
    await connected(s);
    const start = h.clock.now() - 30 * DAY;
    const acks = await Promise.all(Array.from({ length: 3000 }, (_, i) => submit(s, press(start + i * 4000))));

    const refused = acks.filter((a) => !a.ok);
    expect(refused.length).toBe(3000 - SUBMIT_BURST);
    expect(new Set(refused.map((a) => !a.ok && a.reason))).toEqual(new Set(['rate-limited']));
    const taken = acks.filter((a): a is { ok: true; data: RatingAckData } => a.ok);
    // all arrived at one instant of the hub's clock: one passes, every other is too close to it
    expect(taken.filter((a) => !a.data.flagged)).toHaveLength(1);
    const rows = stored();
    expect(rows.map((r) => r.id).sort()).toEqual(taken.map((a) => a.data.id).sort());
    expect(rows.filter((r) => r.flagged === 0)).toHaveLength(1);
    expect(new Set(rows.filter((r) => r.flagged === 1).map((r) => r.flag_reason))).toEqual(new Set(['min-interval-received']));
  });

  it('sent at a pace under the allowance, back-dated ratings still pass only one per minimum interval of the hub clock', async () => {
    h = await startTestHub();
    const { dev } = await counterWithAgent(3);
    const s = track(deviceSocket(h.url, dev.token));
    await connected(s);
    const start = h.clock.now() - 30 * DAY;
    const flags: boolean[] = [];
    // 100 ratings, one every 100 ms of the hub's clock (10 s in all), each 4 s after the last on the device's clock
    for (let i = 0; i < 100; i++) {
      const a = await submit(s, press(start + i * 4000));
      if (!a.ok) throw new Error(`refused: ${a.reason}`);
      flags.push(a.data.flagged);
      h.clock.advance(100);
    }
    const passed = flags.filter((f) => !f).length;
    // the interval is 3 s less the network allowance (1 s): at most one per 2 s of the 10 s, the first included
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(passed).toBeLessThanOrEqual(6);
    expect(stored().filter((r) => r.flagged === 0)).toHaveLength(passed);
  });

  it("an agent's outbox after a 30-minute outage is stored unflagged, and live presses after it too", async () => {
    h = await startTestHub();
    const { dev } = await counterWithAgent(3);
    const outbox = new Outbox(':memory:');
    stops.push(() => outbox.close());
    const count = new Condition();
    let n = 0;
    h.hub.bus.on('rating:stored', () => (n++, count.notify()));
    const agent = () => {
      const f = new Forwarder({ hubUrl: h.url, token: dev.token, outbox, clock: h.clock, log: pino({ level: 'silent' }), onConfig: () => {} });
      stops.push(() => f.stop());
      return f;
    };

    // online: one live press
    const first = agent();
    const online = nextEvent(h.hub.bus, 'device:presence', (p) => p.deviceId === dev.deviceId && p.online);
    first.start();
    await online;
    outbox.addPress(press(h.clock.now()), null, h.clock.now());
    first.kick();
    await count.until(() => n === 1);

    // the link goes down (the hub hears it), 30 minutes pass, the citizens keep pressing: 250 presses 6 s apart
    const offline = nextEvent(h.hub.bus, 'device:presence', (p) => p.deviceId === dev.deviceId && !p.online);
    await first.stop();
    await offline;
    const outageStart = h.clock.now();
    for (let i = 1; i <= 250; i++) outbox.addPress(press(outageStart + i * 6000, 1 + (i % 4)), null, outageStart + i * 6000);
    h.clock.advance(30 * 60_000);

    // back: the whole backlog arrives at one instant of the hub's clock
    const second = agent();
    second.start();
    await count.until(() => n === 251);
    const rows = stored();
    expect(rows).toHaveLength(251);
    expect(rows.filter((r) => r.flagged === 1)).toEqual([]);

    // and live presses go on as before, 4 s apart on both clocks, long after the reconnection
    h.clock.advance(10 * 60_000);
    for (let i = 1; i <= 3; i++) {
      h.clock.advance(4000);
      outbox.addPress(press(h.clock.now()), null, h.clock.now());
      second.kick();
      await count.until(() => n === 251 + i);
    }
    expect(stored().filter((r) => r.flagged === 1)).toEqual([]);
  });
});

describe('device tokens are scoped by kind', () => {
  it('a kiosk may not send a button press or box:status; an agent may not send a touch: refused, logged, nothing stored', async () => {
    const captured = capturedLog();
    h = await startTestHub({ log: captured.log });
    const counter = h.hub.services.counters.create({ name: 'Quầy 2', buttons: 4, minIntervalS: 0 });
    const kiosk = track(deviceSocket(h.url, (await pairDevice(h, counter.id, 'kiosk')).token));
    const agent = track(deviceSocket(h.url, (await pairDevice(h, counter.id, 'agent')).token));
    await Promise.all([connected(kiosk), connected(agent)]);
    const now = h.clock.now();

    const fromKiosk = await submit(kiosk, press(now));
    expect(fromKiosk).toMatchObject({ ok: false, reason: 'not-allowed-for-kind' });
    const status = { portPath: '/dev/ttyUSB0', portOpen: true, mode: 'v1', online: true, hello: null, lastBeatAt: null, lastHeardAt: null, droppedLines: 0, queued: 0 };
    const boxFromKiosk = (await kiosk.timeout(5000).emitWithAck('box:status', status)) as Ack<null>;
    expect(boxFromKiosk).toMatchObject({ ok: false, reason: 'not-allowed-for-kind' });
    const touchFromAgent = await submit(agent, { id: uuidv7(now), source: 'touch', score: 5, deviceTime: now });
    expect(touchFromAgent).toMatchObject({ ok: false, reason: 'not-allowed-for-kind' });

    expect(hubRows(h.dataDir, 'SELECT id FROM ratings')).toEqual([]);
    expect(hubRows(h.dataDir, 'SELECT box_state FROM devices WHERE box_state IS NOT NULL')).toEqual([]);
    expect(captured.lines().filter((l) => l.reason === 'not-allowed-for-kind')).toHaveLength(3);

    // what each kind is for still goes through
    expect(await submit(kiosk, { id: uuidv7(now), source: 'touch', score: 4, deviceTime: now })).toMatchObject({ ok: true });
    expect(await submit(agent, press(now, 2))).toMatchObject({ ok: true });
    expect((await agent.timeout(5000).emitWithAck('box:status', status)) as Ack<null>).toEqual({ ok: true, data: null });
  });
});
