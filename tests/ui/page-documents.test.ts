/**
 * Each audience's document loads only its own code (issue 15 §3, docs/decisions/0100-one-document-per-audience.md):
 * the built kiosk-ui as the hub serves it, read over HTTP from a running hub.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_UI_DIR } from '../../hub/src/http/static.ts';
import { startTestHub, type TestHub } from '../kit/index.ts';

const BUDGET_GZIP = 100 * 1024;
let h: TestHub;
beforeAll(async () => {
  h = await startTestHub();
});
afterAll(() => h?.close());

/** The scripts a document loads before it runs: its module script and every modulepreload. */
function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
}

async function documentScripts(route: string): Promise<{ html: string; files: { path: string; body: Buffer }[] }> {
  const res = await fetch(h.url + route);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  const html = await res.text();
  const files = [];
  for (const p of scriptsOf(html)) files.push({ path: p, body: Buffer.from(await (await fetch(h.url + p, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()) });
  return { html, files };
}

const gzipBytes = (files: { body: Buffer }[]) => files.reduce((n, f) => n + zlib.gzipSync(f.body, { level: 9 }).length, 0);
const text = (files: { body: Buffer }[]) => files.map((f) => f.body.toString('utf8')).join('\n');

// strings only the staff pages carry: the admin catalogue, the charts library, zod
const STAFF_ONLY = ['Giá trị đặt ở đây có hiệu lực ngay', 'Mọi thay đổi quản trị', 'echarts', 'ZodObject'];

describe('one document per audience', () => {
  it('/kiosk loads its own document, within 100 KB of gzip script, with none of the staff pages or zod', async () => {
    const { html, files } = await documentScripts('/kiosk');
    expect(html).toContain('<div id="root">');
    expect(files.length).toBeGreaterThan(0);
    const bytes = gzipBytes(files);
    console.log(`/kiosk: ${files.length} scripts, ${(bytes / 1024).toFixed(1)} KB gzip`);
    expect(bytes).toBeLessThanOrEqual(BUDGET_GZIP);
    const js = text(files);
    for (const s of STAFF_ONLY) expect(js, s).not.toContain(s);
    expect(js).toContain('Rất hài lòng');
  });

  it('/display loads its own document, within 100 KB of gzip script, with none of the staff pages or zod', async () => {
    const { files } = await documentScripts('/display');
    const bytes = gzipBytes(files);
    console.log(`/display: ${files.length} scripts, ${(bytes / 1024).toFixed(1)} KB gzip`);
    expect(bytes).toBeLessThanOrEqual(BUDGET_GZIP);
    const js = text(files);
    for (const s of STAFF_ONLY) expect(js, s).not.toContain(s);
  });

  it('the staff pages do not load the kiosk page, and the province charts only when opened', async () => {
    const kiosk = (await documentScripts('/kiosk')).files.map((f) => f.path).find((p) => p.includes('/kiosk-'))!;
    for (const route of ['/admin', '/counter', '/admin/live']) {
      const { files } = await documentScripts(route);
      expect(files.map((f) => f.path)).not.toContain(kiosk);
      expect(text(files)).not.toContain('echarts');
    }
  });
});

describe('the built files, served compressed and cached by name', () => {
  const assetOf = async (route: string) => scriptsOf(await (await fetch(h.url + route)).text())[0]!;

  it('answers brotli or gzip as the browser accepts, with the right type, and the same bytes once decoded', async () => {
    const asset = await assetOf('/kiosk');
    const plain = fs.readFileSync(path.join(DEFAULT_UI_DIR, asset));
    for (const [accept, encoding, decode] of [
      ['br, gzip', 'br', zlib.brotliDecompressSync],
      ['gzip', 'gzip', zlib.gunzipSync],
      ['identity', null, (b: Buffer) => b],
    ] as const) {
      // node's fetch would decode on its own: ask with a raw request instead
      const res = await rawGet(h.url + asset, accept);
      expect(res.headers['content-encoding'] ?? null, accept).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
      expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(decode(res.body).equals(plain)).toBe(true);
    }
  });

  it('the compressed copy is a fraction of the file', async () => {
    const asset = await assetOf('/kiosk');
    const plain = fs.statSync(path.join(DEFAULT_UI_DIR, asset)).size;
    const br = (await rawGet(h.url + asset, 'br')).body.length;
    expect(br).toBeLessThan(plain / 2);
  });

  it('files that are not content-hashed (the offline shell) are revalidated every time', async () => {
    const res = await rawGet(`${h.url}/sw.js`, 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('a path that leaves the UI folder is not served, encoded or not', async () => {
    for (const p of ['/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%2fpackage.json']) {
      const res = await rawGet(h.url + p, 'br, gzip');
      expect(res.status, p).not.toBe(200);
      expect(res.body.toString('utf8')).not.toContain('"name": "kiosk-ui"');
    }
  });
});

function rawGet(url: string, acceptEncoding: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
