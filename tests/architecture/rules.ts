import fs from 'node:fs';
import path from 'node:path';

/**
 * The import rules the architecture test enforces, as functions of a root folder, so each can be tried on a small
 * fixture tree as well as run over the real one.
 */

/** DESIGN.md's dependency direction: shared imports none of the others; nothing imports hub, counter-agent or kiosk-ui. */
export const PACKAGES = ['shared', 'hub', 'counter-agent', 'kiosk-ui'] as const;

export function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

export function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

/** Which package an import lands in, or null for npm packages and node built-ins. */
function target(root: string, file: string, spec: string): string | null {
  const m = /^@onestop\/([^/]+)/.exec(spec);
  if (m) return m[1]!;
  if (!spec.startsWith('.')) return null;
  return path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep)[0]!;
}

/** Imports across packages against the design, as `file imports spec (from → to)`. */
export function violations(root: string): string[] {
  const bad: string[] = [];
  for (const pkg of PACKAGES) {
    for (const file of sources(path.join(root, pkg))) {
      for (const spec of importsOf(file)) {
        const t = target(root, file, spec);
        if (t === null || t === pkg) continue;
        const allowed = t === 'shared' && pkg !== 'shared';
        if (!allowed) bad.push(`${path.relative(root, file)} imports ${spec} (${pkg} → ${t})`);
      }
    }
  }
  return bad;
}

const HUB_SRC = path.join('hub', 'src');

/** Each file inside a feature folder of the hub (hub/src/<feature>/…), with its feature and its relative imports resolved (root-relative, no extension). */
function featureImports(root: string): { file: string; feature: string; spec: string; to: string }[] {
  const out: { file: string; feature: string; spec: string; to: string }[] = [];
  for (const abs of sources(path.join(root, HUB_SRC))) {
    const rel = path.relative(path.join(root, HUB_SRC), abs).split(path.sep);
    if (rel.length < 2) continue; // hub/src/app.ts, main.ts, …: the composition root and process files, no feature
    for (const spec of importsOf(abs)) {
      if (!spec.startsWith('.')) continue;
      const to = path.relative(root, path.resolve(path.dirname(abs), spec)).split(path.sep).join('/').replace(/\.(ts|tsx|mts|js|mjs)$/, '');
      out.push({ file: path.relative(root, abs).split(path.sep).join('/'), feature: rel[0]!, spec, to });
    }
  }
  return out;
}

/** A feature may not import the composition root (hub/src/app.ts): it is handed what it needs. */
export function featureImportsOfApp(root: string): string[] {
  return featureImports(root)
    .filter((i) => i.to === 'hub/src/app')
    .map((i) => `${i.file} imports ${i.spec} (${i.feature} → app)`);
}

/** A feature may not import another feature's store (hub/src/<other>/store.ts or hub/src/<other>/store/…): it asks that feature's service. */
export function crossFeatureStoreImports(root: string): string[] {
  const out: string[] = [];
  for (const i of featureImports(root)) {
    const m = /^hub\/src\/([^/]+)\/store(\/|$)/.exec(i.to);
    if (m && m[1] !== i.feature) out.push(`${i.file} imports ${i.spec} (${i.feature} → ${m[1]}'s store)`);
  }
  return out;
}

/** The public documents' folders (their entries, their pages, and the components they share with the staff app). */
export const PUBLIC_UI_DIRS = ['kiosk-ui/src/entries', 'kiosk-ui/src/kiosk', 'kiosk-ui/src/display', 'kiosk-ui/src/ui'] as const;
const STAFF_CODE = /^kiosk-ui\/src\/((admin|counter|live|home|province)(\/.*)?|App|i18n|i18n\/(index|vi|en))$/;

/**
 * The kiosk's and the display's code may not reach the staff app's code (its pages, its whole catalogues through
 * i18n/index, vi.ts or en.ts): they take texts through i18n/public.tsx, so each document loads only its own code
 * (docs/decisions/0100-one-document-per-audience.md). A staff component the kiosk needs belongs in ui/.
 */
export function publicUiReachingStaffCode(root: string): string[] {
  const out: string[] = [];
  for (const dir of PUBLIC_UI_DIRS) {
    for (const abs of sources(path.join(root, dir))) {
      if (/\.test\.tsx?$/.test(abs)) continue;
      for (const spec of importsOf(abs)) {
        if (!spec.startsWith('.')) continue;
        const to = path.relative(root, path.resolve(path.dirname(abs), spec)).split(path.sep).join('/').replace(/\.(ts|tsx|mts|js|mjs)$/, '');
        if (STAFF_CODE.test(to)) out.push(`${path.relative(root, abs).split(path.sep).join('/')} imports ${spec}`);
      }
    }
  }
  return out;
}
