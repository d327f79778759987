import fs from 'node:fs';
import { afterEach } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The system Chromium, headless. Never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
/** As root, without the sandbox, and without the background traffic that keeps trying to reach outside hosts. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium through playwright-core; `launch` gives it a fresh user-data-dir of its own, removed at close. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (its own storage, IndexedDB and service workers) and one page in it; console errors are kept. */
export async function freshPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; log: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  return { page, log };
}

export interface BrowserFixture {
  /** a fresh page (own context); the browser is launched at the first one */
  page(viewport?: { width: number; height: number }): Promise<{ page: Page; log: string[] }>;
  /** the browser itself, launched if need be */
  browser(): Promise<Browser>;
  /** a process (hub, receiver) stopped after the browser closes, its data folder removed; answers it */
  track<T extends { stop(): Promise<void>; dataDir: string }>(proc: T): T;
  /** anything else to undo after the test, after the browser closes (last registered runs first) */
  defer(fn: () => unknown): void;
}

/**
 * The one set-up of every browser test: call at the top of the file. After each test it closes the browser, then
 * undoes what the test registered (last first), even when the test failed.
 */
export function useBrowser(): BrowserFixture {
  let browser: Browser | null = null;
  const undo: (() => unknown)[] = [];
  afterEach(async () => {
    try {
      await browser?.close();
    } finally {
      browser = null;
      for (const fn of undo.splice(0).reverse()) await fn();
    }
  });
  const launched = async () => (browser ??= await launchBrowser());
  return {
    browser: launched,
    page: async (viewport) => freshPage(await launched(), viewport),
    track(proc) {
      undo.push(async () => {
        await proc.stop();
        fs.rmSync(proc.dataDir, { recursive: true, force: true });
      });
      return proc;
    },
    defer(fn) {
      undo.push(fn);
    },
  };
}
