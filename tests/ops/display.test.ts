import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { uuidv7 } from '@onestop/shared';
import { connected, deviceSocket, pairDevice, type TestHub } from '../kit/index.js';
import { waitFor } from '../helpers/procs.js';
import type { DisplayFigures } from '../../hub/src/display/service.js';
import { dayFiles } from '../../hub/src/files/figures.js';
import { StatsQueries } from '../../hub/src/stats/queries.js';
import { openDb } from '../../hub/src/db/open.js';
import { generate } from '../stats/generate.js';
import { tmpDir } from '../helpers/procs.js';
import path from 'node:path';
import { opsHub, staff, type OpsHub } from './opsHub.js';

let h: OpsHub;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await h?.close();
});

function screen(origin?: string): Socket {
  const s = connect(`${h.url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true, ...(origin ? { extraHeaders: { origin } } : {}) });
  cleanups.push(() => s.disconnect());
  return s;
}

/** A commune's morning: a staff member, a citizen's file returned, ratings with a comment. */
async function morning() {
  h = await opsHub();
  h.hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: 0 });
  const counter = h.hub.services.counters.create({ name: 'Quầy Hộ tịch', buttons: 4, minIntervalS: 0 });
  h.hub.services.counters.create({ name: 'Quầy Đất đai', buttons: 4, minIntervalS: 0 });
  const actor = staff(h, counter.id, 'canbo-ht', 'Nguyễn Thị Lan');
  const files = h.hub.services.files;
  files.receiveAtCounter({ code: 'HS-BIMAT-01', procedureCode: 'HT-KS', citizenName: 'Lê Văn Đức', phone: '0912345678' }, actor);
  files.transition('HS-BIMAT-01', { status: 'ready' }, actor);
  files.transition('HS-BIMAT-01', { status: 'returned' }, actor);
  const dev = await pairDevice(h as unknown as TestHub, counter.id, 'kiosk');
  const s = deviceSocket(h.url, dev.token);
  cleanups.push(() => s.disconnect());
  await connected(s);
  const rate = async (score: number, extra: Record<string, unknown> = {}) => {
    const ack = (await s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(h.clock.now()), source: 'touch', score, deviceTime: h.clock.now(), ...extra })) as { ok: boolean };
    expect(ack).toMatchObject({ ok: true });
    h.clock.advance(5000);
  };
  await rate(5, { comment: 'Chị Lan rất nhiệt tình, SĐT tôi 0987654321' });
  await rate(4);
  await rate(2, { reasons: ['waiting-time'] });
  return { dev, rate };
}

const SECRETS = ['Lê Văn Đức', 'Le Van Duc', '0912345678', '912345678', 'Nguyễn Thị Lan', 'canbo-ht', 'HS-BIMAT-01', '0987654321', 'nhiệt tình', 'waiting-time'];

describe('the public display', () => {
  it('needs no session, and its socket carries today’s aggregates only: no names, phones, file codes, comments or ids', async () => {
    const { dev } = await morning();
    const s = screen(h.url);
    const got: DisplayFigures[] = [];
    s.on('display:figures', (f: DisplayFigures) => got.push(f));
    await connected(s);
    await waitFor(() => got.length > 0, 'the first figures');
    expect(got[0]).toEqual({
      commune: 'Xã Ví Dụ',
      day: '2026-11-23',
      ratings: 3,
      satisfaction: 2 / 3,
      levels: { 'very-satisfied': 1, satisfied: 1, 'not-satisfied': 1 },
      files: { returned: 1, returnedOnTime: 1, received: 1 },
      counters: [
        { name: 'Quầy Đất đai', ratings: 0, satisfaction: null },
        { name: 'Quầy Hộ tịch', ratings: 3, satisfaction: 2 / 3 },
      ],
      at: h.clock.now(),
    });
    const text = JSON.stringify(got);
    for (const secret of [...SECRETS, dev.deviceId]) expect(text).not.toContain(secret);
    // the same from the REST endpoint, also without a session
    const rest = (await (await fetch(`${h.url}/api/display`)).json()) as { ok: boolean; data: DisplayFigures };
    expect(rest).toEqual({ ok: true, data: got[0] });
    for (const secret of SECRETS) expect(JSON.stringify(rest)).not.toContain(secret);
  });

  it('sends new figures when a rating arrives (throttled), and ignores what a screen sends', async () => {
    const { rate } = await morning();
    const s = screen();
    const got: DisplayFigures[] = [];
    s.on('display:figures', (f: DisplayFigures) => got.push(f));
    await connected(s);
    await waitFor(() => got.length === 1, 'the first figures');
    s.emit('rating:submit', { id: uuidv7(h.clock.now()), source: 'touch', score: 1, deviceTime: h.clock.now() });
    s.emit('display:figures', { ratings: 999 });
    await rate(5);
    await rate(5);
    await waitFor(() => got.at(-1)?.ratings === 5, 'figures with the two new ratings');
    // two ratings within the throttle window: one update, not two
    expect(got.length).toBe(2);
    expect(got.at(-1)!.satisfaction).toBe(4 / 5);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n).toBe(5);
  });

  it('is refused from another site’s page (Origin checked like every socket)', async () => {
    await morning();
    const evil = screen('http://evil.example');
    let figures = 0;
    evil.on('display:figures', () => figures++);
    await expect(connected(evil)).rejects.toThrow();
    expect(figures).toBe(0);
    await connected(screen(h.url));
  });

  it('its file figures agree with the statistics’ on a generated year, day by day', () => {
    const db = openDb(path.join(tmpDir('display-gen-'), 'hub.sqlite'));
    try {
      generate(db, { from: '2026-01-01', days: 60, ratings: 3000, files: 3000, seed: 11 });
      const stats = new StatsQueries(db);
      let returned = 0;
      for (let d = 1; d <= 60; d++) {
        const day = new Date(Date.UTC(2026, 0, d)).toISOString().slice(0, 10);
        const t = stats.fileTotals({ kind: 'day', from: day, to: day, days: 1 });
        expect(dayFiles(db, day), day).toEqual({ received: t.received, returned: t.returned, returnedOnTime: t.returnedOnTime });
        returned += t.returned;
      }
      expect(returned).toBeGreaterThan(1000);
    } finally {
      db.close();
    }
  });
});
