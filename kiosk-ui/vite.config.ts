import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { precompress } from './build/precompress';

const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));

/** In `vite dev`, /kiosk and /display open their own documents, as the hub serves them. */
function ownDocuments(): Plugin {
  return {
    name: 'onestop-own-documents',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const p = req.url?.split('?')[0];
        if (p === '/kiosk' || p === '/display') req.url = `${p}.html`;
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), ownDocuments(), precompress()],
  base: '/',
  // one document per audience: the kiosk and the display never load the staff pages' code. The kiosk's offline
  // shell (public/sw.js) keeps exactly the assets kiosk.html names, so the kiosk entry has no dynamic imports.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // every browser the pages run on (Chromium on the screens, Chrome on Android tablets) preloads modules itself
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: { index: page('index'), kiosk: page('kiosk'), display: page('display') },
      // building a zod schema has no side effect: a page that imports a module for one of its plain helpers (the
      // kiosk, the display) then leaves that module's schemas, and zod with them, out of its bundle
      treeshake: { manualPureFunctions: ['z'] },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'http://localhost:8080', ws: true }, '/healthz': 'http://localhost:8080' } },
});
