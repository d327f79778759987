import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { StatsQueries } from '../../hub/src/stats/queries.js';
import { resolveRange } from '../../hub/src/stats/range.js';
import { MONDAY_9AM, catalogue, quickStaff, testHub, type TestHub } from '../files/testHub.js';
import { recompute } from './recompute.js';

let h: TestHub | null = null;
afterEach(async () => {
  await h?.close();
  if (h) fs.rmSync(h.dataDir, { recursive: true, force: true });
  h = null;
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('file statistics through the real file service', () => {
  it('receptions, results, returns, late files and apologies made by staff are counted as a plain recount counts them', () => {
    h = null;
    return (async () => {
      h = await testHub();
      const { counter } = catalogue(h);
      const staff = quickStaff(h, counter.id);
      const { files } = h.hub.services;
      const codes: string[] = [];
      // Monday: ten files; 3-day procedure for half of them
      for (let i = 0; i < 10; i++) {
        h.clock.t = MONDAY_9AM + i * 10 * 60_000;
        const code = `HS-FLOW-${i}`;
        codes.push(code);
        files.receiveAtCounter({ code, procedureCode: i % 2 ? 'HT-TTHN' : 'HT-KS', citizenName: `Người Số ${i}`, phone: `091234560${i}` }, staff);
      }
      // Monday afternoon: the same-day ones are ready, two returned at once
      h.clock.t = MONDAY_9AM + 5 * HOUR;
      for (const i of [0, 2, 4, 6, 8]) files.transition(codes[i]!, { status: 'ready' }, staff);
      for (const i of [0, 2]) files.transition(codes[i]!, { status: 'returned' }, staff);
      // a week later: the 3-day ones not ready became late; one gets an apology, two become ready and are returned
      h.clock.t = MONDAY_9AM + 8 * DAY;
      files.transition(codes[1]!, { status: 'late', reason: 'Chờ xác minh', newDueDate: '2026-12-04' }, staff);
      for (const i of [3, 5]) files.transition(codes[i]!, { status: 'ready' }, staff);
      h.clock.t = MONDAY_9AM + 9 * DAY;
      for (const i of [3, 4, 5]) files.transition(codes[i]!, { status: 'returned' }, staff);

      const q = new StatsQueries(h.db);
      for (const range of [resolveRange({ kind: 'custom', from: '2026-11-23', to: '2026-12-06' }), resolveRange({ kind: 'day', date: '2026-11-23' }), resolveRange({ kind: 'week', date: '2026-12-01' })]) {
        const s = q.period(range, '2026-12-02');
        const e = recompute(h.db, range);
        expect(s.files).toEqual(e.files);
        for (const dim of ['counter', 'staff', 'procedure', 'field'] as const) {
          for (const [k, v] of Object.entries(e.breakdown[dim]!)) {
            if (v.files && (v.files.received || v.files.ready || v.files.returned || v.files.late || v.files.apologies || v.files.inProgress)) {
              expect(s.breakdown[dim].find((b) => b.key === k)?.files, `${dim} ${k} ${range.from}`).toEqual(v.files);
            }
          }
        }
        expect(s.trend.map((t) => [t.day, t.filesReceived, t.filesReturned])).toEqual(e.trend.map((t) => [t.day, t.filesReceived, t.filesReturned]));
      }
      const all = q.period(resolveRange({ kind: 'custom', from: '2026-11-23', to: '2026-12-06' }), '2026-12-02');
      expect(all.files).toMatchObject({ received: 10, ready: 7, returned: 5, apologies: 1, returnedLate: 2, returnedOnTime: 3 });
      expect(all.files.late).toBeGreaterThanOrEqual(2);
    })();
  });
});
