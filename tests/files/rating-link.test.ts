import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { connected, deviceSocket, pairDevice } from '../kit/index.js';
import { catalogue, Client, quickStaff, staffClient, testHub, type TestHub } from './testHub.js';

let h: TestHub;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await h?.close();
});

async function kiosk(counterId: string) {
  const dev = await pairDevice(h, counterId, 'kiosk');
  const s = deviceSocket(h.url, dev.token);
  sockets.push(s);
  await connected(s);
  return s;
}

const rate = (s: Socket, score = 5) =>
  s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(h.clock.now()), source: 'touch', score, deviceTime: h.clock.now() }) as Promise<Ack<RatingAckData>>;

const ratingRow = (id: string) => h.db.prepare('SELECT staff_id, file_id, flagged FROM ratings WHERE id = ?').get(id) as { staff_id: string | null; file_id: string | null; flagged: number };

const idOf = (a: Ack<RatingAckData>) => {
  if (!a.ok) throw new Error(`rating refused: ${a.reason}`);
  return a.data.id;
};

describe('a returned file invites a rating, and the rating is linked to it', () => {
  it('the counter’s kiosk is invited; the next rating there takes the file and the staff member, the one after only the staff member', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const other = h.hub.services.counters.create({ name: 'Quầy 2', buttons: 4, minIntervalS: 0 });
    const s = await kiosk(counter.id);
    const elsewhere = await kiosk(other.id);
    const { client, userId } = await staffClient(h, counter.id);
    await client.post('/api/staff/files', { code: 'R-1', procedureCode: 'HT-KS', citizenName: 'Đinh Văn Hải', phone: '0912345678' });
    await client.post('/api/staff/files/R-1/status', { status: 'ready' });

    let invitedElsewhere = false;
    elsewhere.on('device:invite', () => (invitedElsewhere = true));
    const invited = new Promise<{ ms: number }>((r) => s.once('device:invite', r));
    expect((await client.post('/api/staff/files/R-1/status', { status: 'returned' })).status).toBe(200);
    expect(await invited).toEqual({ ms: 120_000 });

    h.clock.advance(20_000);
    const first = idOf(await rate(s, 5));
    const fileId = h.hub.services.files.get('R-1').file.id;
    expect(ratingRow(first)).toEqual({ staff_id: userId, file_id: fileId, flagged: 0 });
    h.clock.advance(20_000);
    const second = idOf(await rate(s, 4));
    expect(ratingRow(second)).toEqual({ staff_id: userId, file_id: null, flagged: 0 });
    // a rating at another counter is not this file's
    const third = idOf(await rate(elsewhere, 3));
    expect(ratingRow(third)).toEqual({ staff_id: null, file_id: null, flagged: 0 });
    expect(invitedElsewhere).toBe(false);
  });

  it('a rating more than 5 minutes after the return is not linked', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const s = await kiosk(counter.id);
    const actor = quickStaff(h, counter.id);
    const files = h.hub.services.files;
    files.receiveAtCounter({ code: 'R-2', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678' }, actor);
    files.transition('R-2', { status: 'ready' }, actor);
    files.transition('R-2', { status: 'returned' }, actor);
    h.clock.advance(5 * 60_000 + 1000);
    expect(ratingRow(idOf(await rate(s)))).toMatchObject({ file_id: null });
  });

  it('a rating flagged as too quick does not take the file; the next good one does', async () => {
    h = await testHub();
    catalogue(h);
    const counter = h.hub.services.counters.create({ name: 'Quầy 3', buttons: 4, minIntervalS: 3 });
    const s = await kiosk(counter.id);
    const actor = quickStaff(h, counter.id);
    const files = h.hub.services.files;
    files.receiveAtCounter({ code: 'R-3', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678' }, actor);
    files.transition('R-3', { status: 'ready' }, actor);
    idOf(await rate(s));
    h.clock.advance(1000);
    files.transition('R-3', { status: 'returned' }, actor);
    h.clock.advance(1000);
    expect(ratingRow(idOf(await rate(s)))).toMatchObject({ flagged: 1, file_id: null });
    h.clock.advance(5000);
    expect(ratingRow(idOf(await rate(s)))).toMatchObject({ flagged: 0, file_id: files.get('R-3').file.id, staff_id: actor.userId });
  });

  it('a file returned through the API invites at the file’s counter', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const s = await kiosk(counter.id);
    const { token } = h.hub.services.apiTokens.create({ name: 'tỉnh' });
    const api = new Client(h.url, { authorization: `Bearer ${token}` });
    await api.post('/api/v1/files', { code: 'R-4', procedureCode: 'HT-KS', citizenName: 'A', phone: '0912345678', counterId: counter.id });
    await api.post('/api/v1/files/R-4/status', { status: 'ready' });
    const invited = new Promise((r) => s.once('device:invite', r));
    await api.post('/api/v1/files/R-4/status', { status: 'returned' });
    await invited;
    expect(ratingRow(idOf(await rate(s)))).toMatchObject({ file_id: h.hub.services.files.get('R-4').file.id, staff_id: null });
  });
});

describe('ratings are credited to the staff member on duty at the counter', () => {
  it('while signed in there, and not before or after', async () => {
    h = await testHub();
    const { counter } = catalogue(h);
    const s = await kiosk(counter.id);
    expect(ratingRow(idOf(await rate(s)))).toMatchObject({ staff_id: null });
    h.clock.advance(10_000);
    const { client, userId } = await staffClient(h, counter.id);
    expect(h.hub.services.auth.staffOnDuty(counter.id)).toBe(userId);
    expect(ratingRow(idOf(await rate(s)))).toMatchObject({ staff_id: userId });
    h.clock.advance(10_000);
    await client.post('/api/auth/logout');
    expect(h.hub.services.auth.staffOnDuty(counter.id)).toBeNull();
    expect(ratingRow(idOf(await rate(s)))).toMatchObject({ staff_id: null });
  });
});
