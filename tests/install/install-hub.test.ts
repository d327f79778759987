import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { uuidv7 } from '@onestop/shared';
import { io, type Socket } from 'socket.io-client';
import { SCHEMA_VERSION } from '../../hub/src/db/migrations.js';
import { ROOT, addCounter, pairCode, tmpDir, waitFor } from '../helpers/procs.js';
import { account, installer, snapshot, stageRelease, stat, verifyUnits } from './scratch.js';
import { schemaVersion } from '../helpers/db.js';

const run = promisify(execFile);

// Installing copies ~170 MB and starts node several times: minutes on a loaded two-core machine.
const SLOW = 300_000;
let release: string;
beforeAll(async () => {
  release = await stageRelease();
}, SLOW);
afterAll(() => fs.rmSync(path.dirname(release), { recursive: true, force: true }));

/** A scratch root where avahi-daemon is installed (the hub's announcement has a reader: no warning). */
function rootWithAvahi(): string {
  const root = tmpDir('root-');
  fs.mkdirSync(path.join(root, 'usr/sbin'), { recursive: true });
  fs.writeFileSync(path.join(root, 'usr/sbin/avahi-daemon'), '#!/bin/sh\n', { mode: 0o755 });
  return root;
}

/** A unit's setting, as systemd reads it (the last assignment wins). */
function unitSetting(file: string, key: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith(`${key}=`));
  if (lines.length === 0) throw new Error(`no ${key}= in ${file}`);
  return lines[lines.length - 1]!.slice(key.length + 1).trim();
}

const version = schemaVersion;

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
    const root = rootWithAvahi();
    const first = await installer('install-hub.sh', ['--root', root, '--from', release, '--commune-code', '26001', '--commune-name', 'Xã Hòa Bình']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('systemctl skipped');
    expect(first.stdout).toContain('/var/lib/onestop/first-admin-password');

    const hub = account(root, 'onestop');
    expect(stat(root, 'opt/onestop')).toEqual({ mode: '755', uid: 0, gid: 0 });
    expect(fs.readFileSync(path.join(root, 'opt/onestop/RELEASE'), 'utf8')).toMatch(/^onestop \d+\.\d+\.\d+ linux-/);
    expect(stat(root, 'var/lib/onestop')).toEqual({ mode: '700', uid: hub.uid, gid: hub.gid });
    // as the counter installer makes it (one machine may run both): the secrets are in 0640 files
    expect(stat(root, 'etc/onestop')).toEqual({ mode: '755', uid: 0, gid: 0 });
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

  it('the installed hub starts from the scratch root as its unit says, answers /healthz, lets the first admin sign in with the password from the file, and under load stops on SIGTERM within the unit\'s TimeoutStopSec', async () => {
    const root = tmpDir('root-');
    expect((await installer('install-hub.sh', ['--root', root, '--from', release])).code).toBe(0);
    const unit = path.join(root, 'etc/systemd/system/onestop-hub.service');
    // systemd kills the hub (SIGKILL, a crash in the journal) when it has not stopped after this long
    const timeoutStopS = Number(unitSetting(unit, 'TimeoutStopSec'));
    expect(timeoutStopS).toBeGreaterThan(0);
    const dataDir = path.join(root, 'var/lib/onestop');
    const code = await pairCode(dataDir, await addCounter(dataDir, 'Quầy 1', { minIntervalS: 0 }));
    const [bin, ...args] = execStart(root, 'onestop-hub.service');
    const proc = spawn(bin!, args, {
      cwd: path.join(root, 'opt/onestop'),
      env: { ...process.env, NODE_ENV: 'production', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', HUB_PORT: '0', HUB_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
    const sockets: Socket[] = [];
    const idle = new net.Socket();
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

      // as in an office: a box's agent connected and pressing, the waiting-room screen's socket, and a browser's
      // idle keep-alive connection, none of which may hold the stop past the unit's timeout
      const pair = await fetch(`${url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent' }) });
      const { token } = ((await pair.json()) as { data: { token: string } }).data;
      const device = io(`${url}/device`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const display = io(`${url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(device, display);
      await Promise.all(sockets.map((sk) => new Promise<void>((r) => sk.once('connect', () => r()))));
      await new Promise<void>((r) => idle.connect(Number(port), '127.0.0.1', r));
      idle.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
      await new Promise((r) => idle.once('data', r));
      let pressing = true;
      let acks = 0;
      const presses = (async () => {
        for (let i = 0; pressing && device.connected; i++) {
          try {
            const a = (await device.timeout(3000).emitWithAck('rating:submit', { id: uuidv7(), source: 'button', button: 1 + (i % 4), deviceTime: Date.now() })) as { ok: boolean };
            if (a.ok) acks++;
          } catch {
            return;
          }
        }
      })();
      await waitFor(() => acks >= 20, '20 presses acknowledged', 60_000);

      const t0 = performance.now();
      proc.kill('SIGTERM');
      const exitCode = await exited;
      const stoppedMs = performance.now() - t0;
      pressing = false;
      await presses;
      expect(exitCode).toBe(0);
      expect(stoppedMs).toBeLessThan(timeoutStopS * 1000);
    } finally {
      sockets.forEach((sk) => sk.close());
      idle.destroy();
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

  it('warns, with the apt-get command, when avahi-daemon is not installed to announce the hub; says nothing when it is', async () => {
    const bare = tmpDir('root-');
    const r = await installer('install-hub.sh', ['--root', bare, '--from', release]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: avahi-daemon is not installed');
    expect(r.stderr).toContain('sudo apt-get install -y avahi-daemon');
    // the announcement is written all the same, ready for when avahi-daemon comes
    expect(fs.existsSync(path.join(bare, 'etc/avahi/services/onestop-hub.service'))).toBe(true);

    const withAvahi = rootWithAvahi();
    const ok = await installer('install-hub.sh', ['--root', withAvahi, '--from', release]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toContain('avahi');
  }, SLOW);

  it('installed over the data of the previous release, the schema upgrade takes a copy first and names it', async () => {
    const root = rootWithAvahi();
    const dataDir = path.join(root, 'var/lib/onestop');
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // made by the previous release (tests/upgrade.test.ts); no first-admin-password file: the installer asks the new
    // program whether an admin exists, the first command of the new program on this database
    fs.copyFileSync(path.join(ROOT, 'tests/fixtures/hub-v10.sqlite'), path.join(dataDir, 'hub.sqlite'));
    const r = await installer('install-hub.sh', ['--root', root, '--from', release]);
    expect(r.code).toBe(0);
    const backups = fs.readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('pre-upgrade-'));
    expect(backups).toEqual([expect.stringMatching(new RegExp(`^pre-upgrade-v10-to-v${SCHEMA_VERSION}-\\d{8}T\\d{6}Z\\.sqlite$`))]);
    const backup = path.join(dataDir, 'backups', backups[0]!);
    expect(version(backup)).toBe(10);
    expect(version(path.join(dataDir, 'hub.sqlite'))).toBe(SCHEMA_VERSION);
    // named where the person installing sees it (and the journal keeps it)
    expect(r.stderr).toContain(`warning: database schema upgraded from 10 to ${SCHEMA_VERSION}; the database as it was is kept in ${backup}`);
    // the copy is the hub's, as the database is
    const hub = account(root, 'onestop');
    expect(stat(root, path.relative(root, backup))).toEqual({ mode: '600', uid: hub.uid, gid: hub.gid });
  }, SLOW);

  it('installs from the release tarball (scripts/pack.mjs), and refuses one made for another machine before changing anything', async () => {
    const out = tmpDir('pack-');
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'scripts/pack.mjs'), '--out', out], { cwd: ROOT, maxBuffer: 16 << 20 });
    const tarball = stdout.trim().split('\n').pop()!;
    expect(tarball).toBe(path.join(out, `onestop-${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}-linux-${process.arch}.tar.gz`));
    const root = rootWithAvahi();
    try {
      const first = await installer('install-hub.sh', ['--root', root, '--from', tarball]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(fs.readFileSync(path.join(root, 'opt/onestop/RELEASE'), 'utf8')).toBe(`onestop ${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version} linux-${process.arch} node-abi ${process.versions.modules}\n`);
      expect(fs.existsSync(path.join(root, 'var/lib/onestop/hub.sqlite'))).toBe(true);
      const before = snapshot(root);
      const again = await installer('install-hub.sh', ['--root', root, '--from', tarball]);
      expect(again.stdout).toContain('Nothing to change');
      expect(snapshot(root)).toEqual(before);

      // the same release as made on a machine with another Node.js: its better-sqlite3 would not load here
      const other = tmpDir('other-release-');
      const name = 'onestop-0.0.0-linux-x64';
      fs.mkdirSync(path.join(other, name));
      fs.writeFileSync(path.join(other, name, 'RELEASE'), `onestop 0.0.0 ${process.platform}-${process.arch} node-abi 108\n`);
      const wrongAbi = path.join(other, `${name}.tar.gz`);
      await run('tar', ['-czf', wrongAbi, '-C', other, name]);
      const refused = await installer('install-hub.sh', ['--root', root, '--from', wrongAbi]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`release-wrong-machine: ${wrongAbi} was made for ${process.platform}-${process.arch} with Node.js 18 (node-abi 108)`);
      expect(refused.stderr).toContain(`this machine is ${process.platform}-${process.arch} with Node.js ${process.version} (node-abi ${process.versions.modules})`);
      expect(refused.stderr).toContain('npm run pack on such a machine');
      expect(snapshot(root)).toEqual(before);

      // and one made for a Raspberry Pi, as a folder, into an empty root: nothing at all is made
      const arm = path.join(other, 'arm');
      fs.mkdirSync(arm);
      const foreign = process.arch === 'arm64' ? 'x64' : 'arm64';
      fs.writeFileSync(path.join(arm, 'RELEASE'), `onestop 0.0.0 linux-${foreign} node-abi ${process.versions.modules}\n`);
      const empty = tmpDir('root-');
      const refusedArm = await installer('install-hub.sh', ['--root', empty, '--from', arm]);
      expect(refusedArm.code).toBe(1);
      expect(refusedArm.stderr).toContain(`was made for linux-${foreign}`);
      expect(refusedArm.stderr).toContain(`Use the release made for ${process.platform}-${process.arch}`);
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, SLOW);

  it('--screen display (cage): the screen unit and its account; the unit\'s command opens the hub\'s /display', async () => {
    const root = rootWithAvahi();
    const first = await installer('install-hub.sh', ['--root', root, '--from', release, '--port', '8090', '--screen', 'display']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('would enable onestop-hub.service onestop-screen@display.service');
    expect(account(root, 'onestop-screen').groups).toEqual(expect.arrayContaining(['video', 'input', 'render']));
    const unit = path.join(root, 'etc/systemd/system/onestop-screen@.service');
    expect(stat(root, 'etc/systemd/system/onestop-screen@.service')).toEqual({ mode: '644', uid: 0, gid: 0 });
    const units = tmpDir('units-');
    fs.copyFileSync(unit, path.join(units, 'onestop-screen@.service'));
    expect(await verifyUnits([path.join(units, 'onestop-screen@display.service')])).toBe('');
    expect(fs.readFileSync(path.join(root, 'etc/onestop/screen.env'), 'utf8')).toContain('ONESTOP_HUB_URL=http://localhost:8090\n');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'etc/chromium/policies/managed/onestop.json'), 'utf8')).OverrideSecurityRestrictionsOnInsecureOrigin).toEqual(['http://localhost:8090']);
    expect(fs.existsSync(path.join(root, 'etc/xdg/autostart/onestop-screen-display.desktop'))).toBe(false);

    // the unit's command for the instance display (%i), with the environment file it names, run to the browser's
    // command line (a stand-in browser prints its arguments)
    const exec = unitSetting(unit, 'ExecStart').replaceAll('%i', 'display').split(' ');
    expect(exec.slice(0, 4)).toEqual(['/usr/bin/cage', '-d', '-s', '--']);
    const [script, ...args] = exec.slice(4);
    expect(args).toEqual(['display']);
    const env = Object.fromEntries(
      fs
        .readFileSync(path.join(root, unitSetting(unit, 'EnvironmentFile').replace(/^-/, '')), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const fake = path.join(tmpDir('browser-'), 'chromium');
    fs.writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const { stdout } = await run('bash', [path.join(root, script!), ...args], { env: { ...process.env, ...env, ONESTOP_BROWSER: fake, STATE_DIRECTORY: tmpDir('screen-state-') } });
    expect(stdout).toContain('opening http://localhost:8090/display as soon as the hub answers');
    const argv = stdout.trim().split('\n');
    expect(argv).toContain('--kiosk');
    expect(argv[argv.length - 1]).toMatch(/^file:\/\/.*\/scripts\/install\/screen-start\.html\?hub=http:\/\/localhost:8090&page=display$/);

    const before = snapshot(root);
    const second = await installer('install-hub.sh', ['--root', root, '--from', release, '--port', '8090', '--screen', 'display']);
    expect(second.stdout).toContain('Nothing to change');
    expect(snapshot(root)).toEqual(before);
  }, SLOW);

  it('refuses a bad option with a message and changes nothing', async () => {
    const root = tmpDir('root-');
    const r = await installer('install-hub.sh', ['--root', root, '--from', release, '--port', 'eighty']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--port must be a number');
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('the hub and the counter programs on one machine', () => {
  it('each installer run twice changes nothing the second time; uninstalling the counter keeps the hub; the last --purge leaves nothing', async () => {
    const root = rootWithAvahi();
    const hubArgs = ['--root', root, '--from', release];
    const counterArgs = ['--root', root, '--from', release, '--box', '1=A10K1234', '--hub', 'http://localhost:8080', '--screen', 'kiosk'];
    for (const [script, args] of [['install-hub.sh', hubArgs], ['install-counter.sh', counterArgs]] as const) {
      const r = await installer(script, [...args]);
      expect(r.stderr, script).toBe('');
      expect(r.code, script).toBe(0);
    }
    expect(stat(root, 'etc/onestop')).toEqual({ mode: '755', uid: 0, gid: 0 });
    const before = snapshot(root);
    for (const [script, args] of [['install-hub.sh', hubArgs], ['install-counter.sh', counterArgs], ['install-hub.sh', hubArgs]] as const) {
      const r = await installer(script, [...args]);
      expect(r.code, script).toBe(0);
      expect(r.stdout, script).toContain('Nothing to change');
      expect(snapshot(root), script).toEqual(before);
    }

    // the screen's browser profile, as systemd's StateDirectory= makes it on a real system
    fs.mkdirSync(path.join(root, 'var/lib/onestop-screen'));
    const counterGone = await installer('install-counter.sh', ['--root', root, '--uninstall', '--purge']);
    expect(counterGone.code).toBe(0);
    expect(counterGone.stdout).toContain('the hub on this machine uses them');
    for (const p of ['etc/systemd/system/onestop-agent@.service', 'etc/udev/rules.d/70-onestop-boxes.rules', 'etc/xdg/autostart/onestop-screen-kiosk.desktop']) expect(fs.existsSync(path.join(root, p)), p).toBe(false);
    for (const p of ['opt/onestop/hub/bin/hub.mjs', 'etc/systemd/system/onestop-hub.service', 'var/lib/onestop/hub.sqlite', 'etc/onestop/hub.config.json']) expect(fs.existsSync(path.join(root, p)), p).toBe(true);
    expect(account(root, 'onestop').uid).toBeGreaterThan(0);
    // the hub still installs as it was
    expect((await installer('install-hub.sh', hubArgs)).stdout).toContain('Nothing to change');

    const hubGone = await installer('install-hub.sh', ['--root', root, '--uninstall', '--purge']);
    expect(hubGone.code).toBe(0);
    for (const p of ['opt/onestop', 'var/lib/onestop', 'var/lib/onestop-screen', 'etc/onestop', 'etc/systemd/system/onestop-hub.service', 'etc/systemd/system/onestop-screen@.service', 'etc/chromium/policies/managed/onestop.json']) {
      expect(fs.existsSync(path.join(root, p)), p).toBe(false);
    }
    expect(fs.readFileSync(path.join(root, 'etc/passwd'), 'utf8')).not.toMatch(/^onestop/m);
  }, SLOW);
});
