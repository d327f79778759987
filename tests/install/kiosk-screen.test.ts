import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, startHub, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';
import { INSTALL_DIR } from './scratch.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('the screens\' browser command line (scripts/install/kiosk-browser.sh)', () => {
  it('started before the hub, waits for it, then shows /kiosk full screen with the kiosk flags (run headless here)', async () => {
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;
    const browser = spawn('bash', [path.join(INSTALL_DIR, 'kiosk-browser.sh'), 'kiosk'], {
      env: {
        ...process.env,
        ONESTOP_HUB_URL: hubUrl,
        ONESTOP_BROWSER_PROFILE: path.join(tmpDir('kiosk-profile-'), 'p'),
        // as root in a container, and headless: the only flags the test adds to the screens' own
        ONESTOP_BROWSER_FLAGS: '--headless=new --no-sandbox --disable-gpu --disable-quic --remote-debugging-port=0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    browser.stdout.on('data', (d) => (out += d));
    browser.stderr.on('data', (d) => (out += d));
    const exited = new Promise<void>((r) => browser.once('exit', () => r()));
    let hub: RunningHub | undefined;
    try {
      await waitFor(() => out.includes(`waiting for the hub at ${hubUrl}`), 'the script to wait for the hub', 60_000);
      expect(out).not.toContain('DevTools listening');
      // (a loaded machine: the timeouts below are for a slow start, not a measure of speed)
      hub = await startHub({ port });
      const devtools = await waitFor(() => /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1], 'Chromium to start', 60_000);
      // the script exec'd Chromium: its process is the one the screen unit supervises
      const cmdline = fs.readFileSync(`/proc/${browser.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toEqual(expect.arrayContaining(['--kiosk', '--noerrdialogs', '--disable-pinch', '--overscroll-history-navigation=0', '--disable-session-crashed-bubble', '--check-for-update-interval=31536000', `${hubUrl}/kiosk`]));
      const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${devtools}`, { timeout: 120_000 });
      try {
        const page = await waitFor(() => cdp.contexts()[0]?.pages().find((p) => p.url().startsWith(`${hubUrl}/kiosk`)), 'the kiosk page', 60_000);
        // a kiosk not yet paired shows its pairing keypad
        await page.getByTestId('pair-screen').waitFor({ timeout: 60_000 });
        // the installation guides' picture of a new kiosk, taken here rather than by hand (docs/install.*.md)
        if (process.env.DOCS_SCREENSHOTS === '1') await page.screenshot({ path: path.join(ROOT, 'docs/images/install-kiosk-first-start.png') });
      } finally {
        await cdp.close();
      }
    } finally {
      browser.kill('SIGTERM');
      const t = setTimeout(() => browser.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
      await hub?.stop();
    }
  }, 240_000);

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
      expect(fs.readFileSync(`/proc/${browserPid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['--kiosk', `${hub.url}/kiosk`]));
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

  it('refuses a page other than kiosk or display', async () => {
    const r = spawn('bash', [path.join(INSTALL_DIR, 'kiosk-browser.sh'), 'admin'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    r.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((res) => r.once('close', res));
    expect(code).toBe(2);
    expect(err).toContain('must be kiosk or display');
  });
});
