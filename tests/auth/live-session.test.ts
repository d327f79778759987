import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../hub/src/auth/service.js';
import type { DutyEnded } from '@onestop/shared';
import { Client, STAFF_PW, startTestHub, type TestHub } from '../kit/index.js';

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
    h = await startTestHub({ timing: { sessionCheckMs: 20 } });
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
    h = await startTestHub({ timing: { sessionCheckMs: 20 } });
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

/** A clerk signed in at a counter, with the counter page's /staff socket open; what it hears, and when it closes. */
async function staffPage(hub: TestHub): Promise<{ client: Client; heard: DutyEnded[]; closed: Promise<{ why: string; heard: DutyEnded[] }> }> {
  const counter = hub.hub.services.counters.create({ name: 'Quầy Tư pháp' });
  await hub.hub.services.auth.createUser({ username: 'lan', displayName: 'Nguyễn Thị Lan', role: 'staff', password: STAFF_PW });
  const client = new Client(hub.url);
  expect((await client.login('lan', STAFF_PW, counter.id)).status).toBe(200);
  const socket = io(`${hub.url}/staff`, { transports: ['websocket'], extraHeaders: { cookie: client.cookie! }, reconnection: false, forceNew: true });
  sockets.push(socket);
  const heard: DutyEnded[] = [];
  socket.on('staff:duty-ended', (e: DutyEnded) => heard.push(e));
  await new Promise<void>((res, rej) => {
    socket.once('connect', () => res());
    socket.once('connect_error', rej);
  });
  return { client, heard, closed: new Promise((r) => socket.once('disconnect', (why) => r({ why, heard: [...heard] }))) };
}

describe('/staff and the session behind it', () => {
  it('a counter page hears its session ended, then is closed, when the session has been idle too long', async () => {
    h = await startTestHub({ timing: { sessionCheckMs: 20 } });
    const { client, heard, closed } = await staffPage(h);
    const sessionId = h.hub.services.auth.authenticate(client.cookie!.replace(/^hub_session=/, ''))!.sessionId;
    h.clock.advance(SESSION_IDLE_MS - 60_000);
    expect(h.hub.services.auth.sessionActive(sessionId)).toBe(true); // an open socket is not activity, but not yet idle
    expect(heard).toEqual([]);
    h.clock.advance(60_001);
    expect(await closed).toEqual({ why: 'io server disconnect', heard: [{ reason: 'session-ended', by: null }] });
    expect((await client.get('/api/auth/session')).body).toMatchObject({ ok: true, data: { signedIn: false } });
  });

  it('and when it has reached its maximum age, however active', async () => {
    h = await startTestHub({ timing: { sessionCheckMs: 20 } });
    const { client, closed } = await staffPage(h);
    for (let t = 0; t + 3 * 3600_000 < SESSION_MAX_MS; t += 3 * 3600_000) {
      h.clock.advance(3 * 3600_000);
      expect((await client.get('/api/staff/procedures')).status).toBe(200);
    }
    h.clock.advance(3 * 3600_000);
    expect(await closed).toEqual({ why: 'io server disconnect', heard: [{ reason: 'session-ended', by: null }] });
  });
});
