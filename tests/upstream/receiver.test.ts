import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../helpers/procs.js';
import { addCommune, held, postSummary, sign, startReceiver, summary } from './receiver-procs.js';

const run = promisify(execFile);
const CODE = '26734';
const NAME = 'Xã Ví Dụ';

let rx: RunningHub;
let secret: string;

beforeAll(async () => {
  rx = await startReceiver();
  secret = await addCommune(rx.dataDir, CODE, NAME);
  await addCommune(rx.dataDir, '26735', 'Phường Bên Cạnh');
}, 60_000);
afterAll(async () => {
  await rx?.stop();
});

/** Every refusal: the contract's status and body, one more log line with its cause, and (checked by callers) nothing stored. */
async function refused(call: () => Promise<{ status: number; body: any }>, status: number, reason: string, cause: string) {
  const count = () => rx.output().split(`"cause":"${cause}"`).length - 1;
  const before = count();
  const res = await call();
  expect(res.status).toBe(status);
  expect(res.body.status).toBe('error');
  expect(res.body.reason).toBe(reason);
  if (status !== 400) expect(Object.keys(res.body).sort()).toEqual(['reason', 'status']);
  await expect.poll(count).toBe(before + 1);
  return res;
}

describe('the upstream receiver, a real process', () => {
  it('registers a commune from the CLI and prints its secret alone on the last line; list shows it; the secret is never stored in clear', async () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const { stdout } = await run(path.join(process.cwd(), 'hub/bin/hub.mjs'), ['commune', 'list', '--data-dir', rx.dataDir], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    expect(stdout).toContain(`${CODE}\t${NAME}`);
    const raw = (await import('node:fs')).readFileSync(path.join(rx.dataDir, 'upstream.sqlite'));
    expect(raw.includes(Buffer.from(secret))).toBe(false);
  });

  it('stores a new summary, answers duplicate for the same body again, and keeps unknown fields byte for byte', async () => {
    const body = { ...summary(CODE, NAME, '2026-11-01'), extension: { queueMachine: 'QMS-7', note: 'trường mới' } };
    const raw = JSON.stringify(body, null, 1) + '\n';
    const first = await postSummary(rx.url, CODE, secret, raw);
    expect(first).toEqual({ status: 200, body: { status: 'stored' } });
    const again = await postSummary(rx.url, CODE, secret, raw);
    expect(again).toEqual({ status: 200, body: { status: 'duplicate' } });
    const h = held(rx.dataDir).summaries.filter((s) => s.day === '2026-11-01');
    expect(h).toHaveLength(1);
    expect(h[0]!.body.toString('utf8')).toBe(raw);
    expect(JSON.parse(h[0]!.body.toString('utf8')).extension).toEqual({ queueMachine: 'QMS-7', note: 'trường mới' });
  });

  it('keeps every revision; the highest is current; a lower one is 409 stale-revision; the same revision with another body is 409', async () => {
    const day = '2026-11-02';
    const r1 = JSON.stringify(summary(CODE, NAME, day, 1, { s5: 10 }));
    const r2 = JSON.stringify(summary(CODE, NAME, day, 2, { s5: 12 }));
    expect((await postSummary(rx.url, CODE, secret, r1)).body).toEqual({ status: 'stored' });
    expect((await postSummary(rx.url, CODE, secret, r2)).body).toEqual({ status: 'stored' });
    const before = held(rx.dataDir);
    expect(before.summaries.filter((s) => s.day === day).map((s) => s.revision)).toEqual([1, 2]);
    expect(before.current.find((c) => c.day === day)).toMatchObject({ revision: 2, ratings_total: 12 + 8 + 2 + 1 + 1 });

    // revision 1 again with different figures: older than the one held
    await refused(() => postSummary(rx.url, CODE, secret, JSON.stringify(summary(CODE, NAME, day, 1, { s5: 99 }))), 409, 'stale-revision', 'stale-revision');
    // revision 2 again with different figures
    await refused(() => postSummary(rx.url, CODE, secret, JSON.stringify(summary(CODE, NAME, day, 2, { s5: 98 }))), 409, 'stale-revision', 'stale-revision');
    expect(held(rx.dataDir)).toEqual(before);
    // the very same revision 1 again is a harmless retry
    expect((await postSummary(rx.url, CODE, secret, r1)).body).toEqual({ status: 'duplicate' });
  });

  it('refuses a bad signature, an unknown commune, a timestamp outside ±300 s and missing headers with 401, storing nothing', async () => {
    const before = held(rx.dataDir);
    const raw = JSON.stringify(summary(CODE, NAME, '2026-11-03'));
    const now = Math.floor(Date.now() / 1000);
    await refused(() => postSummary(rx.url, CODE, 'not-the-secret', raw), 401, 'unauthorized', 'bad-signature');
    await refused(() => postSummary(rx.url, CODE, secret, raw, { override: { 'x-signature': sign(secret, now, raw + ' ') } }), 401, 'unauthorized', 'bad-signature');
    await refused(() => postSummary(rx.url, CODE, secret, raw, { override: { 'x-signature': 'sha256=zz' } }), 401, 'unauthorized', 'bad-signature');
    const unknown = JSON.stringify(summary('99999', 'Xã Lạ', '2026-11-03'));
    await refused(() => postSummary(rx.url, '99999', secret, unknown), 401, 'unauthorized', 'unknown-commune');
    // a replay of a correctly signed request, its timestamp 301 s old / ahead
    await refused(() => postSummary(rx.url, CODE, secret, raw, { ts: now - 301 }), 401, 'unauthorized', 'timestamp-outside-window');
    await refused(() => postSummary(rx.url, CODE, secret, raw, { ts: now + 400 }), 401, 'unauthorized', 'timestamp-outside-window');
    await refused(() => postSummary(rx.url, CODE, secret, raw, { override: { 'x-timestamp': 'yesterday' } }), 401, 'unauthorized', 'bad-timestamp');
    await refused(() => postSummary(rx.url, CODE, secret, raw, { override: { 'x-commune-code': undefined } }), 401, 'unauthorized', 'bad-commune-code');
    // the other commune's secret does not sign for this one
    expect(held(rx.dataDir)).toEqual(before);
    // well within the window (290 s old; the exact edges are tested against an injected clock in receiver-unit) it is accepted
    expect((await postSummary(rx.url, CODE, secret, raw, { ts: now - 290 })).body).toEqual({ status: 'stored' });
  });

  it('refuses bodies against the schema with 400 invalid-body and a detail, storing nothing', async () => {
    const before = held(rx.dataDir);
    const good = summary(CODE, NAME, '2026-11-04');
    const bad: [unknown, string][] = [
      [{ ...good, schema: 'one-stop-daily-summary/2' }, '/schema'],
      [{ ...good, revision: 0 }, '/revision'],
      [{ ...good, ratings: { ...good.ratings, byScore: { '5': 1, '4': 1, '3': 1, '2': 1 } } }, '/ratings/byScore'],
      [{ ...good, files: { ...good.files, late: -1 } }, '/files/late'],
      [{ ...good, generatedAt: 'hôm nay' }, '/generatedAt'],
      [(({ sms: _s, ...rest }) => rest)(good), ''],
    ];
    for (const [body, p] of bad) {
      const res = await refused(() => postSummary(rx.url, CODE, secret, JSON.stringify(body), { key: `${CODE}/2026-11-04/1` }), 400, 'invalid-body', 'invalid-body');
      expect(res.body.detail.map((d: { path: string }) => d.path)).toContain(p);
    }
    await refused(() => postSummary(rx.url, CODE, secret, '{"schema": ', { key: `${CODE}/2026-11-04/1` }), 400, 'invalid-body', 'invalid-body');
    // header and body disagree: another commune's code in the body, a wrong Idempotency-Key, a date that does not exist
    const other = await postSummary(rx.url, CODE, secret, JSON.stringify(summary('26735', 'Phường Bên Cạnh', '2026-11-04')));
    expect(other.status).toBe(400);
    expect(other.body.detail[0].path).toBe('/commune/code');
    const wrongKey = await postSummary(rx.url, CODE, secret, JSON.stringify(good), { key: `${CODE}/2026-11-04/7` });
    expect(wrongKey.status).toBe(400);
    const feb30 = await postSummary(rx.url, CODE, secret, JSON.stringify(summary(CODE, NAME, '2026-02-30')));
    expect(feb30.status).toBe(400);
    expect(held(rx.dataDir)).toEqual(before);
  });

  it('bounds the body size: a 200 KB body is 400 invalid-body and nothing is stored', async () => {
    const before = held(rx.dataDir);
    const big = JSON.stringify({ ...summary(CODE, NAME, '2026-11-05'), padding: 'x'.repeat(200 * 1024) });
    const res = await postSummary(rx.url, CODE, secret, big);
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('invalid-body');
    expect(held(rx.dataDir)).toEqual(before);
  });

  it('answers a signed ping over an empty body, refuses an unsigned one; no other endpoint is open without authentication', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const ok = await fetch(`${rx.url}/api/v1/ping`, { headers: { 'x-commune-code': CODE, 'x-timestamp': String(ts), 'x-signature': sign(secret, ts, '') } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', commune: { code: CODE, name: NAME } });
    const bad = await fetch(`${rx.url}/api/v1/ping`, { headers: { 'x-commune-code': CODE, 'x-timestamp': String(ts), 'x-signature': sign('wrong', ts, '') } });
    expect(bad.status).toBe(401);
    for (const p of ['/api/province/communes', '/api/province/report?from=2026-11-01&to=2026-11-30', '/api/province/export.csv?from=2026-11-01&to=2026-11-30', '/api/province/communes/26734/days/2026-11-01']) {
      const res = await fetch(rx.url + p);
      expect(res.status, p).toBe(401);
    }
    const add = await fetch(`${rx.url}/api/province/communes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '1', name: 'x' }) });
    expect(add.status).toBe(401);
    // no commune-hub features in this role
    expect((await fetch(`${rx.url}/api/admin/live`)).status).toBe(404);
    expect((await fetch(`${rx.url}/healthz`).then((r) => r.json())).data.role).toBe('upstream');
  });

  it('rotating a secret from the CLI stops the old one at once', async () => {
    const code = '26736';
    const old = await addCommune(rx.dataDir, code, 'Xã Xoay Khóa');
    const { stdout } = await run(path.join(process.cwd(), 'hub/bin/hub.mjs'), ['commune', 'rotate-secret', '--code', code, '--data-dir', rx.dataDir], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    const fresh = stdout.trim().split('\n').pop()!;
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(old);
    const raw = JSON.stringify(summary(code, 'Xã Xoay Khóa', '2026-11-01'));
    expect((await postSummary(rx.url, code, old, raw)).status).toBe(401);
    expect((await postSummary(rx.url, code, fresh, raw)).body).toEqual({ status: 'stored' });
  });

  it('rate-limits per commune: past the budget a commune gets 429 (temporary) and nothing is stored; another commune at the same address is not held back', async () => {
    const small = await startReceiver({ env: { RECEIVER_RATE_PER_COMMUNE: '3' } });
    try {
      const a = await addCommune(small.dataDir, '1001', 'Xã A');
      const b = await addCommune(small.dataDir, '1002', 'Xã B');
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++) statuses.push((await postSummary(small.url, '1001', a, JSON.stringify(summary('1001', 'Xã A', `2026-10-0${i}`)))).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await postSummary(small.url, '1001', a, JSON.stringify(summary('1001', 'Xã A', '2026-10-09')));
      expect(limited.body).toEqual({ status: 'error', reason: 'rate-limited' });
      expect(held(small.dataDir).summaries.map((s) => s.day)).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
      expect((await postSummary(small.url, '1002', b, JSON.stringify(summary('1002', 'Xã B', '2026-10-01')))).status).toBe(200);
      await expect.poll(() => small.output()).toContain('"reason":"rate-limited"');
    } finally {
      await small.stop();
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const other = await startReceiver();
    await other.stop();
    expect(other.proc.exitCode).toBe(0);
    await expect.poll(() => other.output(), { timeout: 15_000 }).toContain('"msg":"stopped"');
  });
});
