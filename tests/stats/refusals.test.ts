import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../hub/src/db/open.js';
import { MONDAY_9AM, startTestHub, TestClock, type TestHub } from '../kit/index.js';
import { adminClient, type Client } from '../files/testHub.js';
import { generate } from './generate.js';

/** A hub whose log lines are kept, to check that every refusal is logged with its reason. */
let h: TestHub;
let db: Db;
let dataDir: string;
let admin: Client;
const lines: { level: number; reason?: string; path?: string; msg: string }[] = [];

beforeAll(async () => {
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  h = await startTestHub({ prefix: 'stats-refusals-', clock: new TestClock(MONDAY_9AM), log, seed: (db) => generate(db, { from: '2026-10-01', days: 30, ratings: 800, files: 200, seed: 4 }) });
  ({ db, dataDir } = h);
  admin = await adminClient(h);
});
afterAll(async () => {
  await h.close();
});

const snapshot = () =>
  JSON.stringify([
    db.prepare('SELECT COUNT(*) AS n, TOTAL(n) AS t FROM stats_rating_keys').get(),
    db.prepare('SELECT COUNT(*) AS n, TOTAL(received + ready + returned + late) AS t FROM stats_file_keys').get(),
    fs.existsSync(path.join(dataDir, 'exports')) ? fs.readdirSync(path.join(dataDir, 'exports')) : [],
  ]);

describe('refused statistics and export requests', () => {
  it('answer a reason code, are logged with it, and change nothing', async () => {
    const before = snapshot();
    const cases: [Promise<{ status: number; body: { reason?: string } }>, string, number][] = [
      [admin.get('/api/admin/stats?kind=month&date=2026-02-30'), 'bad-date', 400],
      [admin.get('/api/admin/stats?kind=fortnight&date=2026-10-01'), 'bad-range', 400],
      [admin.get('/api/admin/stats?kind=custom&from=2026-10-10&to=2026-10-01'), 'bad-range', 400],
      [admin.post('/api/admin/exports', { format: 'xlsx', kind: 'everything', range: { kind: 'month', date: '2026-10-01' } }), 'invalid-payload', 400],
      [admin.get('/api/admin/exports/unknown-id/file'), 'export-not-found', 404],
    ];
    for (const [call, reason, status] of cases) {
      const r = await call;
      expect(r).toMatchObject({ status, body: { reason } });
      expect(lines.some((l) => l.reason === reason && l.level === 40 && typeof l.path === 'string'), `a warning with reason ${reason}`).toBe(true);
    }
    expect(snapshot()).toBe(before);
  });
});
