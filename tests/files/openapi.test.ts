import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/procs.js';
import { testHub, type TestHub } from './testHub.js';

let h: TestHub;
afterEach(async () => {
  await h?.close();
});

/** `METHOD /path/{param}` for every path and method in docs/openapi.yaml (its own layout: two-space indents). */
function documented(): Set<string> {
  const out = new Set<string>();
  let current: string | null = null;
  for (const line of fs.readFileSync(path.join(ROOT, 'docs/openapi.yaml'), 'utf8').split('\n')) {
    const p = /^ {2}(\/api\/\S+):$/.exec(line);
    if (p) current = p[1]!;
    else if (/^\S/.test(line)) current = null;
    const m = /^ {4}(get|post|put|patch|delete):$/.exec(line);
    if (m && current) out.add(`${m[1]!.toUpperCase()} ${current}`);
  }
  return out;
}

/** The routes the express app really has (express 5 router internals, walked once). */
function served(h: TestHub): string[] {
  const out: string[] = [];
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]) => {
    for (const l of stack) {
      if (l.route) {
        for (const p of ([] as string[]).concat(l.route.path)) {
          for (const m of Object.keys(l.route.methods)) out.push(`${m.toUpperCase()} ${p.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (l.handle?.stack) walk(l.handle.stack);
    }
  };
  walk((h.hub.app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('docs/openapi.yaml', () => {
  it('documents every route of the files, procedures, accounts and tokens API', async () => {
    h = await testHub();
    const mine = /^\S+ \/api\/(v1|staff|auth|public|admin\/(users|tokens|procedures|holidays|login|duty))\b/;
    const routes = served(h).filter((r) => mine.test(r));
    expect(routes.length).toBeGreaterThan(35);
    const missing = routes.filter((r) => !documented().has(r));
    expect(missing).toEqual([]);
    expect(documented().size).toBeGreaterThan(30);
  });
});
