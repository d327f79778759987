// One Node program's CLI bundled into <root>/dist/cli.mjs with esbuild: its TypeScript, shared's, and its pure-JS
// dependencies; the packages named in `external` load from node_modules as usual. Used by ensure-hub-built.mjs and
// ensure-agent-built.mjs, which decide when a bundle is stale (docs/decisions/0003 and 0102).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds `bundle` from `<appRoot>/src/cli.ts`; `esbuild` adds options (charset, …). */
export async function bundleNodeCli({ appRoot, bundle, external, esbuild = {} }) {
  const { build } = await import('esbuild');
  // built in a private folder under the final names (the bundle names its map), then moved into place
  const tmpDir = path.join(path.dirname(bundle), `.build-${process.pid}`);
  const tmp = path.join(tmpDir, path.basename(bundle));
  fs.mkdirSync(tmpDir, { recursive: true });
  await build({
    entryPoints: [path.join(appRoot, 'src', 'cli.ts')],
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
    absWorkingDir: repo,
    external,
    // CommonJS dependencies inside an ES module bundle still call require()
    banner: { js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);" },
    ...esbuild,
  });
  // the map first, then the bundle (atomic: a program starting meanwhile sees the old bundle or the new one)
  fs.renameSync(`${tmp}.map`, `${bundle}.map`);
  fs.renameSync(tmp, bundle);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  console.log(`bundled: ${path.relative(repo, bundle)}`);
}
