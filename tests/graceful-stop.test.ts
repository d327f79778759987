import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { addCounter, pairCode, startHub, waitFor, type RunningHub } from './helpers/procs.js';
import { hubRows } from './helpers/db.js';

let hub: RunningHub | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await hub?.kill();
});

describe('graceful stop', () => {
  it('SIGTERM finishes what is in flight: every acknowledged press is stored, later ones are refused or unanswered, exit 0', async () => {
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
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.once('connect', () => r()))));
    const loops = sockets.map(async (s) => {
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
    hub.proc.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => hub!.proc.once('exit', (c) => r(c)));
    go = false;
    await Promise.all(loops);
    expect(code).toBe(0);
    const stored = new Set(hubRows<{ id: string }>(hub.dataDir, 'SELECT id FROM ratings').map((r) => r.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(refused.every((r) => r === 'shutting-down')).toBe(true);
    expect(hub.output()).toMatch(/"msg":"stopped"/);
  });
});
