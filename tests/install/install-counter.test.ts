import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Bonjour } from 'bonjour-service';
import { HUB_SERVICE_TYPE } from '../../counter-agent/src/discover.js';
import { addCounter, pairCode, startHub, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';
import { INSTALL_DIR, account, installer, snapshot, stageRelease, stat, verifyUnits } from './scratch.js';

const run = promisify(execFile);
const SLOW = 300_000;
let release: string;
beforeAll(async () => {
  release = await stageRelease();
}, SLOW);
afterAll(() => fs.rmSync(path.dirname(release), { recursive: true, force: true }));

/**
 * The hub's mDNS announcement as avahi-daemon makes it from install-hub.sh's service file (avahi needs D-Bus and a
 * system daemon, so bonjour-service publishes the same record, as tests/discovery.test.ts does).
 */
const announcers: Bonjour[] = [];
function announce(port: number, name: string) {
  const b = new Bonjour();
  announcers.push(b);
  b.publish({ name, type: HUB_SERVICE_TYPE, protocol: 'tcp', port, txt: { path: '/' } });
}
afterEach(async () => {
  for (const b of announcers.splice(0)) await new Promise<void>((r) => b.unpublishAll(() => b.destroy(() => r())));
});
/** A hub on every address, as installed: the announcement carries the machine's LAN addresses. */
const lanHub = (): Promise<RunningHub> => startHub({ args: ['--host', '0.0.0.0'], env: { COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' } });

const rules = (root: string) => fs.readFileSync(path.join(root, 'etc/udev/rules.d/70-onestop-boxes.rules'), 'utf8');

describe('install-counter.sh into a scratch root', () => {
  it('names each box by serial number or USB port, keeps ModemManager away, sets the FTDI latency, and adds the agent unit; a second run changes nothing', async () => {
    const root = tmpDir('root-');
    const args = ['--root', root, '--from', release, '--box', '2=port:platform-xhci-hcd.0-usb-0:1.3:1.0', '--box', '1=A10K1234'];
    const first = await installer('install-counter.sh', args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const agent = account(root, 'onestop');
    expect(agent.groups).toContain('dialout');
    expect(stat(root, 'var/lib/onestop')).toEqual({ mode: '700', uid: agent.uid, gid: agent.gid });
    const text = rules(root);
    expect(text).toContain('ATTRS{serial}=="A10K1234", SYMLINK+="onestop-box-1"');
    expect(text).toContain('ENV{ID_PATH}=="platform-xhci-hcd.0-usb-0:1.3:1.0", SYMLINK+="onestop-box-2"');
    expect(text.indexOf('onestop-box-1')).toBeLessThan(text.indexOf('onestop-box-2'));
    // ModemManager leaves the usual adapters alone, and each box whatever its adapter
    for (const [vendor, product] of [['0403', '6001'], ['0403', '6015'], ['0403', '6014'], ['1a86', '7523'], ['1a86', '5523'], ['1a86', '55d4'], ['10c4', 'ea60'], ['067b', '2303']]) {
      expect(text).toContain(`SUBSYSTEM=="tty", ATTRS{idVendor}=="${vendor}", ATTRS{idProduct}=="${product}", ENV{ID_MM_DEVICE_IGNORE}="1"`);
    }
    // Arduino boards (ttyACM, every product of the vendor)
    expect(text).toContain('SUBSYSTEM=="tty", ATTRS{idVendor}=="2341", ENV{ID_MM_DEVICE_IGNORE}="1"');
    const boxLines = text.split('\n').filter((l) => l.includes('SYMLINK+="onestop-box-'));
    expect(boxLines).toHaveLength(2);
    for (const line of boxLines) expect(line).toMatch(/, ENV\{ID_MM_DEVICE_IGNORE\}="1"$/);
    expect(text).toContain('DRIVER=="ftdi_sio", ATTR{latency_timer}="1"');
    // every rule line is KEY op "value" pairs: a typo would make udev skip the line silently
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      expect(line).toMatch(/^([A-Z_]+(\{[a-z_A-Z]+\})?(==|=|\+=)"[^"]*")(, [A-Z_]+(\{[a-z_A-Z]+\})?(==|=|\+=)"[^"]*")*$/);
    }
    // the pairing comes later: the next step is printed for each box
    expect(first.stdout).toMatch(/Next for box 1: .*\n.*--box 1=A10K1234 --hub http:\/\/HUB-ADDRESS:8080 --code CODE/);

    const unit = fs.readFileSync(path.join(root, 'etc/systemd/system/onestop-agent@.service'), 'utf8');
    expect(unit).toContain('SupplementaryGroups=dialout');
    expect(unit).not.toMatch(/^PrivateDevices=/m);
    expect(unit).toContain('--port /dev/onestop-box-%i');
    const units = tmpDir('units-');
    fs.copyFileSync(path.join(root, 'etc/systemd/system/onestop-agent@.service'), path.join(units, 'onestop-agent@.service'));
    expect(await verifyUnits([path.join(units, 'onestop-agent@1.service')])).toBe('');

    const before = snapshot(root);
    const second = await installer('install-counter.sh', args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to change');
    expect(snapshot(root)).toEqual(before);

    // a later run for another box keeps the boxes named before
    expect((await installer('install-counter.sh', ['--root', root, '--from', release, '--box', '3=FT99XYZ'])).code).toBe(0);
    expect(rules(root)).toMatch(/onestop-box-1"[^]*onestop-box-2"[^]*onestop-box-3"/);

    // a box named by an installer from before each line told ModemManager to keep away gets the setting too
    const file = path.join(root, 'etc/udev/rules.d/70-onestop-boxes.rules');
    fs.writeFileSync(file, rules(root).replace(/(SYMLINK\+="onestop-box-1".*), ENV\{ID_MM_DEVICE_IGNORE\}="1"$/m, '$1'));
    expect(rules(root)).toMatch(/SYMLINK\+="onestop-box-1", GROUP="dialout", MODE="0660"$/m);
    expect((await installer('install-counter.sh', ['--root', root, '--from', release])).code).toBe(0);
    const upgraded = rules(root).split('\n').filter((l) => l.includes('SYMLINK+="onestop-box-'));
    expect(upgraded).toHaveLength(3);
    for (const line of upgraded) expect(line).toMatch(/^SUBSYSTEM=="tty", .*, ENV\{ID_MM_DEVICE_IGNORE\}="1"$/);
  }, SLOW);

  it('pairs a box during the install with --hub and --code: the pairing is private to the agent\'s user', async () => {
    const hub = await startHub();
    try {
      const code = await pairCode(hub.dataDir, await addCounter(hub.dataDir, 'Quầy 1'));
      const root = tmpDir('root-');
      const r = await installer('install-counter.sh', ['--root', root, '--from', release, '--box', '1=A10K1234', '--hub', hub.url, '--code', code]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Paired as');
      expect(r.stdout).toContain('would enable onestop-agent@1.service');
      expect(r.stdout).not.toContain('Next for box 1');
      const agent = account(root, 'onestop');
      expect(stat(root, 'var/lib/onestop/agent-1.json')).toEqual({ mode: '600', uid: agent.uid, gid: agent.gid });
      expect(JSON.parse(fs.readFileSync(path.join(root, 'var/lib/onestop/agent-1.json'), 'utf8'))).toMatchObject({ hubUrl: hub.url, counter: { name: 'Quầy 1' } });
    } finally {
      await hub.stop();
    }
  }, SLOW);

  it('--screen-mode desktop: the Raspberry Pi OS desktop\'s autostart runs the screen session (same browser script, restarted when it dies); switching to cage leaves only the unit', async () => {
    const root = tmpDir('root-');
    const args = ['--root', root, '--from', release, '--hub', 'http://10.0.0.2:8080', '--screen', 'kiosk'];
    const first = await installer('install-counter.sh', [...args, '--screen-mode', 'desktop']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const entry = 'etc/xdg/autostart/onestop-screen-kiosk.desktop';
    expect(stat(root, entry)).toEqual({ mode: '644', uid: 0, gid: 0 });
    const desktop = fs.readFileSync(path.join(root, entry), 'utf8');
    expect(desktop).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(desktop).toContain('Exec=/opt/onestop/scripts/install/screen-session.sh kiosk\n');
    expect(desktop).toContain('Terminal=false');
    // what the entry starts is in the program and runnable, and it starts the screens' own browser script
    const session = path.join(root, 'opt/onestop/scripts/install/screen-session.sh');
    expect(fs.statSync(session).mode & 0o111).toBe(0o111);
    expect(fs.readFileSync(session, 'utf8')).toContain('"$here/kiosk-browser.sh" "$page"');
    expect(fs.readFileSync(path.join(root, 'etc/onestop/screen.env'), 'utf8')).toContain('ONESTOP_HUB_URL=http://10.0.0.2:8080');
    // the hub's origin counts as secure for the screen's browser (its offline shell needs it on the LAN's plain http)
    for (const f of ['etc/chromium/policies/managed/onestop.json', 'etc/chromium-browser/policies/managed/onestop.json']) {
      expect(stat(root, f)).toEqual({ mode: '644', uid: 0, gid: 0 });
      expect(JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))).toMatchObject({ OverrideSecurityRestrictionsOnInsecureOrigin: ['http://10.0.0.2:8080'], TranslateEnabled: false });
    }
    // the desktop user shows the page: no cage unit, no screen account
    expect(first.stdout).not.toContain('onestop-screen@kiosk');
    expect(fs.existsSync(path.join(root, 'etc/systemd/system/onestop-screen@.service'))).toBe(false);
    expect(fs.readFileSync(path.join(root, 'etc/passwd'), 'utf8')).not.toContain('onestop-screen:');
    expect(first.stdout).toContain('would run raspi-config nonint do_blanking 1 and do_boot_behaviour B4');

    const before = snapshot(root);
    const second = await installer('install-counter.sh', [...args, '--screen-mode', 'desktop']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to change');
    expect(second.stdout).not.toContain('raspi-config');
    expect(snapshot(root)).toEqual(before);

    // cage is the default: the autostart entry goes, the unit comes
    const cage = await installer('install-counter.sh', args);
    expect(cage.code).toBe(0);
    expect(cage.stdout).toContain(`removed /${entry}`);
    expect(cage.stdout).toContain('would enable onestop-screen@kiosk.service');
    expect(fs.existsSync(path.join(root, entry))).toBe(false);
    expect(fs.existsSync(path.join(root, 'etc/systemd/system/onestop-screen@.service'))).toBe(true);

    // and back: the entry returns; --uninstall removes it
    expect((await installer('install-counter.sh', [...args, '--screen-mode', 'desktop'])).code).toBe(0);
    expect(fs.existsSync(path.join(root, entry))).toBe(true);
    expect((await installer('install-counter.sh', ['--root', root, '--uninstall'])).code).toBe(0);
    expect(fs.existsSync(path.join(root, entry))).toBe(false);
  }, SLOW);

  it('pairs through discovery: --pair-code without --hub finds the one hub on the LAN and shows its commune', async () => {
    const hub = await lanHub();
    try {
      announce(hub.port, 'onestop hub on test');
      const code = await pairCode(hub.dataDir, await addCounter(hub.dataDir, 'Quầy 1'));
      const root = tmpDir('root-');
      const r = await installer('install-counter.sh', ['--root', root, '--from', release, '--box', '1=A10K1234', '--pair-code', code]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Tìm thấy / found: Xã Ví Dụ — http://[\\d.]+:${hub.port}`));
      expect(r.stdout).toContain('Paired as');
      expect(r.stdout).toContain('would enable onestop-agent@1.service');
      const agent = account(root, 'onestop');
      expect(stat(root, 'var/lib/onestop/agent-1.json')).toEqual({ mode: '600', uid: agent.uid, gid: agent.gid });
      expect(JSON.parse(fs.readFileSync(path.join(root, 'var/lib/onestop/agent-1.json'), 'utf8')).hubUrl).toMatch(new RegExp(`^http://[\\d.]+:${hub.port}$`));
    } finally {
      await hub.stop();
    }
  }, SLOW);

  it('when two hubs answer it asks at the terminal which one, and pairs with the one chosen; with nobody at a terminal it lists them and writes no pairing', async () => {
    const hub = await lanHub();
    try {
      announce(hub.port, 'onestop hub on test');
      announce(18092, 'onestop hub on another');
      const code = await pairCode(hub.dataDir, await addCounter(hub.dataDir, 'Quầy 1'));
      const root = tmpDir('root-');
      const args = ['--root', root, '--from', release, '--box', '1=A10K1234', '--code', code];

      const unattended = await installer('install-counter.sh', args);
      expect(unattended.code).toBe(1);
      expect(unattended.stdout).toMatch(/1\. .*\n\s+2\. .*/);
      expect(unattended.stderr).toContain('2 hubs answered; choose one with --hub URL');
      expect(fs.existsSync(path.join(root, 'var/lib/onestop/agent-1.json'))).toBe(false);

      // at a terminal (script(1) gives the installer one): the question waits for the person's answer
      const command = ['bash', path.join(INSTALL_DIR, 'install-counter.sh'), ...args].map((a) => `'${a}'`).join(' ');
      const tty = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      tty.stdout.on('data', (d) => (out += d));
      tty.stderr.on('data', (d) => (out += d));
      const closed = new Promise<number | null>((r) => tty.once('close', r));
      await waitFor(() => out.includes('Chọn hub / choose a hub (1-2): '), 'the question', 60_000);
      const choice = /(\d)\. Xã Ví Dụ — http:\/\/[\d.]+:(\d+)/.exec(out)!;
      expect(Number(choice[2])).toBe(hub.port);
      tty.stdin.write(`${choice[1]}\n`);
      expect(await closed).toBe(0);
      expect(out).toContain('Paired as');
      expect(JSON.parse(fs.readFileSync(path.join(root, 'var/lib/onestop/agent-1.json'), 'utf8')).hubUrl).toMatch(new RegExp(`:${hub.port}$`));
    } finally {
      await hub.stop();
    }
  }, SLOW);

  it('refuses a bad box, a repeated box number, a pairing code without one box, and changes nothing', async () => {
    const root = tmpDir('root-');
    const cases: [string[], string][] = [
      [['--box', '1=bad/serial'], 'box-spec-invalid'],
      [['--box', '0=A1'], 'box-spec-invalid'],
      [['--box', '1=port:x y'], 'box-spec-invalid'],
      [['--box', '1=A1', '--box', '1=B2'], 'box-number-repeated'],
      [['--box', '1=A1', '--box', '2=B2', '--hub', 'http://10.0.0.2:8080', '--code', '12345678'], 'pairing-needs-one-box'],
      [['--hub', 'ftp://x'], 'hub-url-invalid'],
      [['--screen', 'kiosk'], 'screen-invalid'],
      [['--hub', 'http://10.0.0.2:8080', '--screen', 'kiosk', '--screen-mode', 'x11'], 'screen-mode-invalid'],
    ];
    for (const [args, reason] of cases) {
      const r = await installer('install-counter.sh', ['--root', root, '--from', release, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(reason);
    }
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('--uninstall removes program, unit and rules and keeps the pairing; the screen unit passes systemd-analyze verify', async () => {
    const root = tmpDir('root-');
    expect((await installer('install-counter.sh', ['--root', root, '--from', release, '--box', '1=A1', '--hub', 'http://10.0.0.2:8080', '--screen', 'kiosk'])).code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'etc/onestop/screen.env'), 'utf8')).toContain('ONESTOP_HUB_URL=http://10.0.0.2:8080');
    expect(account(root, 'onestop-screen').groups).toEqual(expect.arrayContaining(['video', 'input', 'render']));
    const units = tmpDir('units-');
    fs.copyFileSync(path.join(root, 'etc/systemd/system/onestop-screen@.service'), path.join(units, 'onestop-screen@.service'));
    expect(await verifyUnits([path.join(units, 'onestop-screen@kiosk.service')])).toBe('');

    fs.writeFileSync(path.join(root, 'var/lib/onestop/agent-1.json'), '{}');
    const r = await installer('install-counter.sh', ['--root', root, '--uninstall']);
    expect(r.code).toBe(0);
    for (const p of ['opt/onestop', 'etc/systemd/system/onestop-agent@.service', 'etc/systemd/system/onestop-screen@.service', 'etc/udev/rules.d/70-onestop-boxes.rules']) expect(fs.existsSync(path.join(root, p))).toBe(false);
    expect(fs.existsSync(path.join(root, 'var/lib/onestop/agent-1.json'))).toBe(true);
    expect(account(root, 'onestop-screen').uid).toBeGreaterThan(0);

    // --purge: the data, the configuration, both accounts and the screen's browser profile go
    fs.mkdirSync(path.join(root, 'var/lib/onestop-screen'));
    const purged = await installer('install-counter.sh', ['--root', root, '--uninstall', '--purge']);
    expect(purged.code).toBe(0);
    for (const p of ['var/lib/onestop', 'var/lib/onestop-screen', 'etc/onestop']) expect(fs.existsSync(path.join(root, p)), p).toBe(false);
    expect(() => account(root, 'onestop')).toThrow(/no user onestop/);
    expect(() => account(root, 'onestop-screen')).toThrow(/no user onestop-screen/);
  }, SLOW);
});

describe('the installers as scripts', () => {
  it('pass shellcheck', async () => {
    const scripts = fs.readdirSync(INSTALL_DIR).filter((f) => f.endsWith('.sh')).map((f) => path.join(INSTALL_DIR, f));
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    const r = await run('shellcheck', ['-x', '-P', INSTALL_DIR, ...scripts]).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(r).toBe('');
  });
});
