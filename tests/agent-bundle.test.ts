import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AGENT_BIN, ROOT } from './helpers/procs.js';

const run = promisify(execFile);
const BUNDLE = path.join(ROOT, 'counter-agent', 'dist', 'cli.mjs');
const runtime = async (env: NodeJS.ProcessEnv = {}) => (await run(AGENT_BIN, ['--runtime'], { cwd: ROOT, env: { ...process.env, ...env } })).stdout.trim();
const build = () => run(process.execPath, [path.join(ROOT, 'scripts', 'ensure-agent-built.mjs')], { cwd: ROOT });

/**
 * The agent's bin runs the esbuild bundle with plain node when it is current (~30 MB less than tsx's loader,
 * docs/decisions/0003) and the TypeScript sources otherwise, so an edit never runs stale code.
 */
describe('the counter agent runs its bundle only while it is current', () => {
  it('bundle when built after the sources; sources when the bundle is older or when asked; the bundle works', async () => {
    await build();
    expect(fs.existsSync(BUNDLE)).toBe(true);
    expect(await runtime()).toBe('bundle');
    expect(await runtime({ AGENT_FROM_SOURCES: '1' })).toBe('sources');

    const real = fs.statSync(BUNDLE);
    const old = new Date(Date.UTC(2020, 0, 1));
    fs.utimesSync(BUNDLE, old, old); // as if a source file had been edited after the last build
    try {
      expect(await runtime()).toBe('sources');
      const help = await run(AGENT_BIN, ['--help'], { cwd: ROOT });
      expect(help.stdout).toContain('counter-agent');
      await build(); // stale: rebuilt
      expect(fs.statSync(BUNDLE).mtimeMs).toBeGreaterThan(old.getTime());
      expect(await runtime()).toBe('bundle');
    } finally {
      if (fs.statSync(BUNDLE).mtimeMs <= old.getTime()) fs.utimesSync(BUNDLE, real.atime, real.mtime);
    }
    // the bundle is a working agent: its own help, and a refusal of a bad command with the usage exit code
    expect((await run(AGENT_BIN, ['--help'], { cwd: ROOT })).stdout).toContain('Usage');
    const bad = await run(AGENT_BIN, ['no-such-command'], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
  });
});
