// Bundles the hub (its TypeScript, shared's, and pure-JS dependencies) into hub/dist/cli.mjs when the bundle is
// missing or older than its sources. The hub's bin runs that bundle with plain node when it is current: no tsx
// loader thread, and one script for V8 to keep instead of hundreds (docs/decisions/0102, docs/performance.md).
// Native, worker-thread and load-on-demand packages stay outside the bundle and load from node_modules as usual.
import { hubBundleStale, HUB_BUNDLE, HUB_ROOT } from '../hub/bin/bundle.mjs';
import { bundleNodeCli } from './bundle-node-cli.mjs';

if (hubBundleStale()) {
  await bundleNodeCli({
    appRoot: HUB_ROOT,
    bundle: HUB_BUNDLE,
    // natives, pino's transport threads, and the packages loaded only on demand (an XLSX export, a Twilio gateway):
    // inside the bundle their source would be held in memory by every hub, used or not
    external: ['better-sqlite3', 'pino', 'pino-pretty', 'exceljs', 'twilio', 'bufferutil', 'utf-8-validate'],
    // V8 keeps a script's source for as long as the script lives; one non-ASCII character (the Vietnamese texts)
    // would make the whole bundle a two-byte string, twice its size in the heap. Escaped, it stays one byte a character.
    // socket.io's and express's `debug` calls made garbage at every packet: the bundle gets a no-op instead
    // (hub/bundle/debug-off.cjs says why; with DEBUG set, run the hub from its sources)
    esbuild: { charset: 'ascii', alias: { debug: './hub/bundle/debug-off.cjs' } },
  });
}
