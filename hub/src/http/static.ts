import express, { Router } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../kiosk-ui/dist');

/** Serves the built kiosk-ui; its pages (/kiosk, /counter and its print views, /admin, /admin/live) are routes of one single-page app. */
export function uiRoutes(uiDir: string): Router {
  const r = Router();
  const index = path.join(uiDir, 'index.html');
  r.use(express.static(uiDir, { index: false, maxAge: '1h' }));
  r.get(['/', '/display', '/kiosk', '/counter', '/counter/*path', '/admin', '/admin/*path'], (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('Giao diện chưa được build. Chạy: npm run build:ui\nThe UI is not built yet. Run: npm run build:ui\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
