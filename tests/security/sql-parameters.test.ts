/**
 * SQL reaches the database only with its values as parameters: tried the way the December 2026 review tried it, by
 * sending SQL through every kind of door a stranger or a user has (a sign-in, a public lookup, a device's rating, an
 * admin's form, a filter), then checking that each string was taken as text, answered with a normal code, and that
 * the database has the same tables and rows it would have had. docs/security.md.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7, type Ack, type RatingAckData } from '@onestop/shared';
import { connected, deviceSocket, pairDevice, startTestHub, type TestHub } from '../kit/index.js';
import { hubRows } from '../helpers/db.js';
import type { Socket } from 'socket.io-client';

let h: TestHub | null = null;
let socket: Socket | null = null;
afterEach(async () => {
  socket?.close();
  await h?.close();
  h = null;
});

const DROP = "x'); DROP TABLE ratings; --";
const ALWAYS = "' OR '1'='1";
const STACKED = '"; DELETE FROM users; --';

describe('SQL in what people send', () => {
  it('is stored and compared as text at every door, and the database keeps its tables and rows', async () => {
    h = await startTestHub();
    const tables = () => hubRows<{ name: string }>(h!.dataDir, "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'view', 'index') ORDER BY name").map((r) => r.name);
    const post = (p: string, body: unknown) => fetch(`${h!.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    // an admin's form: the name is kept as typed
    const counter = await h.admin.call<{ id: string; name: string }>('POST', '/api/admin/counters', { name: `Quầy ${DROP}` });
    expect(counter.status).toBe(200);
    const before = tables();

    // a device's rating: the comment is kept as typed
    const dev = await pairDevice(h, counter.body.data!.id, 'kiosk');
    socket = deviceSocket(h.url, dev.token);
    await connected(socket);
    const rating = { id: uuidv7(h.clock.now()), source: 'touch', score: 2, deviceTime: h.clock.now(), comment: `${DROP} ${ALWAYS}` };
    expect((await socket.timeout(5000).emitWithAck('rating:submit', rating)) as Ack<RatingAckData>).toMatchObject({ ok: true });

    // a sign-in: the classic bypasses are wrong usernames, not a way in
    for (const username of [`admin' --`, `admin'/*`, ALWAYS, STACKED]) {
      const r = await post('/api/auth/login', { username, password: h.admin.password });
      expect([username, r.status]).toEqual([username, 401]);
    }
    // a public lookup by file code, signed out
    for (const code of [ALWAYS, DROP, '%', '_']) {
      const r = await fetch(`${h.url}/api/public/files/${encodeURIComponent(code)}`);
      expect([code, r.status]).not.toEqual([code, 500]);
      expect([code, r.status]).not.toEqual([code, 200]);
    }
    // a filter: compared with what was typed, so it matches nothing
    const audit = await h.admin.call<{ total: number }>('GET', `/api/admin/audit?actor=${encodeURIComponent(ALWAYS)}`);
    expect(audit.status).toBe(200);
    expect(audit.body.data!.total).toBe(0);
    expect((await h.admin.call<{ total: number }>('GET', '/api/admin/audit')).body.data!.total).toBeGreaterThan(0);

    expect(tables()).toEqual(before);
    expect(hubRows(h.dataDir, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(hubRows(h.dataDir, 'SELECT name FROM counters')).toEqual([{ name: `Quầy ${DROP}` }]);
    expect(hubRows(h.dataDir, 'SELECT comment FROM ratings')).toEqual([{ comment: `${DROP} ${ALWAYS}` }]);
    expect(hubRows<{ n: number }>(h.dataDir, 'SELECT COUNT(*) AS n FROM users')[0]!.n).toBe(1);
  });
});
