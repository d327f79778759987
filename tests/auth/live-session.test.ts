import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../hub/src/auth/service.js';
import { startTestHub, type TestHub } from '../kit/index.js';

let h: TestHub | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await h?.close();
  h = null;
});

async function liveSocket(hub: TestHub): Promise<{ socket: Socket; closed: Promise<string> }> {
  const cookie = await hub.admin.signIn();
  const socket = io(`${hub.url}/live`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((res, rej) => {
    socket.once('live:snapshot', () => res());
    socket.once('connect_error', rej);
  });
  return { socket, closed: new Promise<string>((r) => socket.once('disconnect', (why) => r(why))) };
}

describe('/live and the session behind it', () => {
  it('an admin live page is closed when its session has been idle too long', async () => {
    h = await startTestHub({ timing: { liveSessionCheckMs: 20 } });
    const { socket, closed } = await liveSocket(h);
    const sessionId = h.hub.services.auth.authenticate(h.admin.cookie!.replace(/^hub_session=/, ''))!.sessionId;
    h.clock.advance(SESSION_IDLE_MS - 60_000);
    expect(h.hub.services.auth.sessionActive(sessionId)).toBe(true); // watching is not activity, but not yet idle
    expect(socket.connected).toBe(true);
    h.clock.advance(60_001);
    expect(await closed).toBe('io server disconnect');
    expect((await h.admin.call('GET', '/api/admin/live')).status).toBe(401);
  });

  it('and when it has reached its maximum age, however active', async () => {
    h = await startTestHub({ timing: { liveSessionCheckMs: 20 } });
    const { closed } = await liveSocket(h);
    // active all day: a request every three hours keeps it from idling
    for (let t = 0; t + 3 * 3600_000 < SESSION_MAX_MS; t += 3 * 3600_000) {
      h.clock.advance(3 * 3600_000);
      expect((await h.admin.call('GET', '/api/admin/live')).status).toBe(200);
    }
    h.clock.advance(3 * 3600_000);
    expect(await closed).toBe('io server disconnect');
  });
});
