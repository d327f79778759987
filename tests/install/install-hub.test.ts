import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir, waitFor } from '../helpers/procs.js';
import { account, installer, snapshot, stageRelease, stat, verifyUnits } from './scratch.js';

// Installing copies ~170 MB and starts node several times: minutes on a loaded two-core machine.
const SLOW = 300_000;
let release: string;
beforeAll(async () => {
  release = await stageRelease();
}, SLOW);
afterAll(() => fs.rmSync(path.dirname(release), { recursive: true, force: true }));

/** The installed unit's ExecStart, with its paths moved into the scratch root. */
function execStart(root: string, unit: string): string[] {
  const line = fs.readFileSync(path.join(root, 'etc/systemd/system', unit), 'utf8').split('\n').find((l) => l.startsWith('ExecStart='))!;
  return line
    .slice('ExecStart='.length)
    .split(' ')
    .map((a) => (/^\/(opt|etc|var)\/(lib\/)?onestop/.test(a) ? path.join(root, a) : a));
}

describe('install-hub.sh into a scratch root', () => {
  it('writes the program, user, data folder, config, password file, unit and announcement with the right owners and modes; a second run changes nothing', async () => {
    const root = tmpDir('root-');
    const first = await installer('install-hub.sh', ['--root', root, '--from', release, '--commune-code', '26001', '--commune-name', 'Xã Hòa Bình']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('systemctl skipped');
    expect(first.stdout).toContain('/var/lib/onestop/first-admin-password');

    const hub = account(root, 'onestop');
    expect(stat(root, 'opt/onestop')).toEqual({ mode: '755', uid: 0, gid: 0 });
    expect(fs.readFileSync(path.join(root, 'opt/onestop/RELEASE'), 'utf8')).toMatch(/^onestop \d+\.\d+\.\d+ linux-/);
    expect(stat(root, 'var/lib/onestop')).toEqual({ mode: '700', uid: hub.uid, gid: hub.gid });
    expect(stat(root, 'var/lib/onestop/hub.sqlite')).toEqual({ mode: '600', uid: hub.uid, gid: hub.gid });
    expect(stat(root, 'etc/onestop/hub.config.json')).toEqual({ mode: '640', uid: 0, gid: hub.gid });
    expect(stat(root, 'etc/onestop/hub.env')).toEqual({ mode: '640', uid: 0, gid: hub.gid });
    expect(stat(root, 'var/lib/onestop/first-admin-password')).toEqual({ mode: '600', uid: hub.uid, gid: hub.gid });
    expect(stat(root, 'etc/systemd/system/onestop-hub.service')).toEqual({ mode: '644', uid: 0, gid: 0 });
    expect(JSON.parse(fs.readFileSync(path.join(root, 'etc/onestop/hub.config.json'), 'utf8'))).toMatchObject({ port: 8080, demo: false, commune: { code: '26001', name: 'Xã Hòa Bình' } });
    const password = /^password: (\S+)$/m.exec(fs.readFileSync(path.join(root, 'var/lib/onestop/first-admin-password'), 'utf8'))![1]!;
    // printed nowhere: the journal keeps what an installer or a service prints
    expect(first.stdout).not.toContain(password);
    const avahi = fs.readFileSync(path.join(root, 'etc/avahi/services/onestop-hub.service'), 'utf8');
    expect(avahi).toContain('<type>_onestop-hub._tcp</type>');
    expect(avahi).toContain('<port>8080</port>');

    const unit = path.join(root, 'etc/systemd/system/onestop-hub.service');
    expect(await verifyUnits([unit])).toBe('');
    const text = fs.readFileSync(unit, 'utf8');
    for (const line of ['Restart=always', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'StateDirectory=onestop', `ExecStart=${process.execPath} `]) expect(text).toContain(line);

    const before = snapshot(root);
    const second = await installer('install-hub.sh', ['--root', root, '--from', release, '--commune-code', '26001', '--commune-name', 'Xã Hòa Bình']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to change');
    expect(snapshot(root)).toEqual(before);
  }, SLOW);

  it('the installed hub starts from the scratch root as its unit says, answers /healthz, lets the first admin sign in with the password from the file, and stops on SIGTERM', async () => {
    const root = tmpDir('root-');
    expect((await installer('install-hub.sh', ['--root', root, '--from', release])).code).toBe(0);
    const [bin, ...args] = execStart(root, 'onestop-hub.service');
    const proc = spawn(bin!, args, {
      cwd: path.join(root, 'opt/onestop'),
      env: { ...process.env, NODE_ENV: 'production', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', HUB_PORT: '0', HUB_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    try {
      const port = await waitFor(() => {
        if (proc.exitCode !== null) throw new Error(`hub exited (${proc.exitCode}):\n${out}`);
        return /http:\/\/127\.0\.0\.1:(\d+)\/kiosk/.exec(out)?.[1];
      }, 'the installed hub to listen', 60_000);
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/kiosk`)).text()).toContain('<div id="root">');
      // the admin account exists already, so the hub prints no password into the journal
      expect(out).not.toMatch(/first admin login/);
      const password = /^password: (\S+)$/m.exec(fs.readFileSync(path.join(root, 'var/lib/onestop/first-admin-password'), 'utf8'))![1]!;
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(login.status).toBe(200);
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      proc.kill('SIGKILL');
    }
  }, SLOW);

  it('--uninstall removes the program, unit and announcement and keeps the data; --purge deletes data and user', async () => {
    const root = tmpDir('root-');
    expect((await installer('install-hub.sh', ['--root', root, '--from', release])).code).toBe(0);
    const removed = await installer('install-hub.sh', ['--root', root, '--uninstall']);
    expect(removed.code).toBe(0);
    for (const p of ['opt/onestop', 'etc/systemd/system/onestop-hub.service', 'etc/avahi/services/onestop-hub.service']) expect(fs.existsSync(path.join(root, p))).toBe(false);
    for (const p of ['var/lib/onestop/hub.sqlite', 'etc/onestop/hub.config.json', 'var/lib/onestop/first-admin-password']) expect(fs.existsSync(path.join(root, p))).toBe(true);
    expect(removed.stdout).toContain('kept the data');

    const purged = await installer('install-hub.sh', ['--root', root, '--uninstall', '--purge']);
    expect(purged.code).toBe(0);
    expect(fs.existsSync(path.join(root, 'var/lib/onestop'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'etc/onestop'))).toBe(false);
    expect(() => account(root, 'onestop')).toThrow(/no user onestop/);
  }, SLOW);

  it('refuses a bad option with a message and changes nothing', async () => {
    const root = tmpDir('root-');
    const r = await installer('install-hub.sh', ['--root', root, '--from', release, '--port', 'eighty']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--port must be a number');
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
