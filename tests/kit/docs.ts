import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images');

/**
 * The installation guides' pictures (docs/images/install-NAME.png, docs/install.*.md) are taken by the tests that
 * reach each screen, never by hand: `DOCS_SCREENSHOTS=1 npx vitest run FILE` renews them; otherwise this does nothing.
 * The page's own viewport only, so the files stay small.
 */
export async function docsShot(page: Page, name: string): Promise<void> {
  if (process.env.DOCS_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: path.join(IMAGES, `install-${name}.png`) });
}

/** The same for a text the guides show as a block (docs/images/install-NAME.txt), e.g. hub doctor's report. */
export async function docsText(name: string, text: string): Promise<void> {
  if (process.env.DOCS_SCREENSHOTS !== '1') return;
  fs.writeFileSync(path.join(IMAGES, `install-${name}.txt`), text);
}
