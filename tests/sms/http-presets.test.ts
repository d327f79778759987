import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, maskSecrets } from '../../hub/src/config/config.js';
import type { OutgoingSms, SmsGateway } from '../../hub/src/sms/gateway.js';
import { EsmsGateway, ESMS_SEND_PATH } from '../../hub/src/sms/gateways/esms.js';
import { HttpGateway } from '../../hub/src/sms/gateways/http.js';
import { resolveHttpGateway, type HttpGatewayConfig } from '../../hub/src/sms/gateways/http-config.js';
import { SpeedSmsGateway, SPEEDSMS_SEND_PATH } from '../../hub/src/sms/gateways/speedsms.js';
import { smsSetup, tmpDir } from './helpers.js';
import { EsmsStandIn } from './esms-standin.js';
import type { ProviderStandIn, RecordedRequest } from './provider-standin.js';
import { SpeedSmsStandIn } from './speedsms-standin.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function started<T extends ProviderStandIn>(s: T): Promise<T> {
  await s.start();
  cleanups.push(() => s.stop());
  return s;
}

function generic(c: HttpGatewayConfig): HttpGateway {
  const r = resolveHttpGateway(c);
  if (!r.ok) throw new Error(`${r.path.join('.')}: ${r.message}`);
  return new HttpGateway(r.value, 2000);
}

const message = (over: Partial<OutgoingSms> = {}): OutgoingSms => ({
  id: '019ad0a0-0000-7000-8000-000000000001',
  to: '+84912345678',
  body: 'UBND xa Vi Du: ho so HS-1 da co ket qua.',
  encoding: 'gsm7',
  segments: 1,
  validUntil: Date.now() + 3_600_000,
  attemptStartedAt: Date.now(),
  ...over,
});

/** What goes on the wire, all of it. */
const wire = (r: RecordedRequest) => ({ method: r.method, path: r.path, headers: r.headers, body: r.raw });

async function sameRequest(standIn: ProviderStandIn, dedicated: SmsGateway, preset: SmsGateway, msg: OutgoingSms): Promise<void> {
  await dedicated.send(msg);
  await preset.send(msg);
  const [a, b] = standIn.sends();
  expect(wire(b!)).toEqual(wire(a!));
}

describe('the generic HTTP gateway: eSMS and SpeedSMS as presets (data, not code)', () => {
  it('the eSMS preset sends the very request the eSMS gateway sends (method, URL, headers, body), accented or not', async () => {
    const e = await started(new EsmsStandIn());
    const dedicated = new EsmsGateway({ apiKey: e.apiKey, secretKey: e.secretKey, brandname: 'UBND_XA', apiBase: e.url, reportUrl: null, timeoutMs: 2000 }, { now: Date.now });
    const preset = generic({ preset: 'esms', url: e.url + ESMS_SEND_PATH, sender: 'UBND_XA', secrets: { apiKey: e.apiKey, secretKey: e.secretKey } });
    await sameRequest(e, dedicated, preset, message());
    e.requests.length = 0;
    await sameRequest(e, dedicated, preset, message({ id: '019ad0a0-0000-7000-8000-000000000002', body: 'UBND xã Ví Dụ: hồ sơ đã có kết quả.', encoding: 'ucs2' }));
    expect(e.messages).toHaveLength(2); // the second request of each pair was the same RequestId: answered 124
  });

  it('the SpeedSMS preset sends the very request the SpeedSMS gateway sends', async () => {
    const t = await started(new SpeedSmsStandIn());
    const dedicated = new SpeedSmsGateway({ token: t.token, sender: 'UBND_XA', apiBase: t.url, timeoutMs: 2000 });
    const preset = generic({ preset: 'speedsms', url: t.url + SPEEDSMS_SEND_PATH, sender: 'UBND_XA', secrets: { token: t.token } });
    await sameRequest(t, dedicated, preset, message());
  });

  it('through the outbox: the eSMS preset is accepted, a known refusal fails at once, a temporary one is retried, an answer it cannot place fails rather than risk a duplicate', async () => {
    const e = await started(new EsmsStandIn());
    e.blocked.add('0911111111');
    const s = smsSetup({
      config: {
        gateway: 'http',
        quietHours: '',
        requestTimeoutMs: 500,
        http: { preset: 'esms', url: e.url + ESMS_SEND_PATH, sender: 'UBND_XA', secrets: { apiKey: e.apiKey, secretKey: e.secretKey } },
      },
    });
    cleanups.push(() => s.close());
    const ok = s.enqueue({ to: '0912345678' });
    const blocked = s.enqueue({ to: '0911111111' });
    await s.sms.worker.runOnce();
    expect(s.row(ok)).toMatchObject({ status: 'sent', gateway: 'http', gateway_message_id: e.messages[0]!.smsId });
    expect(s.row(blocked)).toMatchObject({ status: 'failed', last_error_code: 'http-99' });

    e.balance = 0;
    const poor = s.enqueue({ to: '0987654321' });
    await s.sms.worker.runOnce();
    expect(s.row(poor)).toMatchObject({ status: 'queued', last_error_code: 'http-103' });

    e.brandnames.clear(); // 104, a refusal the preset lists as permanent
    e.balance = 1;
    s.clock.advance(3_600_000);
    await s.sms.worker.runOnce();
    expect(s.row(poor)).toMatchObject({ status: 'failed', last_error_code: 'http-104' });
    expect(e.messages).toHaveLength(1);

    // a code in neither list: the provider said no in a way we cannot place; not retried
    e.brandnames.add('UBND_XA');
    const unlisted = generic({ preset: 'esms', url: e.url + ESMS_SEND_PATH, sender: 'UBND_XA', secrets: { apiKey: e.apiKey, secretKey: e.secretKey }, permanentCodes: [], temporaryCodes: [] });
    expect(await unlisted.send(message({ to: '+84911111111' }))).toMatchObject({ kind: 'permanent', code: 'http-99' });
  });

  it('a provider without Unicode: a template that keeps accents is queued unaccented (GSM-7), and the preview says so', async () => {
    const e = await started(new EsmsStandIn());
    const s = smsSetup({
      config: {
        gateway: 'http',
        quietHours: '',
        http: { preset: 'esms', unicode: false, url: e.url + ESMS_SEND_PATH, sender: 'UBND_XA', secrets: { apiKey: e.apiKey, secretKey: e.secretKey } },
      },
    });
    cleanups.push(() => s.close());
    s.sms.updateTemplate('ready', { body: '{communeName}: hồ sơ {fileCode} đã có kết quả.', keepAccents: true });
    expect(s.sms.templates().find((t) => t.kind === 'ready')!.preview).toMatchObject({ encoding: 'gsm7' });
    expect(s.sms.status()).toMatchObject({ gateway: 'http', unicode: false });
    const id = s.enqueue({ to: '0912345678' });
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'sent', encoding: 'gsm7', body: 'UBND xa Vi Du: ho so HS-1 da co ket qua.' });
    expect(e.sends()[0]!.json).toMatchObject({ IsUnicode: '0', Content: 'UBND xa Vi Du: ho so HS-1 da co ket qua.' });
  });

  it('a form body over GET with a header key, for a provider of its own', async () => {
    const e = await started(new EsmsStandIn());
    const g = generic({
      url: `${e.url}/api/send`,
      method: 'GET',
      auth: { type: 'header', name: 'X-Api-Key', secret: '{secret.key}' },
      body: { type: 'form', template: { to: '{phone}', msg: '{text}', from: '{sender}', ref: '{messageId}' } },
      success: { path: 'ok', values: ['true'] },
      numberFormat: 'e164',
      sender: 'UBND',
      secrets: { key: 'k-123' },
    });
    await g.send(message());
    const r = e.requests[0]!;
    expect(r.method).toBe('GET');
    expect(r.headers['x-api-key']).toBe('k-123');
    expect(Object.fromEntries(new URL(r.path, 'http://x').searchParams)).toEqual({ to: '+84912345678', msg: 'UBND xa Vi Du: ho so HS-1 da co ket qua.', from: 'UBND', ref: '019ad0a0-0000-7000-8000-000000000001' });
  });

  it('the hub refuses to start naming what is missing: the eSMS, SpeedSMS variables, or a field of sms.http', () => {
    const dataDir = tmpDir();
    expect(() => loadConfig({ flags: { dataDir }, env: { SMS_GATEWAY: 'esms', ESMS_API_KEY: 'k', ESMS_BRANDNAME: 'B' } })).toThrow(/ESMS_SECRET_KEY/);
    expect(() => loadConfig({ flags: { dataDir }, env: { SMS_GATEWAY: 'speedsms', SPEEDSMS_TOKEN: 't' } })).toThrow(/SPEEDSMS_SENDER/);
    expect(() => loadConfig({ flags: { dataDir }, env: { SMS_GATEWAY: 'http' } })).toThrow(/sms\.http/);
    const cfg = loadConfig({ flags: { dataDir }, env: { SMS_GATEWAY: 'esms', ESMS_API_KEY: 'k', ESMS_SECRET_KEY: 's', ESMS_BRANDNAME: 'B', ESMS_API_BASE: 'http://127.0.0.1:9' } });
    expect(cfg.sms).toMatchObject({ gateway: 'esms', esms: { apiKey: 'k', secretKey: 's', brandname: 'B', apiBase: 'http://127.0.0.1:9' } });
    expect(resolveHttpGateway({ preset: 'speedsms', success: { path: 'status' } })).toMatchObject({ ok: false, path: ['success', 'values'] });
    // the providers' secrets never reach the log
    const env = { ESMS_API_KEY: 'esms-api-key-1', ESMS_SECRET_KEY: 'esms-secret-key-1', ESMS_BRANDNAME: 'B', SPEEDSMS_TOKEN: 'speedsms-token-1', SPEEDSMS_SENDER: 'B' };
    const logged = JSON.stringify(maskSecrets(loadConfig({ flags: { dataDir }, env: { ...env, SMS_GATEWAY: 'speedsms' } })));
    for (const secret of ['esms-api-key-1', 'esms-secret-key-1', 'speedsms-token-1']) expect(logged).not.toContain(secret);
  });
});
