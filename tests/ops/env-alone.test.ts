import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../hub/src/config/config.js';
import { startTestHub, tempDir } from '../kit/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The environment variables docs/operations.md documents in its Configuration table (the env column). */
function documentedEnv(): string[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Configuration'), doc.indexOf('### Host names'));
  const names = section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...(l.split('|')[2] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
  return [...new Set(names)];
}

/** A value for each documented variable, and what the loaded configuration shows for it. */
const SAMPLES: Record<string, { value: string; check?: (c: ReturnType<typeof loadConfig>) => unknown; expected?: unknown; refusedNaming?: RegExp }> = {
  HUB_DATA_DIR: { value: '' }, // set per test to a fresh temp dir (below)
  HUB_PORT: { value: '0', check: (c) => c.port, expected: 0 },
  HUB_HOST: { value: '127.0.0.1', check: (c) => c.host, expected: '127.0.0.1' },
  COMMUNE_CODE: { value: '26734', check: (c) => c.commune, expected: { code: '26734', name: 'Xã chưa cấu hình', returnTime: '08:00' } },
  COMMUNE_NAME: { value: 'Xã Ví Dụ', check: (c) => c.commune, expected: { code: '00000', name: 'Xã Ví Dụ', returnTime: '08:00' } },
  HUB_ALLOWED_ORIGINS: { value: 'http://a.example:8080, http://b.example', check: (c) => c.allowedOrigins, expected: ['http://a.example:8080', 'http://b.example'] },
  HUB_ALLOWED_HOSTS: { value: 'hub.xa.local', check: (c) => c.allowedHosts, expected: ['hub.xa.local'] },
  HUB_ADMIN_PASSWORD: { value: 'a-long-password-1', check: (c) => c.adminPassword, expected: 'a-long-password-1' },
  LOG_LEVEL: { value: 'warn', check: (c) => c.logLevel, expected: 'warn' },
  LOG_FORMAT: { value: 'json' },
  ALERT_PHONE: { value: '0912345678', check: (c) => c.alerts.phone, expected: '0912345678' },
  RETENTION_DAYS: { value: '120', check: (c) => c.retention.days, expected: 120 },
  // ZNS on needs its app's id and secret: alone it is refused, naming what is missing (issue 13 §4)
  ZNS_ENABLED: { value: '1', refusedNaming: /ZNS_APP_ID.*ZNS_APP_SECRET|ZNS_APP_SECRET.*ZNS_APP_ID/s },
  ZNS_APP_ID: { value: '1234567890', check: (c) => c.zns.appId, expected: '1234567890' },
  ZNS_APP_SECRET: { value: 'app-secret-for-tests', check: (c) => c.zns.appSecret, expected: 'app-secret-for-tests' },
  ZNS_REFRESH_TOKEN: { value: 'first-refresh-token', check: (c) => c.zns.refreshToken, expected: 'first-refresh-token' },
  ZNS_WEBHOOK_SECRET: { value: 'oa-secret-for-tests', check: (c) => c.zns.webhookSecret, expected: 'oa-secret-for-tests' },
  ZNS_API_BASE: { value: 'http://127.0.0.1:9', check: (c) => c.zns.apiBase, expected: 'http://127.0.0.1:9' },
  ZNS_OAUTH_BASE: { value: 'http://127.0.0.1:9', check: (c) => c.zns.oauthBase, expected: 'http://127.0.0.1:9' },
};

describe('every documented setting works alone, the others at their defaults', () => {
  const names = documentedEnv();

  it('the documentation lists the variables and each has a sample here (a new one fails until it does)', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(names.filter((n) => !SAMPLES[n])).toEqual([]);
  });

  it.each(names)('%s set alone: the configuration loads it and the hub starts and answers', async (name) => {
    const sample = SAMPLES[name]!;
    const dir = tempDir('env-alone-');
    try {
      const env = { [name]: name === 'HUB_DATA_DIR' ? dir : sample.value };
      if (sample.refusedNaming) {
        expect(() => loadConfig({ flags: { dataDir: dir }, env })).toThrow(sample.refusedNaming);
        return;
      }
      const config = loadConfig({ flags: name === 'HUB_DATA_DIR' ? {} : { dataDir: dir }, env });
      if (sample.check) expect(sample.check(config)).toEqual(sample.expected);
      const hub = await startTestHub({ load: { env } });
      try {
        expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      } finally {
        await hub.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
