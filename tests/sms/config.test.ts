import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, maskSecrets } from '../../hub/src/config/config.js';
import { tmpDir } from './helpers.js';

const SID = 'AC' + 'a'.repeat(32);

describe('SMS configuration', () => {
  it('defaults to the console gateway with quiet hours 21:00-07:00', () => {
    const cfg = loadConfig({ flags: { dataDir: tmpDir() }, env: {} });
    expect(cfg.sms).toMatchObject({ gateway: 'console', quietHours: '21:00-07:00', validityHours: 24, contactPhone: '' });
    expect(cfg.sms.publicBaseUrl).toBeUndefined();
  });

  it('reads the gateway from the environment and masks its secrets for the log', () => {
    const cfg = loadConfig({
      flags: { dataDir: tmpDir() },
      env: {
        SMS_GATEWAY: 'twilio',
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: 'secret-token',
        TWILIO_MESSAGING_SERVICE_SID: 'MG' + 'b'.repeat(32),
        TWILIO_API_BASE: 'http://127.0.0.1:9999',
        KANNEL_PASSWORD: 'kannel-secret',
        SMS_QUIET_HOURS: '',
        PUBLIC_BASE_URL: 'https://hub.xa-vidu.gov.vn',
      },
    });
    expect(cfg.sms).toMatchObject({ gateway: 'twilio', quietHours: '', publicBaseUrl: 'https://hub.xa-vidu.gov.vn', twilio: { accountSid: SID, apiBase: 'http://127.0.0.1:9999' } });
    const logged = JSON.stringify(maskSecrets(cfg));
    expect(logged).not.toContain('secret-token');
    expect(logged).not.toContain('kannel-secret');
  });

  it('a gateway without its credentials, or bad quiet hours, stops the start naming the field', () => {
    expect(() => loadConfig({ flags: { dataDir: tmpDir() }, env: { SMS_GATEWAY: 'kannel', KANNEL_USERNAME: 'u' } })).toThrow(/sms\.kannel\.sendsmsUrl.*KANNEL_SENDSMS_URL[\s\S]*KANNEL_PASSWORD/);
    expect(() => loadConfig({ flags: { dataDir: tmpDir() }, env: { SMS_GATEWAY: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 't' } })).toThrow(/TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
    expect(() => loadConfig({ flags: { dataDir: tmpDir() }, env: { SMS_QUIET_HOURS: '9pm-7am' } })).toThrow(ConfigError);
    expect(() => loadConfig({ flags: { dataDir: tmpDir() }, env: { SMS_GATEWAY: 'pigeon' } })).toThrow(/sms\.gateway/);
  });
});
