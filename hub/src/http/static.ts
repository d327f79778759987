import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../paths.js';

export const DEFAULT_UI_DIR = path.join(APP_ROOT, 'kiosk-ui', 'dist');

const NOT_BUILT = 'Giao diện chưa được build. Chạy: npm run build:ui\nThe UI is not built yet. Run: npm run build:ui\n';
/** Content-hashed by the build: a name never changes content, so a tablet keeps it until it is replaced. */
const HASHED = 'public, max-age=31536000, immutable';
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

/**
 * The built UI's files. The build writes a .br and a .gz beside each text file (kiosk-ui/build/precompress.ts);
 * a browser that accepts one gets it, so a tablet on a weak Wi-Fi downloads a fifth of the bytes and the hub spends
 * no CPU compressing. /assets/* are content-hashed and cached for a year; anything else (sw.js, the icon) is
 * revalidated each time.
 */
export function uiFiles(uiDir: string): RequestHandler {
  const serve = express.static(uiDir, {
    index: false,
    setHeaders: (res, file) => res.setHeader('Cache-Control', isHashed(uiDir, file) ? HASHED : 'no-cache'),
  });
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = resolveInside(uiDir, req.path);
    if (!file) return serve(req, res, next);
    for (const [encoding, ext] of ENCODINGS) {
      if (req.acceptsEncodings(encoding) !== encoding || !isFile(file + ext)) continue;
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('Cache-Control', isHashed(uiDir, file) ? HASHED : 'no-cache');
      res.type(path.extname(file));
      res.sendFile(file + ext, { dotfiles: 'deny' }, (err) => err && next(err));
      return;
    }
    if (ENCODINGS.some(([, ext]) => isFile(file + ext))) res.setHeader('Vary', 'Accept-Encoding');
    serve(req, res, next);
  };
}

/** A page's HTML document: never cached (it names the current build's assets). */
export function uiDocument(uiDir: string, name: string): RequestHandler {
  const file = path.join(uiDir, name);
  return (_req: Request, res: Response) => {
    if (!fs.existsSync(file)) {
      res.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file);
  };
}

/**
 * Serves the built kiosk-ui. Each audience has its own document, loading only its own code: /kiosk (the citizen's
 * tablet), /display (the waiting room's TV), and the staff's single-page app for the rest (/counter and its printed
 * sheets, /admin and its sections, /admin/live). docs/decisions/0100-one-document-per-audience.md.
 */
export function uiRoutes(uiDir: string): Router {
  const r = Router();
  r.use(uiFiles(uiDir));
  r.get('/kiosk', uiDocument(uiDir, 'kiosk.html'));
  r.get('/display', uiDocument(uiDir, 'display.html'));
  r.get(['/', '/counter', '/counter/*path', '/admin', '/admin/*path'], uiDocument(uiDir, 'index.html'));
  return r;
}

function isHashed(uiDir: string, file: string): boolean {
  return path.relative(uiDir, file).startsWith(`assets${path.sep}`);
}

/** The file a URL path names inside uiDir, or null (outside it, a directory, missing, or not a plain path). */
function resolveInside(uiDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.join(uiDir, decoded);
  if (!file.startsWith(uiDir + path.sep)) return null;
  return file;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
