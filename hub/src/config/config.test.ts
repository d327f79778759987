import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, maskSecrets } from './config.js';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));

describe('hub configuration', () => {
  it('layers defaults, the data directory\'s file, the environment and flags, in that order', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'hub.config.json'), JSON.stringify({ port: 9000, commune: { code: '11111', name: 'Xã Tệp' }, logLevel: 'debug' }));
    const cfg = loadConfig({ flags: { dataDir: d, port: 9100 }, env: { COMMUNE_NAME: 'Xã Môi Trường', HUB_ALLOWED_ORIGINS: 'http://kiosk.lan:8080, http://x.lan' } });
    expect(cfg).toMatchObject({ port: 9100, logLevel: 'debug', commune: { code: '11111', name: 'Xã Môi Trường' }, allowedOrigins: ['http://kiosk.lan:8080', 'http://x.lan'], dataDir: path.resolve(d) });
  });

  it('fails fast naming each bad field', () => {
    const d = dir();
    expect(() => loadConfig({ flags: { dataDir: d }, env: { HUB_PORT: '99999', LOG_LEVEL: 'loud' } })).toThrow(ConfigError);
    try {
      loadConfig({ flags: { dataDir: d }, env: { HUB_PORT: '99999', LOG_LEVEL: 'loud' } });
    } catch (e) {
      expect((e as Error).message).toMatch(/port/);
      expect((e as Error).message).toMatch(/logLevel/);
    }
    fs.writeFileSync(path.join(d, 'hub.config.json'), JSON.stringify({ surprise: true }));
    expect(() => loadConfig({ flags: { dataDir: d }, env: {} })).toThrow(/surprise/);
  });

  it('masks secrets for the log', () => {
    expect(maskSecrets({ adminPassword: 'pw', upstream: { secret: 's', url: 'u' }, port: 1 })).toEqual({ adminPassword: '***', upstream: { secret: '***', url: 'u' }, port: 1 });
  });
});
