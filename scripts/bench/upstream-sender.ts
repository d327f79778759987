/**
 * Upstream sender benchmark: `npm run bench:upstream-sender` (docs/upstream-sender.md, docs/decisions/0051).
 *
 * A commune hub's database with a year of data (ratings straight into SQLite; files received, made ready and
 * returned through the real FileService, so their events and SMS rows are the real ones), then the sender:
 *   A. baseline: one bare GROUP BY over the year's ratings (the cheapest possible "a figure for every day")
 *   B. the first full check: every day of the year built (buildDailySummary) and queued
 *   C. a full check with nothing changed (what the daily send-time tick costs), and the 5-minute cheap check
 *   D. baseline: plain sequential fetch POSTs of the same bodies to a bare node:http server answering 200
 *   E. sending the year's summaries through the outbox (signing, one at a time, recording each outcome) to it
 *
 * Prints figures, then one JSON object as the last line. Loopback only; the temp directory is removed.
 * Options: --days N (default 365), --ratings-per-day N (default 300), --files-per-day N (default 20), --keep
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { dayBounds, localDay, uuidv7 } from '@onestop/shared';
import { createHub } from '../../hub/src/app.ts';
import { parseConfig } from '../../hub/src/config/config.ts';
import { openDb } from '../../hub/src/db/open.ts';
import { silentLogger } from '../../hub/src/log.ts';
import { UpstreamService } from '../../hub/src/upstream/service.ts';
import { tmpDir } from '../../tests/helpers/procs.ts';
import { loadFields } from './quiet.ts';

const { values: opts } = parseArgs({
  options: { days: { type: 'string' }, 'ratings-per-day': { type: 'string' }, 'files-per-day': { type: 'string' }, keep: { type: 'boolean' } },
  strict: true,
});
const DAYS = Math.max(1, Number(opts.days ?? 365));
const RPD = Math.max(0, Number(opts['ratings-per-day'] ?? 300));
const FPD = Math.max(0, Number(opts['files-per-day'] ?? 20));
const DAY = 86_400_000;

const dir = tmpDir('bench-upstream-sender-');
const cleanup = () => {
  if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => (cleanup(), process.exit(130)));
const watchdog = setTimeout(() => (console.error('watchdog: too slow, giving up'), cleanup(), process.exit(1)), 15 * 60_000);
watchdog.unref();

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

async function main() {
  const now = Date.now();
  const lastDay = localDay(now - DAY);
  const firstDay = localDay(now - DAYS * DAY);
  const clock = { t: dayBounds(firstDay).start + 8 * 3_600_000, now() { return this.t; } };
  const config = parseConfig({ dataDir: dir, port: 0, host: '127.0.0.1', demo: false, commune: { code: '26734', name: 'Xã Ví Dụ' } });
  const db = openDb(path.join(dir, 'hub.sqlite'));
  const hub = createHub({ config, db, clock, log: silentLogger(), upstreamPolicy: { loop: false } });
  await hub.services.sms.close();

  // ---- a year of data (generation only: synchronous OFF while building it) ----
  const tGen = performance.now();
  db.pragma('synchronous = OFF');
  const counters = [1, 2, 3].map((i) => hub.services.counters.create({ name: `Quầy ${i}`, buttons: 5, minIntervalS: 0 }));
  const devices = counters.map((c) => hub.services.devices.pair({ code: hub.services.devices.createPairingCode(c.id).code, kind: 'kiosk' }));
  const { view } = hub.services.apiTokens.create({ name: 'bench' });
  const API = { kind: 'token', tokenId: view.id, name: view.name } as const;
  hub.services.procedures.create({ code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fee: 0 });
  const ins = db.prepare(
    `INSERT INTO ratings (id, device_id, counter_id, source, score, scale_buttons, device_time, received_at, rated_at, day, flagged)
     VALUES (?, ?, ?, 'touch', ?, 5, ?, ?, ?, ?, 0)`,
  );
  let fileNo = 0;
  for (let d = 0; d < DAYS; d++) {
    const day = localDay(now - (DAYS - d) * DAY);
    const start = dayBounds(day).start + 7.5 * 3_600_000;
    db.transaction(() => {
      for (let i = 0; i < RPD; i++) {
        const k = i % devices.length;
        const t = start + i * 30_000;
        ins.run(uuidv7(t), devices[k]!.deviceId, counters[k]!.id, 1 + ((i * 7 + d) % 5), t, t, t, day);
      }
    })();
    for (let i = 0; i < FPD; i++) {
      clock.t = start + i * 60_000;
      const code = `HS-${++fileNo}`;
      hub.services.files.receiveFromApi({ code, procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn An', phone: '0912 345 678' }, API);
      if (i % 2 === 0) {
        clock.t += 3 * 3_600_000;
        hub.services.files.transition(code, { status: 'ready' }, API);
        if (i % 4 === 0) {
          clock.t += 3_600_000;
          hub.services.files.transition(code, { status: 'returned' }, API);
        }
      }
    }
  }
  db.pragma('synchronous = FULL');
  const genMs = ms(tGen);

  // ---- a bare receiver ----
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"stored"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  clock.t = now;
  const settings = { url, secret: 'bench-secret', sendAt: '23:55', commune: { code: '26734', name: 'Xã Ví Dụ' } };
  const up = new UpstreamService({ db, clock, log: silentLogger(), settings: () => settings, policy: { loop: false } });

  // A. baseline
  let t0 = performance.now();
  const perDay = db.prepare('SELECT day, score, COUNT(*) AS n FROM ratings GROUP BY day, score').all();
  const bareGroupByMs = ms(t0);

  // B. first full check
  t0 = performance.now();
  const queued = up.check({ full: true });
  const firstFullMs = ms(t0);
  // C. nothing changed
  t0 = performance.now();
  const again = up.check({ full: true });
  const steadyFullMs = ms(t0);
  t0 = performance.now();
  const cheap = up.check();
  const cheapMs = ms(t0);
  if (again.length || cheap.length) throw new Error(`a check with no change queued something: ${again.length + cheap.length}`);

  // D. baseline: bare POSTs of the same bodies
  const bodies = (db.prepare("SELECT body FROM upstream_summaries WHERE status = 'pending' ORDER BY day").all() as { body: string }[]).map((r) => r.body);
  t0 = performance.now();
  for (const b of bodies) {
    const r = await fetch(`${url}/api/v1/summaries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
    await r.text();
  }
  const bareMs = ms(t0);
  // E. the outbox
  received = 0;
  t0 = performance.now();
  const results = await up.sendPass();
  const sendMs = ms(t0);
  const sent = results.filter((r) => r.outcome.kind === 'sent').length;
  if (sent !== bodies.length || received !== bodies.length) throw new Error(`sent ${sent}, received ${received}, expected ${bodies.length}`);
  const bodyBytes = Math.round(bodies.reduce((a, b) => a + Buffer.byteLength(b), 0) / bodies.length);

  await new Promise<void>((r) => server.close(() => r()));
  await hub.close();
  const ratings = DAYS * RPD;
  const out = {
    days: DAYS,
    from: firstDay,
    to: lastDay,
    ratings,
    files: fileNo,
    generate_ms: genMs,
    bare_group_by_ms: bareGroupByMs,
    bare_group_by_rows: perDay.length,
    first_full_check_ms: firstFullMs,
    first_full_check_per_day_ms: Math.round((firstFullMs / queued.length) * 100) / 100,
    summaries_queued: queued.length,
    steady_full_check_ms: steadyFullMs,
    cheap_check_ms: cheapMs,
    body_bytes_avg: bodyBytes,
    bare_post_per_s: Math.round(bodies.length / (bareMs / 1000)),
    /** the machine's 1-minute load when the measurements ended (2 cores here; others may be running) */
    load_avg_1m: Math.round(os.loadavg()[0]! * 100) / 100,
    outbox_send_per_s: Math.round(sent / (sendMs / 1000)),
  };
  console.log(`upstream sender, ${DAYS} days, ${ratings} ratings, ${fileNo} files (load average ${out.load_avg_1m})`);
  console.log(`  A. bare GROUP BY day over the year's ratings          ${bareGroupByMs} ms`);
  console.log(`  B. first full check (${queued.length} days built and queued)     ${firstFullMs} ms (${out.first_full_check_per_day_ms} ms/day)`);
  console.log(`  C. full check, nothing changed (daily tick)            ${steadyFullMs} ms`);
  console.log(`     cheap check (every 5 min)                            ${cheapMs} ms`);
  console.log(`  D. bare sequential POSTs, ${bodyBytes} B bodies            ${out.bare_post_per_s} /s`);
  console.log(`  E. outbox send (signed, one at a time, recorded)       ${out.outbox_send_per_s} /s`);
  console.log(JSON.stringify({ ...out, ...loadFields() }));
}

main()
  .then(() => (cleanup(), process.exit(0)))
  .catch((e) => {
    console.error(e);
    cleanup();
    process.exit(1);
  });
