import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { systemClock, uuidv7, type DeviceConfig, type RatingEvent } from '@onestop/shared';
import { Outbox } from '../counter-agent/src/outbox.js';
import { Forwarder } from '../counter-agent/src/forwarder.js';
import { startTestHub, pairDevice, type TestHub } from './kit/index.js';
import { hubRows } from './helpers/db.js';
import { waitFor } from './helpers/procs.js';

let h: TestHub;
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  await h?.close();
});

const press = (button: number, t = Date.now()): RatingEvent => ({ id: uuidv7(t), source: 'button', button, deviceTime: t });

describe('agent forwarder', () => {
  it('delivers in order; a press the hub refuses for good is set aside and does not block the ones behind it', async () => {
    h = await startTestHub();
    const counter = h.hub.services.counters.create({ name: 'Quầy F', buttons: 4, minIntervalS: 0 });
    const dev = await pairDevice(h, counter.id);
    const outbox = new Outbox(':memory:');
    const configs: DeviceConfig[] = [];
    const f = new Forwarder({ hubUrl: h.url, token: dev.token, outbox, clock: systemClock, log: pino({ level: 'silent' }), onConfig: (c) => configs.push(c) });
    stops.push(() => f.stop(), () => outbox.close());
    // the admin narrows the device to 3 buttons while a button-4 press waits in the outbox
    h.hub.services.devices.update(dev.deviceId, { scale: { buttons: 3, map: [5, 3, 1] } });
    const t0 = Date.now() - 10_000;
    const events = [press(1, t0), press(4, t0 + 1000), press(3, t0 + 2000)];
    for (const e of events) outbox.addPress(e, null, Date.now());
    f.start();
    await waitFor(() => outbox.pending() === 0, 'the outbox to drain');
    const rows = hubRows<{ id: string; score: number }>(h.dataDir, 'SELECT id, score FROM ratings ORDER BY rated_at');
    expect(rows).toEqual([
      { id: events[0]!.id, score: 5 },
      { id: events[2]!.id, score: 1 },
    ]);
    expect(outbox.next(10)).toEqual([]);
    expect(configs.at(-1)?.scale).toEqual({ buttons: 3, map: [5, 3, 1] });
  });
});
