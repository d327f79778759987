import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { HUB_BIN, ROOT, addCounter, tmpDir } from './helpers/procs.js';
import { RealKannel, kannelInstalled } from './sms/kannel.js';
import { TwilioStandIn } from './sms/twilio-standin.js';
import { addCommune, startReceiver } from './upstream/receiver-procs.js';

/** hub doctor's SMS gateway and upstream checks against the real services: a Kannel, the twilio package, a receiver. */

interface Check {
  id: string;
  status: 'ok' | 'warn' | 'fail';
  code: string;
  message: string;
  todo: string | null;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A commune's data directory; the doctor reads its gateway and upstream link from the environment given. */
async function dataDir(): Promise<string> {
  const dir = tmpDir('doctor-svc-');
  await addCounter(dir, 'Quầy 1');
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function doctor(dir: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) =>
    execFile(HUB_BIN, ['doctor', '--data-dir', dir, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } }, (err, stdout) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
    ),
  );
}

async function check(dir: string, env: NodeJS.ProcessEnv, id: 'sms' | 'upstream'): Promise<Check> {
  const r = await doctor(dir, env, ['--json']);
  return (JSON.parse(r.stdout) as { checks: Check[] }).checks.find((c) => c.id === id)!;
}

/** The Vietnamese report's line for a check, with its "what to do" line. */
async function viLine(dir: string, env: NodeJS.ProcessEnv, title: string): Promise<string> {
  const r = await doctor(dir, env);
  const at = r.stdout.split('\n').findIndex((l) => l.slice(2).startsWith(`${title}:`));
  expect(at, r.stdout).toBeGreaterThanOrEqual(0);
  return r.stdout.split('\n').slice(at, at + 2).join('\n');
}

describe('hub doctor against a real Kannel', () => {
  beforeAll(() => {
    if (!kannelInstalled()) throw new Error('Kannel is not installed: run scripts/ensure-system-deps.sh (apt-get install kannel kannel-extras)');
  });

  it('✓ with the right sendsms user and no message sent; ✗ in Vietnamese with a wrong password, and with Kannel down', async () => {
    const k = await new RealKannel().prepare();
    cleanups.push(() => k.stop());
    await k.start();
    const dir = await dataDir();
    const env = { SMS_GATEWAY: 'kannel', KANNEL_SENDSMS_URL: k.sendsmsUrl, KANNEL_USERNAME: k.username, KANNEL_PASSWORD: k.password, KANNEL_FROM: 'UBNDXA' };

    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'ok', code: 'sms-ok' });
    expect(await viLine(dir, env, 'Cổng SMS')).toContain('✓ Cổng SMS: kannel: thông tin đăng nhập hợp lệ (không gửi tin nào)');

    const wrong = { ...env, KANNEL_PASSWORD: 'not-the-password' };
    expect(await check(dir, wrong, 'sms')).toMatchObject({ status: 'fail', code: 'sms-credentials-refused' });
    const line = await viLine(dir, wrong, 'Cổng SMS');
    expect(line).toMatch(/^✗ Cổng SMS: kannel: từ chối thông tin đăng nhập \(HTTP \d+\)\n\s+→ kiểm tra tài khoản và mật khẩu\/token trong \/etc\/onestop\/hub.env$/);
    // asking never sent anything to the telco
    expect(k.received()).toEqual([]);

    await k.stop();
    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'fail', code: 'sms-unreachable' });
    expect(await viLine(dir, env, 'Cổng SMS')).toMatch(/^✗ Cổng SMS: kannel: không kết nối được \(.+\)\n\s+→ kiểm tra mạng Internet hoặc máy chạy Kannel$/);
  }, 120_000);
});

describe('hub doctor against Twilio (the twilio package, routed to the local stand-in)', () => {
  it('✓ with the account\'s SID and token, reading the account and sending nothing; ✗ with a wrong token, and with the service down', async () => {
    const standIn = new TwilioStandIn();
    await standIn.start();
    cleanups.push(() => standIn.stop());
    const dir = await dataDir();
    const env = { SMS_GATEWAY: 'twilio', TWILIO_ACCOUNT_SID: standIn.accountSid, TWILIO_AUTH_TOKEN: standIn.authToken, TWILIO_FROM: '+15005550006', TWILIO_API_BASE: standIn.url };

    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'ok', code: 'sms-ok' });
    expect(await viLine(dir, env, 'Cổng SMS')).toContain('✓ Cổng SMS: twilio: thông tin đăng nhập hợp lệ (không gửi tin nào)');
    // the package asked for the account with Basic auth, and nothing else
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([`GET /2010-04-01/Accounts/${standIn.accountSid}.json`]));
    expect(standIn.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(standIn.messages).toEqual([]);

    const wrong = { ...env, TWILIO_AUTH_TOKEN: 'f'.repeat(32) };
    expect(await check(dir, wrong, 'sms')).toMatchObject({ status: 'fail', code: 'sms-credentials-refused' });
    expect(await viLine(dir, wrong, 'Cổng SMS')).toMatch(/^✗ Cổng SMS: twilio: từ chối thông tin đăng nhập \(HTTP 401\)\n\s+→ kiểm tra tài khoản và mật khẩu\/token/);

    await standIn.stop();
    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'fail', code: 'sms-unreachable' });
    expect(await viLine(dir, env, 'Cổng SMS')).toMatch(/^✗ Cổng SMS: twilio: không kết nối được \(.+\)\n\s+→ kiểm tra mạng Internet/);
  }, 60_000);
});

describe('hub doctor against the province\'s receiver (a hub running as receiver)', () => {
  it('✓ with the key the province gave; ✗ in Vietnamese with a wrong key, and with the receiver down', async () => {
    const receiver = await startReceiver();
    cleanups.push(async () => {
      await receiver.stop();
      fs.rmSync(receiver.dataDir, { recursive: true, force: true });
    });
    const secret = await addCommune(receiver.dataDir, '26734', 'Xã Ví Dụ');
    const dir = await dataDir();
    const env = { UPSTREAM_URL: receiver.url, UPSTREAM_SECRET: secret, COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' };

    expect(await check(dir, env, 'upstream')).toMatchObject({ status: 'ok', code: 'upstream-ok' });
    expect(await viLine(dir, env, 'Kết nối lên tỉnh')).toContain(`✓ Kết nối lên tỉnh: ${receiver.url}`);

    const wrong = { ...env, UPSTREAM_SECRET: 'x'.repeat(secret.length) };
    const refused = await check(dir, wrong, 'upstream');
    expect(refused).toMatchObject({ status: 'fail', code: 'upstream-failed' });
    expect(refused.message).toMatch(/HTTP 401/);
    expect(await viLine(dir, wrong, 'Kết nối lên tỉnh')).toMatch(/^✗ Kết nối lên tỉnh: .*không được \(HTTP 401 .+\)\n\s+→ kiểm tra mạng và khoá; số liệu được giữ lại và tự gửi khi có kết nối$/);

    await receiver.stop();
    const down = await check(dir, env, 'upstream');
    expect(down).toMatchObject({ status: 'fail', code: 'upstream-failed' });
    expect(await viLine(dir, env, 'Kết nối lên tỉnh')).toMatch(/^✗ Kết nối lên tỉnh: .*không được \(.+\)/);
  }, 90_000);
});
