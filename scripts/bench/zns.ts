/**
 * ZNS channel benchmark: `npm run bench:zns` (docs/sms.md "Zalo ZNS", decision 0083).
 *
 * A commune hub (createHub, the real SMS worker and ZNS feature) on a temporary SQLite file, the console SMS gateway,
 * and the ZNS stand-in of tests/zns on loopback. N "ready" messages are written to the outbox in one transaction and
 * the time until every one is sent is measured:
 *   A. ZNS off: every message by SMS (the console gateway): the outbox's own cost;
 *   B. ZNS on, every number with Zalo: one ZNS request each;
 *   C. ZNS on, half the numbers without Zalo: a refused ZNS request, then the SMS, for those.
 * Also: the token refresh (begun committed, request, pair committed), median of 20.
 * Prints figures, then one JSON object as the last line. Options: --n N (default 500).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { systemClock } from '@onestop/shared';
import { createHub } from '../../hub/src/app.ts';
import { parseConfig } from '../../hub/src/config/config.ts';
import { openDb } from '../../hub/src/db/open.ts';
import { silentLogger } from '../../hub/src/log.ts';
import { ConsoleGateway } from '../../hub/src/sms/gateways/console.ts';
import { tmpDir } from '../../tests/helpers/procs.ts';
import { ZnsStandIn } from '../../tests/zns/zns-standin.ts';

const { values: opts } = parseArgs({ options: { n: { type: 'string' } }, strict: true });
const N = Math.max(1, Number(opts.n ?? 500));

async function run(label: string, z: ZnsStandIn, znsOn: boolean, noZaloShare: number): Promise<number> {
  const dir = tmpDir('bench-zns-');
  const db = openDb(path.join(dir, 'hub.sqlite'));
  const config = parseConfig({
    dataDir: dir,
    port: 0,
    demo: false,
    sms: { quietHours: '', ratePerMinute: 6000, burst: 100 },
    zns: { enabled: znsOn, appId: z.appId, appSecret: z.appSecret, refreshToken: z.newRefreshToken(), apiBase: z.url, oauthBase: z.url, templates: { ready: { templateId: '300001', params: 'ma_ho_so=fileCode; ten_thu_tuc=procedure' } } },
  });
  const hub = createHub({ config, db, clock: systemClock, log: silentLogger(), smsGateway: new ConsoleGateway(silentLogger()) });
  if (znsOn) await hub.services.zns.runOnce();
  const phones = Array.from({ length: N }, (_, i) => `+8491${String(i).padStart(7, '0')}`);
  phones.forEach((p, i) => i < N * noZaloShare && z.noZalo.add(p.slice(1)));
  const t0 = performance.now();
  db.transaction(() => {
    for (const to of phones) hub.services.sms.enqueue({ kind: 'ready', fileId: null, to, vars: { fileCode: 'HS-1', procedure: 'Đăng ký khai sinh' } });
  })();
  const left = db.prepare("SELECT COUNT(*) FROM sms_messages WHERE status NOT IN ('sent', 'delivered')").pluck();
  while ((left.get() as number) > 0) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${label}: ${N} messages sent in ${ms.toFixed(0)} ms (${((N / ms) * 1000).toFixed(0)} /s)`);
  return ms;
}

const z = new ZnsStandIn();
z.approvedTemplates.set('300001', ['ma_ho_so', 'ten_thu_tuc']);
await z.start();
const a = await run('A. ZNS off, all by SMS', z, false, 0);
const b = await run('B. ZNS on, all by ZNS', z, true, 0);
const c = await run('C. ZNS on, half refused then SMS', z, true, 0.5);

// the refresh: begun committed, the request, the pair committed
const dir = tmpDir('bench-zns-refresh-');
const db = openDb(path.join(dir, 'hub.sqlite'));
const hub = createHub({
  config: parseConfig({ dataDir: dir, port: 0, demo: false, zns: { enabled: true, appId: z.appId, appSecret: z.appSecret, refreshToken: z.newRefreshToken(), apiBase: z.url, oauthBase: z.url } }),
  db,
  clock: systemClock,
  log: silentLogger(),
});
const times: number[] = [];
for (let i = 0; i < 20; i++) {
  const s = hub.services.zns.tokens.state();
  hub.services.zns.store.save({ ...s, accessExpiresAt: 0 });
  const t0 = performance.now();
  await hub.services.zns.tokens.refresh();
  times.push(performance.now() - t0);
}
await hub.close();
fs.rmSync(dir, { recursive: true, force: true });
await z.stop();
times.sort((x, y) => x - y);
const refreshP50 = times[10]!;
console.log(`token refresh (begun committed, request, pair committed): p50 ${refreshP50.toFixed(1)} ms`);
console.log(JSON.stringify({ n: N, smsOnlyMs: Math.round(a), znsMs: Math.round(b), halfFallbackMs: Math.round(c), refreshP50Ms: Number(refreshP50.toFixed(1)) }));
