import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { systemClock, type DeviceConfig } from '@onestop/shared';
import { Outbox } from '../counter-agent/src/outbox.js';
import { Forwarder } from '../counter-agent/src/forwarder.js';
import { waitFor } from './helpers/procs.js';

const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

const good: DeviceConfig = { deviceId: 'dev-1', kind: 'agent', counter: { id: 'c-1', name: 'Quầy 1' }, scale: { buttons: 3, map: [5, 3, 1] }, minIntervalS: 2 };

describe('agent device:config', () => {
  it('a config that does not fit the shared schema is logged with a reason code and ignored; the next good one is taken', async () => {
    const server = http.createServer();
    const io = new Server(server);
    io.of('/device').on('connection', (socket) => {
      socket.emit('device:config', { ...good, scale: { buttons: 9, map: [] } });
      socket.emit('device:config', { deviceId: 'dev-1' });
      socket.emit('device:config', good);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise((resolve) => io.close(() => resolve(null))));

    const logs: { reason?: string; detail?: string; msg: string }[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    const configs: DeviceConfig[] = [];
    const outbox = new Outbox(':memory:');
    const f = new Forwarder({ hubUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', outbox, clock: systemClock, log, onConfig: (c) => configs.push(c) });
    stops.push(() => outbox.close(), () => f.stop());
    f.start();

    await waitFor(() => configs.length > 0, 'the good config');
    expect(configs).toEqual([good]);
    const refused = logs.filter((l) => l.msg.startsWith('device:config from the hub ignored'));
    expect(refused.map((l) => l.reason)).toEqual(['invalid-payload', 'invalid-payload']);
    expect(refused[0]!.detail).toContain('scale.buttons');
    expect(refused[1]!.detail).toContain('counter');
  });
});
