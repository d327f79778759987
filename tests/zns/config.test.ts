import { describe, expect, it } from 'vitest';
import { loadConfig, maskSecrets } from '../../hub/src/config/config.js';
import { parseParamMap } from '../../hub/src/zns/config.js';
import { startTestHub } from '../kit/index.js';
import { tmpDir } from '../sms/helpers.js';

describe('ZNS configuration', () => {
  it('reads ZNS_* from the environment, the templates from the file, and masks the secrets for the log', () => {
    const cfg = loadConfig({
      flags: { dataDir: tmpDir() },
      env: { ZNS_ENABLED: '1', ZNS_APP_ID: '4291763606161179100', ZNS_APP_SECRET: 'app-secret-xyz', ZNS_REFRESH_TOKEN: 'refresh-xyz', ZNS_WEBHOOK_SECRET: 'oa-key-xyz', ZNS_API_BASE: 'http://127.0.0.1:9', ZNS_OAUTH_BASE: 'http://127.0.0.1:8' },
    });
    expect(cfg.zns).toMatchObject({ enabled: true, appId: '4291763606161179100', apiBase: 'http://127.0.0.1:9', oauthBase: 'http://127.0.0.1:8', templates: {} });
    const logged = JSON.stringify(maskSecrets(cfg));
    for (const s of ['app-secret-xyz', 'refresh-xyz', 'oa-key-xyz']) expect(logged).not.toContain(s);
    expect(loadConfig({ flags: { dataDir: tmpDir() }, env: {} }).zns).toMatchObject({ enabled: false, apiBase: 'https://business.openapi.zalo.me', oauthBase: 'https://oauth.zaloapp.com' });
  });

  it('a template without its parameters, or parameters naming an unknown value, stop the start naming the field', () => {
    expect(() => loadConfig({ flags: { dataDir: tmpDir() }, env: { ZNS_ENABLED: 'true' } })).toThrow(/ZNS_APP_ID[\s\S]*ZNS_APP_SECRET/);
    // ZNS off: a template not finished yet is kept, not checked
    expect(() => loadConfig({ flags: { dataDir: tmpDir(), zns: { templates: { ready: { templateId: '300001' } } } }, env: {} })).not.toThrow();
    expect(() => loadConfig({ flags: { dataDir: tmpDir(), zns: { enabled: true, appId: '1', appSecret: 's', templates: { ready: { templateId: '300001' } } } }, env: {} })).toThrow(/zns\.templates\.ready\.params/);
    expect(() => loadConfig({ flags: { dataDir: tmpDir(), zns: { templates: { ready: { templateId: '300001', params: 'ma_ho_so=citizenName' } } } }, env: {} })).toThrow(/zns\.templates\.ready\.params/);
    expect(parseParamMap('ma_ho_so=fileCode; ngay_hen = appointmentDate;')).toEqual({ ok: true, map: { ma_ho_so: 'fileCode', ngay_hen: 'appointmentDate' } });
    expect(parseParamMap('ma ho so')).toMatchObject({ ok: false });
  });

  it('on /admin/settings: the account and templates are set, secrets write-only; a bad mapping is refused and changes nothing', async () => {
    const h = await startTestHub({ prefix: 'zns-settings-' });
    try {
      const ok = await h.admin.call('PUT', '/api/admin/settings', {
        values: { 'zns.appId': '123456', 'zns.appSecret': 'very-secret', 'zns.templates.ready.templateId': '300001', 'zns.templates.ready.params': 'ma_ho_so=fileCode' },
      });
      expect(ok.status).toBe(200);
      expect(JSON.stringify(ok.body)).not.toContain('very-secret');
      expect(h.hub.services.settings.zns()).toMatchObject({ enabled: false, appId: '123456', appSecret: 'very-secret', templates: { ready: { templateId: '300001', params: { ma_ho_so: 'fileCode' } } } });
      const bad = await h.admin.call('PUT', '/api/admin/settings', { values: { 'zns.templates.apology.params': 'ly_do=citizenName' } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ ok: false, reason: 'invalid-payload' });
      expect(h.hub.services.settings.zns().templates.apology).toBeUndefined();
      const on = await h.admin.call('PUT', '/api/admin/settings', { values: { 'zns.enabled': 'on' } });
      expect(on.status).toBe(200);
      expect(h.hub.services.settings.zns().enabled).toBe(true);
    } finally {
      await h.close();
    }
  });
});
