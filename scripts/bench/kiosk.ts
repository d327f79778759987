/**
 * The kiosk page on a cheap tablet: `npm run bench:kiosk` (docs/performance.md, issue 15 §3).
 *
 * A real hub (with a few weeks of generated figures) and Debian's Chromium, headless, with the CPU slowed four times
 * (DevTools Emulation.setCPUThrottlingRate) and a cold cache (a fresh browser context for every run, the offline
 * shell's service worker blocked so it cannot answer from its own cache). Measured inside the page, on its own clock:
 *   kiosk_ready_ms    navigation start to the rating buttons on screen, React's handlers attached (a tap works)
 *   tap_to_thanks_ms  the tap (pointerdown) to "Cảm ơn" on screen, the rating stored in IndexedDB before it shows
 *   tap_long_tasks_ms main-thread time in long tasks (over 50 ms) between that tap and "Cảm ơn": what else ran meanwhile
 *   stats_ready_ms    navigation start to the admin statistics page showing its figures, signed in
 * and every page's script: what the document loads before it runs (gzip, as a budget) and what the browser actually
 * received over the wire (brotli, the hub's precompressed files), lazy chunks included.
 *
 * Prints one JSON object last. Everything it starts is stopped at the end or on failure.
 */
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tests/kit/browser.ts';
import { addCounter, adminCookie, pairCode, startHub, tmpDir } from '../../tests/helpers/procs.ts';
import { openDb } from '../../hub/src/db/open.ts';
import { generate } from '../../tests/stats/generate.ts';

const RUNS = Number(process.env.BENCH_KIOSK_RUNS ?? 7);
const CPU_SLOWDOWN = 4;
const TARGETS = { kiosk_ready_ms: 1500, tap_to_thanks_ms: 100, kiosk_js_gzip_kb: 100, display_js_gzip_kb: 100 };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number) => Math.round(x * 10) / 10;
const summary = (xs: number[]) => ({ p50: round(pct(xs, 50)), max: round(Math.max(...xs)), runs: xs.map(round) });

/** In the page, before its scripts: when the first element matching each selector appears, and when a tap began. */
const MARKS = `
  window.__marks = {};
  const watch = { ready: '[data-testid="score-button"]', thanks: '[data-testid="thanks"]', stats: '[data-testid="kpi-ratings"]' };
  new MutationObserver(() => {
    for (const [k, sel] of Object.entries(watch)) if (window.__marks[k] === undefined && document.querySelector(sel)) window.__marks[k] = performance.now();
  }).observe(document, { childList: true, subtree: true });
  addEventListener('pointerdown', () => { window.__marks.tap ??= performance.now(); }, true);
  window.__longTasks = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

/** Main-thread time in long tasks (over 50 ms, the browser's definition) between two marks: what else ran during a tap. */
const longTaskMsBetween = (page: Page, from: number, to: number) =>
  page.evaluate(
    ([a, b]) => (window as unknown as { __longTasks: [number, number][] }).__longTasks.reduce((ms, [start, d]) => ms + Math.max(0, Math.min(b!, start + d) - Math.max(a!, start)), 0),
    [from, to],
  );

async function freshContext(browser: Browser, init: string): Promise<{ context: BrowserContext; page: Page; wire: { url: string; bytes: number }[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await context.addInitScript(init);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Network.enable');
  const wire: { url: string; bytes: number }[] = [];
  const urls = new Map<string, string>();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId);
    if (url?.endsWith('.js')) wire.push({ url, bytes: e.encodedDataLength });
  });
  return { context, page, wire };
}

const mark = (page: Page, name: string) => page.waitForFunction((n) => (window as unknown as { __marks: Record<string, number> }).__marks[n], name, { timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>);

/** What a document loads before it runs (its module script and modulepreloads), gzip-compressed as a budget measure. */
async function documentGzipKb(url: string, route: string): Promise<number> {
  const html = await (await fetch(url + route)).text();
  let bytes = 0;
  for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="(\/assets\/[^"]+\.js)"/g)) {
    const body = Buffer.from(await (await fetch(url + m[1], { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    bytes += zlib.gzipSync(body, { level: 9 }).length;
  }
  return round(bytes / 1024);
}

async function main() {
  const loadAtStart = os.loadavg()[0]!;
  const dataDir = tmpDir('bench-kiosk-');
  const db = openDb(path.join(dataDir, 'hub.sqlite'));
  generate(db, { from: '2026-10-01', days: 45, ratings: 4000, files: 900, seed: 21 });
  db.close();
  const hub = await startHub({ dataDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const counterId = await addCounter(dataDir, 'Quầy bench', { buttons: 4, minIntervalS: 0 });
    const cookie = await adminCookie(hub.url);
    const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];

    const ready: number[] = [];
    const tap: number[] = [];
    const tapLong: number[] = [];
    const kioskWire: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // each run a newly paired kiosk, as a tablet after its pairing: the page starts from its stored pairing
      const code = await pairCode(dataDir, counterId);
      const paired = (await (await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'kiosk' }) })).json()) as { ok: true; data: { token: string } & Record<string, unknown> };
      const { token, ...config } = paired.data;
      const init = `localStorage.setItem('onestop.kiosk.pairing', ${JSON.stringify(JSON.stringify({ token, config }))});${MARKS}`;
      const { context, page, wire } = await freshContext(browser, init);
      await page.goto(`${hub.url}/kiosk`);
      ready.push(await mark(page, 'ready'));
      await page.locator('[data-testid="score-button"][data-score="5"]').click();
      const thanks = await mark(page, 'thanks');
      const tapAt = await mark(page, 'tap');
      tap.push(thanks - tapAt);
      tapLong.push(await longTaskMsBetween(page, tapAt, thanks));
      kioskWire.push(wire.reduce((n, w) => n + w.bytes, 0) / 1024);
      await context.close();
    }

    const stats: number[] = [];
    const statsWire: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      const { context, page, wire } = await freshContext(browser, MARKS);
      await context.addCookies([{ name, value, url: hub.url }]);
      await page.goto(`${hub.url}/admin/stats`);
      stats.push(await mark(page, 'stats'));
      statsWire.push(wire.reduce((n, w) => n + w.bytes, 0) / 1024);
      await context.close();
    }

    const pages: Record<string, number> = {};
    for (const route of ['/kiosk', '/display', '/counter', '/admin', '/admin/stats', '/admin/live']) pages[route] = await documentGzipKb(hub.url, route);
    const quiet = loadAtStart < 1 && os.loadavg()[0]! < 2.5;
    if (!quiet) console.error('WARNING: the machine was not quiet (load average at start >= 1 or at end >= 2.5): the times are not comparable');
    const out = {
      bench: 'kiosk',
      quiet,
      cpu_slowdown: CPU_SLOWDOWN,
      cache: 'cold (a fresh context per run, service worker blocked)',
      kiosk_ready_ms: summary(ready),
      tap_to_thanks_ms: summary(tap),
      tap_long_tasks_ms: summary(tapLong),
      stats_ready_ms: summary(stats),
      js_gzip_kb_before_run: pages,
      js_on_the_wire_kb: { '/kiosk': round(pct(kioskWire, 50)), '/admin/stats (with its lazy charts)': round(pct(statsWire, 50)) },
      target: {
        ...TARGETS,
        kiosk_ready_met: pct(ready, 50) <= TARGETS.kiosk_ready_ms && Math.max(...ready) <= TARGETS.kiosk_ready_ms,
        tap_to_thanks_met: Math.max(...tap) <= TARGETS.tap_to_thanks_ms,
        kiosk_js_met: pages['/kiosk']! <= TARGETS.kiosk_js_gzip_kb,
        display_js_met: pages['/display']! <= TARGETS.display_js_gzip_kb,
      },
    };
    console.log(JSON.stringify(out));
  } finally {
    await browser.close().catch(() => {});
    await hub.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
