// Builds kiosk-ui when its dist is missing or older than its sources, so `npm start` and `npm test` serve current pages.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ui = path.join(root, 'kiosk-ui');
const dist = path.join(ui, 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (!e.isDirectory() && /\.test\.tsx?$/.test(e.name)) continue; // tests are not in the pages
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(ui, 'src')), fs.existsSync(path.join(ui, 'public')) ? newest(path.join(ui, 'public')) : 0, newest(path.join(root, 'shared', 'src')), fs.statSync(path.join(ui, 'index.html')).mtimeMs, fs.statSync(path.join(ui, 'vite.config.ts')).mtimeMs);
const stale = () => !fs.existsSync(dist) || fs.statSync(dist).mtimeMs < sources;
// `hub start` runs this too (hub/src/http/uiBuild.ts): two hubs starting at once build once, the other waits
const lock = path.join(ui, '.building');
if (stale()) {
  let mine = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      mine = true;
      break;
    } catch {
      // a lock older than ten minutes was left by a build that died
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (stale()) {
      console.log('Building kiosk-ui…');
      // always the production pages: run from a hub started under vitest (NODE_ENV=test) or a dev shell, Vite would
      // otherwise bundle React's development build (larger, slower, effects run twice in StrictMode)
      execFileSync('npm', ['run', 'build', '-w', 'kiosk-ui'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    }
  } finally {
    if (mine) fs.rmSync(lock, { recursive: true, force: true });
  }
}
