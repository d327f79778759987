// Bundles the hub (its TypeScript, shared's, and pure-JS dependencies) into hub/dist/cli.mjs when the bundle is
// missing or older than its sources. The hub's bin runs that bundle with plain node when it is current: no tsx
// loader thread, and one script for V8 to keep instead of hundreds (docs/decisions/0102, docs/performance.md).
// Native, worker-thread and load-on-demand packages stay outside the bundle and load from node_modules as usual.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubBundleStale, HUB_BUNDLE, HUB_ROOT } from '../hub/bin/bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (hubBundleStale()) {
  const { build } = await import('esbuild');
  // built in a private folder under the final names (the bundle names its map), then moved into place
  const tmpDir = path.join(path.dirname(HUB_BUNDLE), `.build-${process.pid}`);
  const tmp = path.join(tmpDir, path.basename(HUB_BUNDLE));
  fs.mkdirSync(tmpDir, { recursive: true });
  await build({
    entryPoints: [path.join(HUB_ROOT, 'src', 'cli.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // a linked map (dist/cli.mjs.map) is read only under --enable-source-maps; an inline one would be parsed at every start
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    // V8 keeps a script's source for as long as the script lives; one non-ASCII character (the Vietnamese texts)
    // would make the whole bundle a two-byte string, twice its size in the heap. Escaped, it stays one byte a character.
    charset: 'ascii',
    logLevel: 'warning',
    absWorkingDir: root,
    // natives, pino's transport threads, and the packages loaded only on demand (an XLSX export, a Twilio gateway):
    // inside the bundle their source would be held in memory by every hub, used or not
    external: ['better-sqlite3', 'pino', 'pino-pretty', 'exceljs', 'twilio', 'bufferutil', 'utf-8-validate'],
    // CommonJS dependencies inside an ES module bundle still call require()
    banner: { js: "import { createRequire as __hubRequire } from 'node:module'; const require = __hubRequire(import.meta.url);" },
  });
  // the map first, then the bundle (atomic: a hub starting meanwhile sees the old bundle or the new one)
  fs.renameSync(`${tmp}.map`, `${HUB_BUNDLE}.map`);
  fs.renameSync(tmp, HUB_BUNDLE);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  console.log('hub bundled: hub/dist/cli.mjs');
}
