import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { kioskStatus, waitForRatings } from '../browser/browser.js';
import { ROOT, addCounter, pairCode, startHub, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';
import { docsShot } from '../kit/docs.js';
import { INSTALL_DIR } from './scratch.js';

const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** kiosk-browser.sh as the screen unit runs it, headless here; its process becomes Chromium itself (exec). */
function startScreen(hubUrl: string, profile: string) {
  const proc = spawn('bash', [path.join(INSTALL_DIR, 'kiosk-browser.sh'), 'kiosk'], {
    env: {
      ...process.env,
      ONESTOP_HUB_URL: hubUrl,
      ONESTOP_BROWSER_PROFILE: profile,
      // as root in a container, and headless: the only flags the test adds to the screens' own
      ONESTOP_BROWSER_FLAGS: '--headless=new --no-sandbox --disable-gpu --disable-quic --remote-debugging-port=0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    proc,
    exited,
    output: () => out,
    /** the page the screen shows, through the DevTools port the test asked for */
    async page(): Promise<{ cdp: Browser; page: Page }> {
      // (a loaded machine: the timeouts are for a slow start, not a measure of speed)
      const port = await waitFor(() => /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1], 'Chromium to start', 60_000);
      const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 120_000 });
      const page = await waitFor(() => cdp.contexts()[0]?.pages()[0], 'the screen\'s page', 60_000);
      return { cdp, page };
    },
    async stop() {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
    },
  };
}

const onStartPage = (page: Page) => page.getByRole('heading', { name: 'Đang kết nối tới máy chủ của xã…' }).waitFor({ timeout: 60_000 });

describe('the screens\' browser command line (scripts/install/kiosk-browser.sh)', () => {
  it('comes back by itself: started before the hub it waits on its start page and reaches /kiosk; across a hub restart the page reconnects and stores a rating; killed and started again it is still paired', async () => {
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;
    const profile = path.join(tmpDir('kiosk-profile-'), 'p');
    let screen = startScreen(hubUrl, profile);
    let hub: RunningHub | undefined;
    let cdp: Browser | undefined;
    try {
      let page: Page;
      ({ cdp, page } = await screen.page());
      // the hub is not there: the screen says it is connecting, from the disk, not the browser's error page
      await onStartPage(page);
      await docsShot(page, 'screen-connecting');
      expect(page.url()).toMatch(/^file:\/\/.*\/scripts\/install\/screen-start\.html\?hub=/);
      const cmdline = fs.readFileSync(`/proc/${screen.proc.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toEqual(expect.arrayContaining(['--kiosk', '--noerrdialogs', '--disable-pinch', '--overscroll-history-navigation=0', '--disable-session-crashed-bubble', '--check-for-update-interval=31536000', `--user-data-dir=${profile}`]));

      hub = await startHub({ port });
      await page.waitForURL((u) => u.href.startsWith(`${hubUrl}/kiosk`), { timeout: 60_000, waitUntil: 'commit' });
      // a kiosk not yet paired shows its pairing keypad
      await page.getByTestId('pair-screen').waitFor({ timeout: 60_000 });
      // the installation guides' picture of a new kiosk, taken here rather than by hand (docs/install.*.md)
      await docsShot(page, 'kiosk-first-start');
      const code = await pairCode(hub.dataDir, await addCounter(hub.dataDir, 'Quầy 1', { buttons: 3 }));
      for (const d of code) await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click();
      await page.getByRole('button', { name: 'Ghép nối', exact: true }).click();
      await page.getByTestId('rate-screen').waitFor({ timeout: 30_000 });
      await kioskStatus(page, { online: true });
      await docsShot(page, 'kiosk-paired');

      // the hub restarts (an upgrade, a power cut of its own): the page stays and its socket comes back
      const dataDir = hub.dataDir;
      await hub.stop();
      await kioskStatus(page, { online: false });
      hub = await startHub({ dataDir, port });
      await kioskStatus(page, { online: true, queued: 0 }, 60_000);
      await page.locator('[data-testid="score-button"][data-score="5"]').click();
      await page.getByTestId('thanks').waitFor();
      expect(await waitForRatings(dataDir, 1)).toMatchObject([{ score: 5, source: 'touch' }]);

      // the browser dies while the hub is down too; the unit starts the same command line again
      await hub.stop();
      await cdp.close().catch(() => undefined);
      screen.proc.kill('SIGKILL');
      await screen.exited;
      screen = startScreen(hubUrl, profile);
      ({ cdp, page } = await screen.page());
      await onStartPage(page);
      hub = await startHub({ dataDir, port });
      await page.waitForURL((u) => u.href.startsWith(`${hubUrl}/kiosk`), { timeout: 60_000, waitUntil: 'commit' });
      // still paired: its profile (localStorage, IndexedDB) outlived the browser
      await page.getByTestId('rate-screen').waitFor({ timeout: 60_000 });
      await kioskStatus(page, { online: true, queued: 0 }, 60_000);
    } finally {
      await cdp?.close().catch(() => undefined);
      await screen.stop();
      await hub?.stop();
    }
  }, 400_000);

  it('on the LAN\'s plain http, the browser policy the installers write makes the hub\'s origin secure, so the offline shell keeps /kiosk: reloaded while the hub is down, the page still opens, paired', async () => {
    const ip = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    expect(ip, 'a LAN address on this machine').toBeTruthy();
    const port = await freePort();
    const hubUrl = `http://${ip}:${port}`;
    // the installers' own function writes the policy into a scratch root; Chromium reads /etc/chromium, so the
    // test puts that file there under a name of its own for the length of the test
    const scratch = tmpDir('policy-root-');
    await run('bash', ['-c', `. "$0/lib.sh"; ROOT="$1"; changes=0; write_browser_policy "$2/kiosk"`, INSTALL_DIR, scratch, hubUrl]);
    const policy = fs.readFileSync(path.join(scratch, 'etc/chromium/policies/managed/onestop.json'), 'utf8');
    expect(JSON.parse(policy).OverrideSecurityRestrictionsOnInsecureOrigin).toEqual([hubUrl]);
    const installed = `/etc/chromium/policies/managed/onestop-test-${port}.json`;
    fs.mkdirSync(path.dirname(installed), { recursive: true });
    fs.writeFileSync(installed, policy);
    const profile = path.join(tmpDir('kiosk-profile-'), 'p');
    let hub: RunningHub | undefined = await startHub({ port, args: ['--host', '0.0.0.0'] });
    const screen = startScreen(hubUrl, profile);
    let cdp: Browser | undefined;
    try {
      let page: Page;
      ({ cdp, page } = await screen.page());
      await page.waitForURL((u) => u.href.startsWith(`${hubUrl}/kiosk`), { timeout: 60_000, waitUntil: 'commit' });
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      const code = await pairCode(hub.dataDir, await addCounter(hub.dataDir, 'Quầy 1', { buttons: 3 }));
      for (const d of code) await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click();
      await page.getByRole('button', { name: 'Ghép nối', exact: true }).click();
      await page.getByTestId('rate-screen').waitFor({ timeout: 30_000 });
      // the offline shell has the page
      await waitFor(() => page.evaluate(async () => !!(await caches.match('/kiosk'))), 'the kiosk page in the offline cache', 60_000, 200);
      await hub.stop();
      hub = undefined;
      await kioskStatus(page, { online: false });
      await page.reload();
      await page.getByTestId('rate-screen').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="score-button"][data-score="5"]').click();
      await page.getByTestId('thanks').waitFor();
      await kioskStatus(page, { online: false, queued: 1 });
    } finally {
      await cdp?.close().catch(() => undefined);
      await screen.stop();
      await hub?.stop();
      fs.rmSync(installed, { force: true });
    }
  }, 400_000);

  it('on a desktop (screen-session.sh, the autostart entry\'s command): the browser killed is started again, and a second session leaves the first alone', async () => {
    const hub = await startHub();
    const runtime = tmpDir('xdg-runtime-');
    const env = {
      ...process.env,
      ONESTOP_HUB_URL: hub.url,
      ONESTOP_SCREEN_ENV: '/nonexistent',
      XDG_RUNTIME_DIR: runtime,
      ONESTOP_BROWSER_PROFILE: path.join(tmpDir('kiosk-profile-'), 'p'),
      ONESTOP_BROWSER_FLAGS: '--headless=new --no-sandbox --disable-gpu --disable-quic --remote-debugging-port=0',
    };
    // its own process group, so the loop and its browser are stopped together
    const session = spawn('bash', [path.join(INSTALL_DIR, 'screen-session.sh'), 'kiosk'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    session.stdout.on('data', (d) => (out += d));
    session.stderr.on('data', (d) => (out += d));
    const exited = new Promise<void>((r) => session.once('exit', () => r()));
    const starts = () => out.match(/DevTools listening on/g)?.length ?? 0;
    try {
      await waitFor(() => starts() === 1, 'the browser to start', 120_000);
      // kiosk-browser.sh exec'd Chromium: the session's child is the browser itself
      const browserPid = Number(fs.readFileSync(`/proc/${session.pid}/task/${session.pid}/children`, 'utf8').trim().split(' ')[0]);
      expect(fs.readFileSync(`/proc/${browserPid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['--kiosk', expect.stringMatching(/screen-start\.html\?hub=.*&page=kiosk$/)]));
      process.kill(browserPid, 'SIGKILL');
      await waitFor(() => out.includes('screen-session.sh: the browser stopped'), 'the session to see the browser die', 60_000);
      await waitFor(() => starts() === 2, 'the browser to start again', 120_000);

      const second = spawn('bash', [path.join(INSTALL_DIR, 'screen-session.sh'), 'kiosk'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let said = '';
      second.stdout.on('data', (d) => (said += d));
      expect(await new Promise<number | null>((r) => second.once('close', r))).toBe(0);
      expect(said).toContain('the kiosk screen is already running in this session');
      expect(starts()).toBe(2);
    } finally {
      process.kill(-session.pid!, 'SIGKILL');
      await exited;
      await hub.stop();
    }
  }, 300_000);

  it('tells Chromium its last exit was clean before starting it, so a power cut brings no "restore pages?" bubble', async () => {
    const profile = tmpDir('kiosk-profile-');
    fs.mkdirSync(path.join(profile, 'Default'));
    const prefs = path.join(profile, 'Default/Preferences');
    // as a killed Chromium leaves it
    fs.writeFileSync(prefs, '{"profile":{"exit_type":"Crashed","exited_cleanly":false,"name":"x"}}');
    const r = spawn('bash', [path.join(INSTALL_DIR, 'kiosk-browser.sh'), 'display'], { env: { ...process.env, ONESTOP_BROWSER: '/bin/true', ONESTOP_BROWSER_PROFILE: profile }, stdio: 'ignore' });
    expect(await new Promise<number | null>((res) => r.once('close', res))).toBe(0);
    expect(JSON.parse(fs.readFileSync(prefs, 'utf8'))).toEqual({ profile: { exit_type: 'Normal', exited_cleanly: true, name: 'x' } });
  });

  it('refuses a page other than kiosk or display', async () => {
    const r = spawn('bash', [path.join(INSTALL_DIR, 'kiosk-browser.sh'), 'admin'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    r.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((res) => r.once('close', res));
    expect(code).toBe(2);
    expect(err).toContain('must be kiosk or display');
  });
});
