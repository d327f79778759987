import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../hub/src/db/open.js';
import { silentLogger } from '../../hub/src/log.js';
import { CommuneService } from '../../hub/src/receiver/communes.js';
import { IngestService, SUMMARY_SCHEMA } from '../../hub/src/receiver/ingest.js';
import { RECEIVER_MIGRATIONS } from '../../hub/src/receiver/migrations.js';
import { receiverBox, receiverDbFile } from '../../hub/src/receiver/secrets.js';
import { ReceiverStore, type DayFigures } from '../../hub/src/receiver/store.js';
import { ProvinceReports, daysBetween } from '../../hub/src/receiver/report.js';
import { ROOT, tmpDir } from '../helpers/procs.js';
import { sign, summary } from './receiver-procs.js';

/** In-process parts with an injected clock (real SQLite file): the window is measured against the receiver's clock. */
function parts(nowMs: number) {
  const dir = tmpDir('receiver-unit-');
  const db = openDb(receiverDbFile(dir), RECEIVER_MIGRATIONS);
  const clock = { now: () => nowMs };
  const store = new ReceiverStore(db);
  const communes = new CommuneService(store, receiverBox(dir), clock);
  const ingest = new IngestService(store, communes, clock, silentLogger());
  return { dir, db, store, communes, ingest, clock };
}

describe('receiver parts', () => {
  it('the schema the receiver validates with is the project copy of the contract, unchanged', () => {
    expect(SUMMARY_SCHEMA).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/contracts/daily-summary.v1.schema.json'), 'utf8')));
  });

  it('the timestamp window is ±300 s of the injected clock, not of the machine', async () => {
    const now = Date.UTC(2030, 0, 1, 3, 0, 0); // far from the machine's time
    const { communes, ingest } = parts(now);
    const { secret } = communes.add({ code: '26734', name: 'Xã Ví Dụ' });
    const raw = Buffer.from(JSON.stringify(summary('26734', 'Xã Ví Dụ', '2029-12-31')));
    const at = (ts: number) => ingest.receive({ communeCode: '26734', timestamp: String(ts), signature: sign(secret, ts, raw), idempotencyKey: '26734/2029-12-31/1' }, raw);
    const t = now / 1000;
    expect((await at(t - 301)).status).toBe(401);
    expect((await at(t + 301)).status).toBe(401);
    expect((await at(Math.floor(Date.now() / 1000))).status).toBe(401);
    expect(await at(t + 300)).toEqual({ status: 200, body: { status: 'stored' } });
    expect(await at(t - 300)).toEqual({ status: 200, body: { status: 'duplicate' } });
  });

  it('group commit: revisions of one day arriving together are decided in arrival order, in one transaction', async () => {
    const now = Date.now();
    const { communes, ingest, store } = parts(now);
    const { secret } = communes.add({ code: '26734', name: 'Xã Ví Dụ' });
    const send = (rev: number, s5: number) => {
      const raw = Buffer.from(JSON.stringify(summary('26734', 'Xã Ví Dụ', '2026-11-01', rev, { s5 })));
      const ts = Math.floor(now / 1000);
      return ingest.receive({ communeCode: '26734', timestamp: String(ts), signature: sign(secret, ts, raw), idempotencyKey: `26734/2026-11-01/${rev}` }, raw);
    };
    const answers = await Promise.all([send(1, 1), send(2, 2), send(1, 3), send(2, 2), send(3, 4)]);
    expect(answers.map((a) => (a.body as { status: string; reason?: string }).reason ?? a.body.status)).toEqual(['stored', 'stored', 'stale-revision', 'duplicate', 'stored']);
    expect(store.revisions('26734', '2026-11-01').map((r) => r.revision)).toEqual([1, 2, 3]);
  });

  it("month sums kept in step with the current revisions give the same report as summing the days, for any range", () => {
    const { communes, store, db } = parts(Date.now());
    let seed = 7;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const n = (k: number) => Math.floor(rand() * k);
    for (let c = 0; c < 6; c++) communes.add({ code: `C${c}`, name: `Xã ${c}` });
    const days = daysBetween('2026-06-25', '2026-09-05');
    const figures = (day: string, code: string, revision: number): DayFigures => ({
      day, commune_code: code, revision, received_at: 0, ratings_total: n(9), s1: n(3), s2: n(3), s3: n(3), s4: n(5), s5: n(9), flagged: n(2),
      files_received: n(3), files_ready: n(3), files_returned: n(3), files_late: n(2), files_apologies: n(2), files_open: n(9),
      sms_sent: n(3), sms_delivered: n(3), sms_failed: n(2), devices_configured: n(3), devices_seen: n(4),
    });
    store.transaction(() => {
      for (let c = 0; c < 6; c++) for (const d of days) if (rand() < 0.8) store.upsertFigures(figures(d, `C${c}`, 1));
      // later revisions replace some days: the month sums must move by the difference
      for (let k = 0; k < 150; k++) store.upsertFigures(figures(days[n(days.length)]!, `C${n(6)}`, 2 + k));
    });
    const reports = new ProvinceReports(db);
    const sorted = (rows: { code: string }[]) => [...rows].sort((a, b) => a.code.localeCompare(b.code));
    const ranges: [string, string][] = [['2026-07-01', '2026-09-30'], ['2026-07-01', '2026-07-31'], ['2026-06-25', '2026-09-05'], ['2026-07-15', '2026-08-31'], ['2026-07-03', '2026-07-20'], ['2026-06-30', '2026-08-01']];
    for (let k = 0; k < 20; k++) {
      const a = days[n(days.length)]!;
      const b = days[n(days.length)]!;
      ranges.push(a <= b ? [a, b] : [b, a]);
    }
    for (const [from, to] of ranges) expect(sorted(reports.aggregate(from, to)), `${from}..${to}`).toEqual(sorted(reports.aggregateDays(from, to)));
    // and the month table really is used for whole months (its rows exist)
    expect((db.prepare('SELECT COUNT(*) AS n FROM month_figures').get() as { n: number }).n).toBeGreaterThan(0);
  });

  it('secrets are sealed at rest and open only with the key file of their data directory', () => {
    const { dir, communes, store } = parts(Date.now());
    const { secret } = communes.add({ code: 'A-1', name: 'Xã A' });
    const row = store.commune('A-1')!;
    expect(row.secret_enc).not.toContain(secret);
    expect(receiverBox(dir).open(row.secret_enc)).toBe(secret);
    expect(() => receiverBox(tmpDir('other-key-')).open(row.secret_enc)).toThrow();
    expect(fs.statSync(path.join(dir, 'upstream.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a duplicate commune code and a bad one with stable reasons, changing nothing', () => {
    const { communes } = parts(Date.now());
    communes.add({ code: '26734', name: 'Xã Ví Dụ' });
    expect(() => communes.add({ code: '26734', name: 'Khác' })).toThrow(expect.objectContaining({ reason: 'duplicate-code' }));
    expect(() => communes.add({ code: 'có dấu', name: 'Khác' })).toThrow(expect.objectContaining({ reason: 'invalid-payload' }));
    expect(() => communes.rotate('404')).toThrow(expect.objectContaining({ reason: 'commune-not-found' }));
    expect(communes.list().map((c) => c.name)).toEqual(['Xã Ví Dụ']);
  });
});
