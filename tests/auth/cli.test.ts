import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { addCounter, HUB_BIN, hubCli, lastLine, ROOT, startHub, tmpDir, type RunningHub } from '../helpers/procs.js';
import { Client } from '../files/testHub.js';

const run = promisify(execFile);
let hub: RunningHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});

async function fails(args: string[]) {
  try {
    await run(process.execPath, [HUB_BIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
  throw new Error('expected the command to fail');
}

describe('accounts and API tokens from the command line', () => {
  it('user add and token add print the secret alone on the last line; they work against a running hub; disable ends the session', async () => {
    const dir = tmpDir('cli-auth-');
    const counterId = await addCounter(dir, 'Quầy 1');
    const password = lastLine(await hubCli(['user', 'add', '--username', 'lan', '--role', 'staff', '--name', 'Nguyễn Thị Lan', '--data-dir', dir]));
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    const token = lastLine(await hubCli(['token', 'add', '--name', 'Một cửa tỉnh', '--data-dir', dir]));
    expect(token).toMatch(/^hub_[A-Za-z0-9_-]{43}$/);
    expect(await hubCli(['user', 'list', '--data-dir', dir])).toMatch(/\tlan\tstaff\tNguyễn Thị Lan\n/);

    // no HUB_ADMIN_PASSWORD: the first start makes "admin" and keeps its password in a file (tests/security/admin-password.test.ts)
    hub = await startHub({ dataDir: dir, env: { HUB_ADMIN_PASSWORD: '' } });
    const kept = /^password: (\S+)$/m.exec(fs.readFileSync(path.join(dir, 'first-admin-password'), 'utf8'))?.[1];
    expect(kept).toMatch(/^[A-Za-z2-9]{12}$/);
    expect((await new Client(hub.url).post('/api/admin/login', { password: kept })).status).toBe(200);

    const staff = new Client(hub.url);
    expect((await staff.login('lan', password, counterId)).status).toBe(200);
    const api = new Client(hub.url, { authorization: `Bearer ${token}` });
    expect((await api.get('/api/v1/procedures')).status).toBe(200);

    await hubCli(['user', 'disable', '--username', 'lan', '--data-dir', dir]);
    expect((await staff.get('/api/staff/files')).status).toBe(401);
    const tokenId = (await hubCli(['token', 'list', '--data-dir', dir])).split('\t')[0]!;
    await hubCli(['token', 'revoke', '--id', tokenId, '--data-dir', dir]);
    expect((await api.get('/api/v1/procedures')).body.reason).toBe('token-revoked');
  });

  it('refuses bad arguments with a clear message', async () => {
    const dir = tmpDir('cli-auth-');
    expect(await fails(['user', 'add', '--username', 'x', '--data-dir', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('--role') });
    expect(await fails(['user', 'add', '--username', 'lan', '--role', 'boss', '--data-dir', dir])).toMatchObject({ code: 1, stderr: expect.stringContaining('invalid-payload') });
    expect(await fails(['user', 'disable', '--username', 'nobody', '--data-dir', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('no account') });
    expect(await fails(['token', 'add', '--data-dir', dir])).toMatchObject({ code: 2 });
    expect(await fails(['user', '--data-dir', dir])).toMatchObject({ code: 2 });
  });
});
