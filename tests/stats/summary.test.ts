import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../hub/src/db/open.js';
import type { PeriodStats } from '../../hub/src/stats/queries.js';
import { adminCookie, hubCli, startHub, tmpDir, type RunningHub } from '../helpers/procs.js';
import { generate } from './generate.js';

const ENV = { COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' };
let hub: RunningHub | null = null;
let dataDir: string;

beforeAll(async () => {
  dataDir = tmpDir('stats-summary-');
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  generate(db, { from: '2026-03-01', days: 40, ratings: 3000, files: 800, seed: 5 });
  db.close();
  hub = await startHub({ dataDir, env: ENV });
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('one day\'s statistics and that day\'s upstream summary', () => {
  it('agree exactly, figure by figure, for every day tried (`hub summary` against GET /api/admin/stats)', async () => {
    const cookie = await adminCookie(hub!.url);
    const days = ['2026-03-02', '2026-03-09', '2026-03-21', '2026-04-01', '2026-04-08', '2026-04-09'];
    for (const day of days) {
      const res = await fetch(`${hub!.url}/api/admin/stats?kind=day&date=${day}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const s = ((await res.json()) as { data: PeriodStats }).data;
      const summary = JSON.parse(await hubCli(['summary', '--date', day, '--data-dir', dataDir], ENV)) as {
        ratings: { total: number; byScore: Record<string, number>; flagged: number; byCounter: { counter: string; total: number; byScore: Record<string, number> }[]; reasons: Record<string, number> };
        files: Record<string, number>;
        sms: Record<string, number>;
      };
      expect({ total: s.ratings.total, byScore: s.ratings.byScore, flagged: s.ratings.flagged, reasons: s.ratings.reasons }).toEqual({
        total: summary.ratings.total,
        byScore: summary.ratings.byScore,
        flagged: summary.ratings.flagged,
        reasons: summary.ratings.reasons,
      });
      const byName = (a: { counter: string }, b: { counter: string }) => a.counter.localeCompare(b.counter);
      expect(s.breakdown.counter.map((c) => ({ counter: c.label, total: c.ratings.total, byScore: c.ratings.byScore })).sort(byName)).toEqual([...summary.ratings.byCounter].sort(byName));
      expect({ received: s.files.received, ready: s.files.ready, returned: s.files.returned, late: s.files.late, apologies: s.files.apologies, openAtEndOfDay: s.files.inProgress }).toEqual(summary.files);
      expect(s.sms).toEqual(summary.sms);
    }
  }, 120_000);

  it('the days add up: the figures of a week are the sums of its days', async () => {
    const cookie = await adminCookie(hub!.url);
    const get = async (q: string) => ((await (await fetch(`${hub!.url}/api/admin/stats?${q}`, { headers: { cookie } })).json()) as { data: PeriodStats }).data;
    const week = await get('kind=week&date=2026-03-11');
    expect(week.range).toMatchObject({ from: '2026-03-09', to: '2026-03-15' });
    let total = 0;
    let received = 0;
    let sent = 0;
    for (const t of week.trend) {
      const d = await get(`kind=day&date=${t.day}`);
      total += d.ratings.total;
      received += d.files.received;
      sent += d.sms.sent;
      expect(t.ratings.total).toBe(d.ratings.total);
    }
    expect(week.ratings.total).toBe(total);
    expect(week.files.received).toBe(received);
    expect(week.sms.sent).toBe(sent);
    expect(total).toBeGreaterThan(0);
  }, 60_000);
});
