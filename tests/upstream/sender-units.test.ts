import { describe, expect, it } from 'vitest';
import { loadConfig, maskSecrets } from '../../hub/src/config/config.js';
import { addDays, daysBetween, figuresHash, lastDueDay } from '../../hub/src/upstream/days.js';
import { endpoint, displayUrl, signature } from '../../hub/src/upstream/client.js';
import { TestClock } from '../kit/index.js';
import { tmpDir } from '../helpers/procs.js';
import { at, senderHub, standIn } from './sender.helpers.js';

const summary = (over: Record<string, unknown> = {}) =>
  ({
    schema: 'one-stop-daily-summary/1',
    commune: { code: '26734', name: 'Xã Ví Dụ' },
    date: '2026-11-21',
    revision: 1,
    generatedAt: '2026-11-21T23:55:03+07:00',
    ratings: { total: 2, byScore: { '5': 1, '4': 1, '3': 0, '2': 0, '1': 0 }, flagged: 0, byCounter: [], reasons: { attitude: 1, 'waiting-time': 2 } },
    files: { received: 1, ready: 0, returned: 0, late: 0, apologies: 0, openAtEndOfDay: 1 },
    sms: { sent: 0, delivered: 0, failed: 0 },
    devices: { configured: 1, seenToday: 1 },
    ...over,
  }) as never;

describe('upstream sender: configuration and pure rules', () => {
  it('reads UPSTREAM_URL, UPSTREAM_SECRET, UPSTREAM_SEND_AT; the secret never appears in the logged config; a bad value names the field', () => {
    const env = { UPSTREAM_URL: 'https://tinh.example.vn/upstream/', UPSTREAM_SECRET: 's3cret-value', UPSTREAM_SEND_AT: '22:30', COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' };
    const c = loadConfig({ flags: { dataDir: tmpDir() }, env });
    expect(c.upstream).toMatchObject({ url: 'https://tinh.example.vn/upstream/', secret: 's3cret-value', sendAt: '22:30' });
    expect(c.commune).toEqual({ code: '26734', name: 'Xã Ví Dụ', returnTime: '08:00' });
    expect(JSON.stringify(maskSecrets(c))).not.toContain('s3cret-value');
    const plain = loadConfig({ flags: { dataDir: tmpDir() }, env: {} }).upstream;
    expect(plain.url).toBeUndefined();
    expect(plain.sendAt).toBe('23:55');
    expect(() => loadConfig({ flags: { dataDir: tmpDir() }, env: { UPSTREAM_SEND_AT: '24:00' } })).toThrow(/upstream\.sendAt/);
    expect(() => loadConfig({ flags: { dataDir: tmpDir() }, env: { UPSTREAM_URL: 'ftp://x' } })).toThrow(/upstream\.url/);
  });

  it('days are local days in Asia/Ho_Chi_Minh; today is due from the send time on, yesterday before it', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(daysBetween('2026-11-02', '2026-11-01')).toEqual([]);
    const sendAt = 23 * 60 + 55;
    expect(lastDueDay(at('2026-11-21', 23, 54), sendAt)).toBe('2026-11-20');
    expect(lastDueDay(at('2026-11-21', 23, 55), sendAt)).toBe('2026-11-21');
    expect(lastDueDay(at('2026-11-22', 0, 5), sendAt)).toBe('2026-11-21'); // 17:05 UTC the day before
  });

  it('the figures hash ignores when it was built, the revision and the commune\'s name, and the order of keys; any figure changes it', () => {
    const h = figuresHash(summary());
    expect(figuresHash(summary({ generatedAt: '2026-11-22T08:00:00+07:00', revision: 3, commune: { code: '26734', name: 'UBND xã Ví Dụ' } }))).toBe(h);
    expect(figuresHash(summary({ ratings: { total: 2, byScore: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 }, flagged: 0, byCounter: [], reasons: { 'waiting-time': 2, attitude: 1 } } }))).toBe(h);
    expect(figuresHash(summary({ sms: { sent: 1, delivered: 0, failed: 0 } }))).not.toBe(h);
    // a counter added later (listed with nothing that day) or renamed is not a change of that day's figures
    const zero = { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 };
    const withCounters = (list: unknown[]) => summary({ ratings: { total: 2, byScore: { '5': 1, '4': 1, '3': 0, '2': 0, '1': 0 }, flagged: 0, byCounter: list, reasons: { attitude: 1, 'waiting-time': 2 } } });
    const one = figuresHash(withCounters([{ counter: 'Quầy 1', total: 2, byScore: { ...zero, '5': 1, '4': 1 } }]));
    expect(figuresHash(withCounters([{ counter: 'Quầy Tư pháp', total: 2, byScore: { ...zero, '5': 1, '4': 1 } }, { counter: 'Quầy mới', total: 0, byScore: zero }]))).toBe(one);
    expect(figuresHash(withCounters([{ counter: 'Quầy 1', total: 1, byScore: { ...zero, '5': 1 } }, { counter: 'Quầy 2', total: 1, byScore: { ...zero, '4': 1 } }]))).not.toBe(one);
    expect(figuresHash(summary({ devices: { configured: 1, seenToday: 0 } }))).not.toBe(h);
  });

  it('signs as the contract says (a known vector), keeps a path prefix of the base URL, and never shows credentials in a URL', () => {
    // printf '1764000000.{"a":1}' | openssl dgst -sha256 -hmac key
    expect(signature('key', 1764000000, Buffer.from('{"a":1}'))).toBe('sha256=66ff00156971bc93c586dacc7bf22d6f5f4d9fcaede23c166be2b3ec3215f68a');
    expect(endpoint('https://tinh.example.vn/upstream', 'summaries')).toBe('https://tinh.example.vn/upstream/api/v1/summaries');
    expect(endpoint('https://tinh.example.vn/', 'ping')).toBe('https://tinh.example.vn/api/v1/ping');
    expect(displayUrl('https://user:pw@tinh.example.vn/x?token=1')).toBe('https://tinh.example.vn/x');
  });

  it('a receiver without the ping is checked with a signed empty summary: 400 invalid-body means the key was accepted', async () => {
    const stand = await standIn();
    stand.answer((r) => {
      if (r.path === '/api/v1/ping') return { status: 404, body: { status: 'error', reason: 'not-found' } };
      if (!r.signatureOk) return { status: 401, body: { status: 'error', reason: 'unauthorized' } };
      return { status: 400, body: { status: 'error', reason: 'invalid-body', detail: [] } };
    });
    const hub = await senderHub({ clock: new TestClock(at('2026-11-21', 9)), url: stand.url });
    try {
      expect(await hub.hub.services.upstream.testLink()).toMatchObject({ ok: true, reason: 'ok', status: 400 });
      expect(stand.received.map((r) => `${r.method} ${r.path} ${r.raw.toString()}`)).toEqual(['GET /api/v1/ping ', 'POST /api/v1/summaries {}']);
      hub.settings.secret = 'wrong';
      expect(await hub.hub.services.upstream.testLink()).toMatchObject({ ok: false, reason: 'unauthorized', status: 401 });
    } finally {
      await hub.close();
      await stand.close();
    }
  });
});
