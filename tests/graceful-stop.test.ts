import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { ROOT, addCounter, pairCode, startHub, waitFor, type RunningHub } from './helpers/procs.js';
import { hubRows } from './helpers/db.js';

let hub: RunningHub | null = null;
const sockets: Socket[] = [];
const idle: net.Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  idle.splice(0).forEach((s) => s.destroy());
  await hub?.kill();
});

/** How long systemd waits after SIGTERM before it kills the hub (the unit scripts/install/install-hub.sh installs). */
function unitTimeoutStopMs(): number {
  const unit = fs.readFileSync(path.join(ROOT, 'scripts/install/systemd/onestop-hub.service'), 'utf8');
  const s = Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1]);
  if (!(s > 0)) throw new Error('no TimeoutStopSec= in onestop-hub.service');
  return s * 1000;
}

describe('graceful stop', () => {
  it('SIGTERM finishes what is in flight: every acknowledged press is stored, later ones are refused or unanswered, exit 0 within the unit\'s TimeoutStopSec with screens and idle connections open', async () => {
    hub = await startHub({ env: { LOG_LEVEL: 'info' } });
    const counterId = await addCounter(hub.dataDir, 'Quầy stop', { minIntervalS: 0 });
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const code = await pairCode(hub.dataDir, counterId);
      const res = await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent' }) });
      tokens.push(((await res.json()) as { data: { token: string } }).data.token);
    }
    const acked: string[] = [];
    const refused: string[] = [];
    let go = true;
    for (const token of tokens) sockets.push(io(`${hub.url}/device`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true }));
    // the waiting-room screen's socket, and a browser's idle keep-alive connection: neither may hold the stop
    sockets.push(io(`${hub.url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true }));
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.once('connect', () => r()))));
    const keepAlive = new net.Socket();
    idle.push(keepAlive);
    await new Promise<void>((r) => keepAlive.connect(hub!.port, '127.0.0.1', r));
    keepAlive.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((r) => keepAlive.once('data', r));
    const loops = sockets.slice(0, tokens.length).map(async (s) => {
      while (go && s.connected) {
        try {
          const a = (await s.timeout(3000).emitWithAck('rating:submit', { id: uuidv7(), source: 'button', button: 1, deviceTime: Date.now() })) as Ack<RatingAckData>;
          if (a.ok) acked.push(a.data.id);
          else refused.push(a.reason);
        } catch {
          return;
        }
      }
    });
    await waitFor(() => acked.length >= 100, '100 acks');
    const t0 = performance.now();
    hub.proc.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => hub!.proc.once('exit', (c) => r(c)));
    const stoppedMs = performance.now() - t0;
    go = false;
    await Promise.all(loops);
    expect(code).toBe(0);
    expect(stoppedMs).toBeLessThan(unitTimeoutStopMs());
    const stored = new Set(hubRows<{ id: string }>(hub.dataDir, 'SELECT id FROM ratings').map((r) => r.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(refused.every((r) => r === 'shutting-down')).toBe(true);
    expect(hub.output()).toMatch(/"msg":"stopped"/);
  });
});
