// Where the hub's bundle lives and whether it is older than the sources it was built from (hub/src and
// shared/src). Used by the bin (run the bundle only when current) and by scripts/ensure-hub-built.mjs (rebuild
// when not). The same rule as the agent's (counter-agent/bin/bundle.mjs, docs/decisions/0003 and 0102).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HUB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HUB_BUNDLE = path.join(HUB_ROOT, 'dist', 'cli.mjs');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export function hubBundleStale() {
  let built;
  try {
    built = fs.statSync(HUB_BUNDLE).mtimeMs;
  } catch {
    return true;
  }
  const sources = Math.max(newest(path.join(HUB_ROOT, 'src')), newest(path.join(HUB_ROOT, 'bundle')), newest(path.join(HUB_ROOT, '..', 'shared', 'src')));
  return built < sources;
}
