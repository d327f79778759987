import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const page = fs.readFileSync(path.join(ROOT, 'docs/security.md'), 'utf8');
const straight = (s: string) => s.replaceAll('’', "'");

/** The rows of the page that name a test file, with the test names quoted on them. */
function citations(): { line: string; file: string; names: string[] }[] {
  const out: { line: string; file: string; names: string[] }[] = [];
  for (const line of page.split('\n')) {
    // each citation is `tests/…` followed by › and quoted names, up to the next `tests/…` or the end of the cell
    for (const m of line.matchAll(/`(tests\/[^`]+\.test\.ts)`([^`|]*)/g)) {
      const names = [...m[2]!.matchAll(/"([^"]+)"/g)].map((n) => n[1]!);
      out.push({ line, file: m[1]!, names });
    }
  }
  return out;
}

describe('docs/security.md', () => {
  it('cites only tests that exist, by names they have (a renamed or removed test fails here)', () => {
    const cited = citations();
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.flatMap((c) => c.names).length).toBeGreaterThan(30);
    const missing: string[] = [];
    for (const c of cited) {
      const file = path.join(ROOT, c.file);
      if (!fs.existsSync(file)) {
        missing.push(`${c.file} does not exist`);
        continue;
      }
      const text = straight(fs.readFileSync(file, 'utf8'));
      for (const name of c.names) {
        // "…" marks a name cut short: each piece must be in the file
        for (const piece of straight(name).split('…').map((p) => p.trim()).filter(Boolean)) {
          if (!text.includes(piece)) missing.push(`${c.file}: no test named "${piece}"`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('points at code that exists', () => {
    const paths = [...page.matchAll(/`((?:hub|shared|counter-agent|kiosk-ui|scripts)\/[^`\s]+?)`/g)].map((m) => m[1]!.replace(/\s*\(.*$/, ''));
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !p.includes('*') && !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  it('names every finding of the December 2026 review, 1 to 11, each on its own line', () => {
    const section = page.slice(page.indexOf('## Findings of the December 2026 review'));
    expect(section.length).toBeGreaterThan(40);
    const numbers = [...section.matchAll(/^(\d+)\. \S/gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('has a row in the defence tables for every finding: each test a finding cites is cited in a table too', () => {
    const tables = page.slice(page.indexOf('## The defences, where they live'), page.indexOf('## What is not defended'));
    const findings = page.slice(page.indexOf('## Findings of the December 2026 review'));
    const inTables = new Set([...tables.matchAll(/`(tests\/[^`]+\.test\.ts)`/g)].map((m) => m[1]!));
    const cited = [...findings.matchAll(/^\d+\. .*$/gm)].flatMap((line) => [...line[0].matchAll(/`(tests\/[^`]+\.test\.ts)`/g)].map((m) => m[1]!));
    expect(cited.length).toBeGreaterThanOrEqual(11);
    expect(cited.filter((f) => !inTables.has(f))).toEqual([]);
  });
});
