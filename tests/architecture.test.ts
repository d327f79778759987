import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/procs.js';

/** DESIGN.md's dependency direction: shared imports none of the others; nothing imports hub, counter-agent or kiosk-ui. */
const PACKAGES = ['shared', 'hub', 'counter-agent', 'kiosk-ui'] as const;

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

/** Which package an import lands in, or null for npm packages and node built-ins. */
function target(file: string, spec: string): string | null {
  const m = /^@onestop\/([^/]+)/.exec(spec);
  if (m) return m[1]!;
  if (!spec.startsWith('.')) return null;
  const abs = path.resolve(path.dirname(file), spec);
  const rel = path.relative(ROOT, abs).split(path.sep)[0]!;
  return (PACKAGES as readonly string[]).includes(rel) ? rel : rel;
}

export function violations(): string[] {
  const bad: string[] = [];
  for (const pkg of PACKAGES) {
    for (const file of sources(path.join(ROOT, pkg))) {
      for (const spec of importsOf(file)) {
        const t = target(file, spec);
        if (t === null || t === pkg) continue;
        const allowed = t === 'shared' && pkg !== 'shared';
        if (!allowed) bad.push(`${path.relative(ROOT, file)} imports ${spec} (${pkg} → ${t})`);
      }
    }
  }
  return bad;
}

describe('architecture', () => {
  it('imports follow DESIGN.md: shared imports no other part, and nothing imports hub, counter-agent or kiosk-ui', () => {
    expect(violations()).toEqual([]);
  });

  it('the check itself catches an import against the design', () => {
    const file = path.join(ROOT, 'shared/src/__probe.ts');
    fs.writeFileSync(file, "import { createHub } from '../../hub/src/app.js';\nexport const x = createHub;\n");
    try {
      expect(violations()).toEqual(['shared/src/__probe.ts imports ../../hub/src/app.js (shared → hub)']);
    } finally {
      fs.rmSync(file);
    }
  });
});
