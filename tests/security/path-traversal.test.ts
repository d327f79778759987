/**
 * Path traversal, tried the way the December 2026 review tried it: raw request paths (not normalised by a client)
 * that climb out of the folders the hub serves files from — the built UI, the backups, the exports — towards the
 * database and a file planted beside the UI folder. docs/security.md.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, tempDir, type TestHub } from '../kit/index.js';

let h: TestHub | null = null;
let outside = '';
afterEach(async () => {
  await h?.close();
  h = null;
  if (outside) fs.rmSync(outside, { recursive: true, force: true });
});

const SECRET = 'planted-beside-the-ui-folder';

/** A GET with the path exactly as written (fetch and URL would resolve the dots before sending). */
function rawGet(port: number, rawPath: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const CLIMBS = [
  '/../secret.txt',
  '/..%2fsecret.txt',
  '/%2e%2e/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/assets/../../secret.txt',
  '/assets/..%2f..%2fsecret.txt',
  '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
  '/admin/..%2f..%2fsecret.txt',
  '/..%5csecret.txt',
  '/%252e%252e%252fsecret.txt',
  '/..%2f..%2fhub.sqlite',
  '/..%2fdata%2fhub.sqlite',
];

describe('path traversal', () => {
  it('no path climbs out of the UI folder: the file beside it and the database are never served', async () => {
    outside = tempDir('traversal-');
    const ui = path.join(outside, 'ui');
    fs.mkdirSync(path.join(ui, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    fs.writeFileSync(path.join(ui, 'assets', 'app.js'), 'console.log("ui")');
    fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
    h = await startTestHub({ config: { uiDir: ui } });
    fs.copyFileSync(path.join(h.dataDir, 'hub.sqlite'), path.join(outside, 'hub.sqlite'));

    // the folder is served: the test would prove nothing if nothing were
    expect((await rawGet(h.port, '/assets/app.js')).body.toString()).toBe('console.log("ui")');
    for (const p of CLIMBS) {
      const r = await rawGet(h.port, p);
      expect({ path: p, leaked: r.body.includes(SECRET) || r.body.includes('SQLite format 3') }).toEqual({ path: p, leaked: false });
      expect(r.status, p).not.toBe(500);
    }
  });

  it('a backup or an export is fetched by a name the hub listed, never by a path', async () => {
    h = await startTestHub();
    const names = ['..%2fhub.sqlite', '..%2f..%2fetc%2fpasswd', '%2e%2e%2fhub.sqlite', 'hub.sqlite'];
    for (const n of names) {
      const backup = await h.admin.call('GET', `/api/admin/backups/${n}`);
      expect(backup.status, n).toBe(404);
      const exported = await h.admin.call('GET', `/api/admin/exports/${n}/file`);
      expect(exported.status, n).toBe(404);
    }
  });
});
