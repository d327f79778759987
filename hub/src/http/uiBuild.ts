import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = path.join(ROOT, 'scripts', 'ensure-ui-built.mjs');
const SOURCES = path.join(ROOT, 'kiosk-ui', 'src');

/**
 * `hub start` from a source checkout builds the pages when their build is missing or older than their sources (the
 * same check as `npm start`'s prestart), so `npx hub start` serves them however it is started
 * (docs/decisions/0120-the-hub-builds-its-pages.md). A release has the build and no sources: nothing to do.
 * Returns a problem to log, or null.
 */
export function ensureUiBuilt(uiDir: string | undefined): string | null {
  if (uiDir !== undefined) return null; // a build the operator points at is theirs to keep
  if (!fs.existsSync(SCRIPT) || !fs.existsSync(SOURCES)) return null;
  try {
    execFileSync(process.execPath, [SCRIPT], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    return null;
  } catch (e) {
    return `the pages could not be built (${(e as Error).message.split('\n')[0]}); run: npm run build:ui`;
  }
}
