import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HUB_BIN, ROOT, addCounter, tmpDir } from './helpers/procs.js';
import { LoopbackServer } from './kit/loopbackServer.js';
import { EsmsStandIn } from './sms/esms-standin.js';
import { RealKannel, kannelInstalled } from './sms/kannel.js';
import { SpeedSmsStandIn } from './sms/speedsms-standin.js';
import { TwilioStandIn } from './sms/twilio-standin.js';
import { addCommune, startReceiver } from './upstream/receiver-procs.js';

/**
 * hub doctor's SMS gateway, upstream and clock checks against the real services or local stand-ins on loopback: a
 * Kannel, the twilio package, eSMS, SpeedSMS, a provider described by sms.http, a receiver, a server's Date header.
 */

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

function doctor(dir: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(HUB_BIN, ['doctor', '--data-dir', dir, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

async function check(dir: string, env: NodeJS.ProcessEnv, id: 'sms' | 'upstream' | 'clock', args: string[] = []): Promise<Check> {
  const r = await doctor(dir, env, ['--json', ...args]);
  return (JSON.parse(r.stdout) as { checks: Check[] }).checks.find((c) => c.id === id)!;
}

/** The Vietnamese report's line for a check, with its "what to do" line. */
async function viLine(dir: string, env: NodeJS.ProcessEnv, title: string, args: string[] = []): Promise<string> {
  const r = await doctor(dir, env, args);
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

describe('hub doctor against eSMS (a local stand-in of its REST API)', () => {
  it('✓ with the right keys, reading the balance and sending nothing; ✗ with a wrong secret key, and with eSMS down', async () => {
    const esms = new EsmsStandIn();
    await esms.start();
    cleanups.push(() => esms.stop());
    const dir = await dataDir();
    const env = { SMS_GATEWAY: 'esms', ESMS_API_KEY: esms.apiKey, ESMS_SECRET_KEY: esms.secretKey, ESMS_BRANDNAME: 'UBND_XA', ESMS_API_BASE: esms.url };

    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'ok', code: 'sms-ok' });
    expect(await viLine(dir, env, 'Cổng SMS')).toContain('✓ Cổng SMS: esms: thông tin đăng nhập hợp lệ, số dư 1000000 (không gửi tin nào)');
    // only the balance was asked, with the keys in the body, never in the address
    expect(esms.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /MainService.svc/json/GetBalance_json', 'POST /MainService.svc/json/GetBalance_json']);
    expect(esms.messages).toEqual([]);

    const wrong = { ...env, ESMS_SECRET_KEY: 'NOT-THE-SECRET' };
    expect(await check(dir, wrong, 'sms')).toMatchObject({ status: 'fail', code: 'sms-credentials-refused' });
    expect(await viLine(dir, wrong, 'Cổng SMS')).toMatch(/^✗ Cổng SMS: esms: từ chối thông tin đăng nhập \(CodeResponse 101\)\n\s+→ kiểm tra tài khoản và mật khẩu\/token trong \/etc\/onestop\/hub.env$/);

    await esms.stop();
    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'fail', code: 'sms-unreachable' });
    expect(await viLine(dir, env, 'Cổng SMS')).toMatch(/^✗ Cổng SMS: esms: không kết nối được \(.+\)\n\s+→ kiểm tra mạng Internet của máy hub/);
    expect(esms.sends()).toEqual([]);
  }, 60_000);
});

describe('hub doctor against SpeedSMS (a local stand-in of its REST API)', () => {
  it('✓ with the right token, reading the account and sending nothing; ✗ with a wrong token, and with SpeedSMS down', async () => {
    const speed = new SpeedSmsStandIn();
    await speed.start();
    cleanups.push(() => speed.stop());
    const dir = await dataDir();
    const env = { SMS_GATEWAY: 'speedsms', SPEEDSMS_TOKEN: speed.token, SPEEDSMS_SENDER: 'UBND_XA', SPEEDSMS_API_BASE: speed.url };

    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'ok', code: 'sms-ok' });
    expect(await viLine(dir, env, 'Cổng SMS')).toContain('✓ Cổng SMS: speedsms: thông tin đăng nhập hợp lệ, số dư 120000 (không gửi tin nào)');
    expect(speed.requests.every((r) => r.method === 'GET' && r.path === '/index.php/user/info')).toBe(true);
    expect(speed.messages).toEqual([]);

    const wrong = { ...env, SPEEDSMS_TOKEN: 'not-the-token' };
    expect(await check(dir, wrong, 'sms')).toMatchObject({ status: 'fail', code: 'sms-credentials-refused' });
    expect(await viLine(dir, wrong, 'Cổng SMS')).toMatch(/^✗ Cổng SMS: speedsms: từ chối thông tin đăng nhập \(HTTP 401\)\n\s+→ kiểm tra tài khoản/);

    await speed.stop();
    expect(await check(dir, env, 'sms')).toMatchObject({ status: 'fail', code: 'sms-unreachable' });
    expect(speed.sends()).toEqual([]);
  }, 60_000);
});

describe('hub doctor with a provider described by sms.http', () => {
  it('⚠ with its settings complete and its server reached, saying how to send a test, and nothing sent; ✗ with the server down', async () => {
    const requests: string[] = [];
    const server = new LoopbackServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await server.start();
    cleanups.push(() => server.stop());
    const dir = await dataDir();
    const configFile = path.join(dir, 'hub.config.json');
    const http = {
      url: `${server.url}/sms/send`,
      auth: { type: 'header', name: 'X-Api-Key', secret: '{secret.key}' },
      body: { type: 'json', template: { to: '{phone}', text: '{text}' } },
      success: { path: 'result.code', values: ['0'] },
      secrets: { key: 'k-123' },
    };
    fs.writeFileSync(configFile, JSON.stringify({ sms: { gateway: 'http', http } }));

    const unchecked = await check(dir, {}, 'sms');
    expect(unchecked).toMatchObject({ status: 'warn', code: 'sms-http-unchecked' });
    expect(unchecked.message).toContain(`127.0.0.1:${server.port}`);
    expect(await viLine(dir, {}, 'Cổng SMS')).toMatch(
      /^⚠ Cổng SMS: http: cấu hình đầy đủ, kết nối được tới 127\.0\.0\.1:\d+; chưa kiểm tra được thông tin đăng nhập mà không gửi tin\n\s+→ .*hub\.mjs sms test --to <số điện thoại>/,
    );
    // a connection only: no request reached the provider
    expect(requests).toEqual([]);

    await server.stop();
    expect(await check(dir, {}, 'sms')).toMatchObject({ status: 'fail', code: 'sms-unreachable' });
  }, 60_000);
});

describe('hub doctor --hub-env (the service\'s environment file, which only systemd reads for the hub)', () => {
  it('sees the Kannel and upstream settings in the file, never over a variable already set; a file it cannot read is refused', async () => {
    const seen: URL[] = [];
    const server = new LoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url);
      if (url.pathname === '/cgi-bin/sendsms') {
        // Kannel's answer when the user is right and the receiver missing
        res.writeHead(400);
        res.end('Missing receiver number');
      } else {
        res.writeHead(404);
        res.end('no such receiver');
      }
    });
    await server.start();
    cleanups.push(() => server.stop());
    const sendsms = () => seen.filter((u) => u.pathname === '/cgi-bin/sendsms').at(-1)!.searchParams;
    const dir = await dataDir();
    const envFile = path.join(dir, 'hub.env');
    fs.writeFileSync(
      envFile,
      [
        '# Secrets for the hub, as the installer writes them',
        'SMS_GATEWAY=kannel',
        `KANNEL_SENDSMS_URL=${server.url}/cgi-bin/sendsms`,
        'KANNEL_USERNAME=onestop',
        'KANNEL_PASSWORD="from the file"',
        `UPSTREAM_URL=${server.url}/province`,
        'UPSTREAM_SECRET=0123456789abcdef0123456789abcdef',
        'COMMUNE_CODE=26734',
        'COMMUNE_NAME=Xã Ví Dụ',
        '',
      ].join('\n'),
    );

    // without the file the doctor sees neither
    expect(await check(dir, {}, 'sms')).toMatchObject({ status: 'warn', code: 'sms-console' });
    expect(await check(dir, {}, 'upstream')).toMatchObject({ status: 'warn', code: 'upstream-off' });
    expect(seen).toEqual([]);

    expect(await check(dir, {}, 'sms', ['--hub-env', envFile])).toMatchObject({ status: 'ok', code: 'sms-ok', message: expect.stringContaining('kannel') });
    expect(sendsms().get('username')).toBe('onestop');
    expect(sendsms().get('password')).toBe('from the file');
    const upstream = await check(dir, {}, 'upstream', ['--hub-env', envFile]);
    expect(upstream).toMatchObject({ status: 'fail', code: 'upstream-failed' });
    expect(upstream.message).toContain(`${server.url}/province`);

    // a variable set in the shell wins over the file, as the doctor's caller means it
    await check(dir, { KANNEL_PASSWORD: 'from the shell' }, 'sms', ['--hub-env', envFile]);
    expect(sendsms().get('password')).toBe('from the shell');

    const r = await doctor(dir, {}, ['--hub-env', path.join(dir, 'no-such.env')]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('no-such.env: cannot be read (ENOENT)');
  }, 60_000);
});

describe('hub doctor\'s clock against the upstream server\'s Date header', () => {
  it('✗ when the server\'s Date is 30 minutes away, ⚠ at 5 minutes, ✓ when it agrees; the stored data alone when the server is down', async () => {
    let offsetMs = 0;
    const server = new LoopbackServer((_req, res) => {
      res.setHeader('date', new Date(Date.now() + offsetMs).toUTCString());
      res.end();
    });
    await server.start();
    cleanups.push(() => server.stop());
    const dir = await dataDir();
    const env = { UPSTREAM_URL: server.url, UPSTREAM_SECRET: 's'.repeat(32), COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' };

    offsetMs = -30 * 60_000;
    const skewed = await check(dir, env, 'clock');
    expect(skewed).toMatchObject({ status: 'fail', code: 'clock-skewed' });
    expect(skewed.message).toMatch(/^lệch 1(79\d|80\d) giây so với http:\/\/127\.0\.0\.1:\d+\/?$/);
    expect(await viLine(dir, env, 'Đồng hồ')).toMatch(/^✗ Đồng hồ: lệch 1(79\d|80\d) giây so với http:\/\/127\.0\.0\.1:\d+\/?\n\s+→ bật đồng bộ giờ: sudo timedatectl set-ntp true$/);

    offsetMs = 5 * 60_000;
    expect(await check(dir, env, 'clock')).toMatchObject({ status: 'warn', code: 'clock-skewed' });

    offsetMs = 0;
    const agrees = await check(dir, env, 'clock');
    expect(agrees).toMatchObject({ status: 'ok', code: 'clock-ok-server' });
    expect(await viLine(dir, env, 'Đồng hồ')).toMatch(/^✓ Đồng hồ: lệch -?[0-2] giây so với http:\/\/127\.0\.0\.1:\d+\/?$/m);

    await server.stop();
    expect(await check(dir, env, 'clock')).toMatchObject({ status: 'ok', code: 'clock-ok-data' });
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
