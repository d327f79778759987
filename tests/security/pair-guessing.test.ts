import { afterEach, describe, expect, it } from 'vitest';
import type { AlertParams } from '@onestop/shared';
import { startTestHub, type TestHub } from '../kit/index.js';
import { hubRows } from '../helpers/db.js';

/**
 * Issue 11, finding 4: POST /api/pair answered 5,000 wrong codes in 12 s without slowing down. Reproduced the same
 * way: wrong codes sent in parallel over HTTP, from forged client addresses (X-Forwarded-For, believed from loopback).
 */

let h: TestHub | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface PairAnswer {
  status: number;
  reason?: string;
  retryAfter: string | null;
  deviceId?: string;
}

async function pair(code: string, address: string): Promise<PairAnswer> {
  const r = await fetch(`${h!.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ code, kind: 'agent' }) });
  const body = (await r.json()) as { ok: boolean; reason?: string; data?: { deviceId: string } };
  return { status: r.status, reason: body.reason, retryAfter: r.headers.get('retry-after'), deviceId: body.data?.deviceId };
}

/** A code that is not the one made (the hub's codes are 8 random digits; this one differs in its first digit). */
const wrongCode = (right: string, i: number) => `${(Number(right[0]) + 1) % 10}${String(i).padStart(7, '0')}`;

const tally = (answers: PairAnswer[]) => answers.reduce<Record<string, number>>((n, a) => ({ ...n, [`${a.status} ${a.reason}`]: (n[`${a.status} ${a.reason}`] ?? 0) + 1 }), {});
const guessingAlerts = () => hubRows<{ params: string; cleared_at: number | null }>(h!.dataDir, "SELECT params, cleared_at FROM alerts WHERE kind = 'pairing-guessing' ORDER BY id");
const sweep = () => h!.hub.jobs.find((j) => j.name === 'pairing-guessing')!.run();

describe('pairing codes under guessing', () => {
  it('300 wrong codes in parallel: 10 are checked, the rest refused 429 with Retry-After; the admin is alerted once; a fresh address pairs meanwhile, the guesser after its wait', async () => {
    h = await startTestHub();
    const counter = h.hub.services.counters.create({ name: 'Quầy 1' });
    const { code } = h.hub.services.devices.createPairingCode(counter.id);
    const since = h.clock.now();

    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => pair(wrongCode(code, i), '10.0.0.66')));
    expect(tally(answers)).toEqual({ '400 bad-pairing-code': 10, '429 rate-limited': 290 });
    expect(new Set(answers.filter((a) => a.status === 429).map((a) => a.retryAfter))).toEqual(new Set(['60']));

    const alerts = guessingAlerts();
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]!.params) as AlertParams).toEqual({ kind: 'pairing-guessing', wrong: 10, addresses: 1, lastAddress: '10.0.0.66', since });
    expect(h.hub.services.alerts.list()[0]!.detail).toBe('Có người đang dò mã ghép nối thiết bị: 10 mã sai từ 1 địa chỉ (gần nhất 10.0.0.66) từ 09:00 21/11/2026; các lần thử tiếp theo đang bị chặn tạm thời.');

    // the guesser's right code is refused too, unchecked, and the code stays usable
    expect(await pair(code, '10.0.0.66')).toMatchObject({ status: 429, reason: 'rate-limited' });
    // a fresh address (the technician at the counter) pairs while the guesser is held
    const second = h.hub.services.devices.createPairingCode(counter.id);
    expect((await pair(second.code, '10.0.0.9')).status).toBe(200);
    // more guessing in the same episode raises nothing more
    await Promise.all(Array.from({ length: 50 }, (_, i) => pair(wrongCode(code, 1000 + i), '10.0.0.66')));
    expect(guessingAlerts()).toHaveLength(1);

    h.clock.advance(60_000);
    expect((await pair(code, '10.0.0.66')).status).toBe(200);
    expect(hubRows<{ n: number }>(h.dataDir, 'SELECT COUNT(*) AS n FROM devices')[0]!.n).toBe(2);
  });

  it('the episode ends after a quiet hour: its alert is cleared, and guessing again raises a new one', async () => {
    h = await startTestHub();
    const counter = h.hub.services.counters.create({ name: 'Quầy 1' });
    const { code } = h.hub.services.devices.createPairingCode(counter.id);
    await Promise.all(Array.from({ length: 20 }, (_, i) => pair(wrongCode(code, i), '10.0.0.66')));
    sweep();
    expect(guessingAlerts().map((a) => a.cleared_at)).toEqual([null]);
    h.clock.advance(3600_000);
    sweep();
    expect(guessingAlerts().map((a) => a.cleared_at)).toEqual([h.clock.now()]);
    const again = await Promise.all(Array.from({ length: 20 }, (_, i) => pair(wrongCode(code, 100 + i), '10.0.0.67')));
    expect(tally(again)).toEqual({ '400 bad-pairing-code': 10, '429 rate-limited': 10 });
    expect(guessingAlerts().map((a) => a.cleared_at)).toEqual([h.clock.now(), null]);
  });

  it('guessing spread over many addresses meets the overall limit: then even a fresh address with the right code waits (the trade-off of decision 0084)', async () => {
    h = await startTestHub();
    const counter = h.hub.services.counters.create({ name: 'Quầy 1' });
    const { code } = h.hub.services.devices.createPairingCode(counter.id);
    const spread = Array.from({ length: 10 }, (_, a) => Array.from({ length: 10 }, (_, i) => pair(wrongCode(code, a * 10 + i), `10.0.1.${a + 1}`))).flat();
    expect(tally(await Promise.all(spread))).toEqual({ '400 bad-pairing-code': 100 });
    expect(await pair(code, '10.0.2.1')).toMatchObject({ status: 429, reason: 'rate-limited', retryAfter: '1' });
    // the alert names the guessers, not the address that was only held back
    expect(JSON.parse(guessingAlerts()[0]!.params)).toMatchObject({ wrong: 100, addresses: 10, lastAddress: expect.stringMatching(/^10\.0\.1\.\d+$/) });
    h.clock.advance(1000);
    expect((await pair(code, '10.0.2.1')).status).toBe(200);
  });

  it('successful pairings are not counted: one address pairs many devices in a row (an installer, the benchmark)', async () => {
    h = await startTestHub();
    const counter = h.hub.services.counters.create({ name: 'Quầy 1' });
    for (let i = 0; i < 30; i++) {
      const { code } = h.hub.services.devices.createPairingCode(counter.id);
      expect((await pair(code, '10.0.0.5')).status).toBe(200);
    }
    expect(guessingAlerts()).toEqual([]);
  });
});
