import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { smsPreviewRequest, smsTemplateUpdate, smsTestRequest, znsRefreshTokenRequest, znsStatus, znsTestRequest, znsTestResult } from '@onestop/shared';
import { ROOT } from '../helpers/procs.js';
import { testHub, type TestHub } from './testHub.js';

let h: TestHub;
afterEach(async () => {
  await h?.close();
});

const openapi = () => fs.readFileSync(path.join(ROOT, 'docs/openapi.yaml'), 'utf8').split('\n');

/** `METHOD /path/{param}` for every path and method in docs/openapi.yaml (its own layout: two-space indents). */
function documented(): Set<string> {
  const out = new Set<string>();
  let current: string | null = null;
  for (const line of openapi()) {
    const p = /^ {2}(\/api\/\S+):$/.exec(line);
    if (p) current = p[1]!;
    else if (/^\S/.test(line)) current = null;
    const m = /^ {4}(get|post|put|patch|delete):$/.exec(line);
    if (m && current) out.add(`${m[1]!.toUpperCase()} ${current}`);
  }
  return out;
}

/** A component schema's own properties and required list, as docs/openapi.yaml writes them (its layout). */
function componentSchema(name: string): { properties: string[]; required: string[] } {
  const lines = openapi();
  const start = lines.indexOf(`    ${name}:`);
  if (start < 0) return { properties: [], required: [] };
  const out = { properties: [] as string[], required: [] as string[] };
  let inProps = false;
  for (const line of lines.slice(start + 1)) {
    if (!/^ {6}/.test(line)) break;
    const req = /^ {6}required: \[(.*)\]$/.exec(line);
    if (req) out.required = req[1]!.split(',').map((x) => x.trim());
    if (/^ {6}\S/.test(line)) inProps = line.trim() === 'properties:';
    const prop = /^ {8}(\w+):/.exec(line);
    if (inProps && prop) out.properties.push(prop[1]!);
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
  it('documents every route the hub serves under /api', async () => {
    h = await testHub();
    const routes = served(h).filter((r) => /^\S+ \/api\//.test(r));
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes.filter((r) => !documented().has(r));
    expect(missing).toEqual([]);
    expect(documented().size).toBe(new Set(routes).size);
  });

  it('documents only routes the hub serves', async () => {
    h = await testHub();
    const routes = new Set(served(h));
    expect([...documented()].filter((r) => !routes.has(r))).toEqual([]);
  });

  it("writes the SMS and ZNS admin API's bodies and answers as the shared schemas define them", () => {
    const schemas = { SmsTemplateUpdate: smsTemplateUpdate, SmsPreviewRequest: smsPreviewRequest, SmsTestRequest: smsTestRequest, ZnsTestRequest: znsTestRequest, ZnsRefreshTokenRequest: znsRefreshTokenRequest, ZnsStatus: znsStatus, ZnsTestResult: znsTestResult };
    for (const [name, schema] of Object.entries(schemas)) {
      const json = z.toJSONSchema(schema, { io: 'input' }) as { properties: Record<string, unknown>; required?: string[] };
      const doc = componentSchema(name);
      expect(doc.properties.sort(), name).toEqual(Object.keys(json.properties).sort());
      expect(doc.required.sort(), name).toEqual((json.required ?? []).sort());
    }
  });
});
