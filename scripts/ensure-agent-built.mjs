// Bundles counter-agent (its TypeScript, shared's, and pure-JS dependencies) into counter-agent/dist/cli.mjs when the
// bundle is missing or older than its sources. The agent's bin runs that bundle with plain node when it is current:
// without tsx's loader thread the agent uses ~30 MB less (docs/decisions/0003, docs/performance.md). Native and
// worker-thread packages stay outside the bundle and are loaded from node_modules as usual.
import { agentBundleStale, AGENT_BUNDLE, AGENT_ROOT } from '../counter-agent/bin/bundle.mjs';
import { bundleNodeCli } from './bundle-node-cli.mjs';

if (agentBundleStale()) {
  await bundleNodeCli({
    appRoot: AGENT_ROOT,
    bundle: AGENT_BUNDLE,
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'pino', 'pino-pretty', 'bufferutil', 'utf-8-validate'],
  });
}
