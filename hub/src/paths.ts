import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The hub package's folder (hub/), found from this file upwards: the same answer whether this code runs from its
 * source (hub/src/paths.ts) or from the bundle (hub/dist/cli.mjs, docs/decisions/0102), so files beside the program
 * are found by one path in both.
 */
function hubDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === '@onestop/hub') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('hub/package.json not found above the running hub');
    dir = up;
  }
}

export const HUB_DIR = hubDir();
/** The checkout or release folder that holds hub/, counter-agent/ and kiosk-ui/. */
export const APP_ROOT = path.dirname(HUB_DIR);
