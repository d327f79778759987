import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { adminHub, type AdminHub } from './helpers.js';
import { Client, staffClient } from '../files/testHub.js';

/** The sign-in door itself is open to everyone (it answers who is signed in, or signs in). */
const OPEN = new Set(['POST /api/admin/login', 'POST /api/admin/logout', 'GET /api/admin/session']);

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route registered in the express app, read from its router stack (nested routers included). */
export function registeredRoutes(app: Express): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push({ method: m.toUpperCase(), path: p });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

/** A concrete URL for a route pattern: each :param or *wildcard becomes a plain value. */
const concrete = (p: string) => p.replace(/:\w+/g, 'x-1').replace(/\*\w*/g, 'x-1').replace(/[{}]/g, '');

let h: AdminHub;
let staff: Client;
let routes: { method: string; path: string }[];

beforeAll(async () => {
  h = await adminHub();
  const counter = h.hub.services.counters.create({ name: 'Quầy 1' });
  staff = (await staffClient(h as never, counter.id)).client;
  routes = registeredRoutes(h.hub.app).filter((r) => r.path.startsWith('/api/admin') && !OPEN.has(`${r.method} ${r.path}`));
});

afterAll(async () => {
  await h.close();
  fs.rmSync(h.dataDir, { recursive: true, force: true });
});

describe('role checks over every /api/admin route registered in the app', () => {
  it('finds the routes from the router stack (so a new route is covered without editing this test)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    for (const k of ['GET /api/admin/counters', 'PATCH /api/admin/counters/:id', 'PUT /api/admin/settings', 'GET /api/admin/audit', 'GET /api/admin/audit/export.csv', 'POST /api/admin/users', 'PUT /api/admin/sms/templates/:kind']) {
      expect(keys).toContain(k);
    }
    expect(routes.length).toBeGreaterThan(30);
  });

  it('signed out: every one answers 401 unauthorized and changes nothing', async () => {
    const before = h.auditCount();
    const anon = new Client(h.url);
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await anon.call(r.method, concrete(r.path), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      if (res.status !== 401 || res.body.reason !== 'unauthorized') wrong.push(`${r.method} ${r.path} → ${res.status} ${res.body.reason}`);
    }
    expect(wrong).toEqual([]);
    expect(h.auditCount()).toBe(before);
  });

  it('signed in as staff: every one answers 403 forbidden and changes nothing', async () => {
    const before = h.auditCount();
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await staff.call(r.method, concrete(r.path), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      if (res.status !== 403 || res.body.reason !== 'forbidden') wrong.push(`${r.method} ${r.path} → ${res.status} ${res.body.reason}`);
    }
    expect(wrong).toEqual([]);
    expect(h.auditCount()).toBe(before);
    // the staff member's own door still works: this is a role check, not a broken session
    expect((await staff.get('/api/staff/procedures')).status).toBe(200);
  });

  it('signed out, the staff and the file APIs refuse too (a signed-out user reaches nothing but the public pages)', async () => {
    const anon = new Client(h.url);
    const others = registeredRoutes(h.hub.app).filter((r) => /^\/api\/(staff|v1)\//.test(r.path));
    expect(others.length).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const r of others) {
      const res = await anon.call(r.method, concrete(r.path), r.method === 'GET' ? undefined : {});
      if (res.status !== 401) wrong.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
