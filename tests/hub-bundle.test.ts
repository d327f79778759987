import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HUB_BIN, ROOT, startHub } from './helpers/procs.js';

const run = promisify(execFile);
const BUNDLE = path.join(ROOT, 'hub', 'dist', 'cli.mjs');
const runtime = async (env: NodeJS.ProcessEnv = {}) => (await run(HUB_BIN, ['--runtime'], { cwd: ROOT, env: { ...process.env, ...env } })).stdout.trim();
const build = () => run(process.execPath, [path.join(ROOT, 'scripts', 'ensure-hub-built.mjs')], { cwd: ROOT });

/**
 * The hub's bin runs the esbuild bundle with plain node when it is current (docs/decisions/0102) and the TypeScript
 * sources otherwise, so an edit never runs stale code; the bundle finds the UI and its data files from hub/dist.
 */
describe('the hub runs its bundle only while it is current', () => {
  it('bundle when built after the sources; sources when the bundle is older or when asked', async () => {
    await build();
    expect(fs.existsSync(BUNDLE)).toBe(true);
    expect(await runtime()).toBe('bundle');
    expect(await runtime({ HUB_FROM_SOURCES: '1' })).toBe('sources');

    const real = fs.statSync(BUNDLE);
    const old = new Date(Date.UTC(2020, 0, 1));
    fs.utimesSync(BUNDLE, old, old); // as if a source file had been edited after the last build
    try {
      expect(await runtime()).toBe('sources');
      await build(); // stale: rebuilt
      expect(fs.statSync(BUNDLE).mtimeMs).toBeGreaterThan(old.getTime());
      expect(await runtime()).toBe('bundle');
    } finally {
      if (fs.statSync(BUNDLE).mtimeMs <= old.getTime()) fs.utimesSync(BUNDLE, real.atime, real.mtime);
    }
    const bad = await run(HUB_BIN, ['no-such-command'], { cwd: ROOT }).catch((e: { code: number }) => e);
    expect((bad as { code: number }).code).toBe(2);
  });

  it('the bundled hub serves the kiosk page and keeps twilio unloaded on the console gateway', async () => {
    await build();
    expect(await runtime()).toBe('bundle');
    const hub = await startHub();
    try {
      const page = await fetch(`${hub.url}/kiosk`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script');
      // the bundle holds no copy of the packages loaded on demand (docs/decisions/0102)
      const src = fs.readFileSync(BUNDLE, 'utf8');
      expect(src).not.toContain('twilio/lib/rest');
      // nor a static import of them: an import at the top of the bundle loads the package at every start (exceljs
      // alone is ~24 MB of memory); they are loaded with import() when an export or a Twilio gateway first needs them
      for (const pkg of ['exceljs', 'twilio']) expect(src).not.toMatch(new RegExp(`(^|[;\\n])import[^;]*from\\s*"${pkg}"`));
      expect(/[^\x00-\x7f]/.test(src)).toBe(false);
    } finally {
      await hub.stop();
    }
  });
});
