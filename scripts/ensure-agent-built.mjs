// Bundles counter-agent (its TypeScript, shared's, and pure-JS dependencies) into counter-agent/dist/cli.mjs when the
// bundle is missing or older than its sources. The agent's bin runs that bundle with plain node when it is current:
// without tsx's loader thread the agent uses ~30 MB less (docs/decisions/0003, docs/performance.md). Native and
// worker-thread packages stay outside the bundle and are loaded from node_modules as usual.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentBundleStale, AGENT_BUNDLE, AGENT_ROOT } from '../counter-agent/bin/bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (agentBundleStale()) {
  const { build } = await import('esbuild');
  // built in a private folder under the final names (the bundle names its map), then moved into place
  const tmpDir = path.join(path.dirname(AGENT_BUNDLE), `.build-${process.pid}`);
  const tmp = path.join(tmpDir, path.basename(AGENT_BUNDLE));
  fs.mkdirSync(tmpDir, { recursive: true });
  await build({
    entryPoints: [path.join(AGENT_ROOT, 'src', 'cli.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // a linked map (dist/cli.mjs.map) is read only under --enable-source-maps; an inline one would be parsed at every start
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    absWorkingDir: root,
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'pino', 'pino-pretty', 'bufferutil', 'utf-8-validate'],
    // CommonJS dependencies inside an ES module bundle still call require()
    banner: { js: "import { createRequire as __agentRequire } from 'node:module'; const require = __agentRequire(import.meta.url);" },
  });
  // the map first, then the bundle (atomic: an agent starting meanwhile sees the old bundle or the new one)
  fs.renameSync(`${tmp}.map`, `${AGENT_BUNDLE}.map`);
  fs.renameSync(tmp, AGENT_BUNDLE);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  console.log('counter-agent bundled: counter-agent/dist/cli.mjs');
}
