import { afterEach, describe, expect, it } from 'vitest';
import { SPEEDSMS_SEND_PATH } from '../../hub/src/sms/gateways/speedsms.js';
import { TestClock, localTime, smsSetup } from './helpers.js';
import { EsmsStandIn } from './esms-standin.js';
import type { ProviderStandIn } from './provider-standin.js';
import { SpeedSmsStandIn } from './speedsms-standin.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Provider {
  name: string;
  standIn: () => ProviderStandIn;
  config: (s: ProviderStandIn) => Record<string, unknown>;
}

const PROVIDERS: Provider[] = [
  {
    name: 'esms',
    standIn: () => new EsmsStandIn(),
    config: (s) => {
      const e = s as EsmsStandIn;
      return { gateway: 'esms', esms: { apiKey: e.apiKey, secretKey: e.secretKey, brandname: 'UBND_XA', apiBase: e.url } };
    },
  },
  {
    name: 'speedsms',
    standIn: () => new SpeedSmsStandIn(),
    config: (s) => ({ gateway: 'speedsms', speedsms: { token: (s as SpeedSmsStandIn).token, sender: 'UBND_XA', apiBase: s.url } }),
  },
  {
    name: 'http (SpeedSMS preset)',
    standIn: () => new SpeedSmsStandIn(),
    config: (s) => ({ gateway: 'http', http: { preset: 'speedsms', url: s.url + SPEEDSMS_SEND_PATH, sender: 'UBND_XA', secrets: { token: (s as SpeedSmsStandIn).token } } }),
  },
];

describe.each(PROVIDERS)('the outbox rules hold for $name', (p) => {
  async function setup(at: number) {
    const standIn = p.standIn();
    await standIn.start();
    cleanups.push(() => standIn.stop());
    const s = smsSetup({ clock: new TestClock(at), config: { ...p.config(standIn), quietHours: '21:00-07:00', requestTimeoutMs: 500 } });
    cleanups.push(() => s.close());
    return { standIn, s };
  }

  it('quiet hours: a message queued at 22:00 reaches the provider at 07:00, once', async () => {
    const { standIn, s } = await setup(localTime(22));
    const id = s.enqueue({ to: '0912345678', fileId: 'file-1' });
    await s.sms.worker.runOnce();
    expect(standIn.sends()).toHaveLength(0);
    expect(s.row(id)).toMatchObject({ status: 'queued', next_attempt_at: localTime(7, 0, 1) });
    s.clock.set(localTime(6, 59, 1));
    await s.sms.worker.runOnce();
    expect(standIn.sends()).toHaveLength(0);
    s.clock.set(localTime(7, 0, 1));
    await s.sms.worker.runOnce();
    await s.sms.worker.runOnce();
    expect(standIn.sends()).toHaveLength(1);
    expect(s.row(id).status).toBe('sent');
  });

  it('a message made untrue before it is sent (the file collected at 06:45) is cancelled and never reaches the provider', async () => {
    const { standIn, s } = await setup(localTime(22));
    const id = s.enqueue({ to: '0912345678', fileId: 'file-1' });
    await s.sms.worker.runOnce();
    s.truth.set('file-1', false);
    s.clock.set(localTime(7, 0, 1));
    await s.sms.worker.runOnce();
    expect(s.row(id)).toMatchObject({ status: 'cancelled', last_error_code: 'no-longer-true' });
    expect(standIn.requests).toHaveLength(0);
  });
});
