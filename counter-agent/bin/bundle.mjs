// Where the agent's bundle lives and whether it is older than the sources it was built from
// (counter-agent/src and shared/src). Used by the bin (run the bundle only when current) and by
// scripts/ensure-agent-built.mjs (rebuild when not).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const AGENT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const AGENT_BUNDLE = path.join(AGENT_ROOT, 'dist', 'cli.mjs');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export function agentBundleStale() {
  let built;
  try {
    built = fs.statSync(AGENT_BUNDLE).mtimeMs;
  } catch {
    return true;
  }
  const sources = Math.max(newest(path.join(AGENT_ROOT, 'src')), newest(path.join(AGENT_ROOT, '..', 'shared', 'src')));
  return built < sources;
}
