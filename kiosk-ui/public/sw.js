/*
 * The kiosk's offline shell. Scope /kiosk only: the admin pages are never served from here.
 * The page (/kiosk) is network-first, falling back to the copy kept here when the hub cannot be reached;
 * the build's assets (/assets/*, content-hashed) are cache-first. Ratings do not pass through here: they wait
 * in IndexedDB and go over socket.io.
 */
const CACHE = 'onestop-kiosk-shell-v1';
const SHELL = '/kiosk';
const NETWORK_TIMEOUT_MS = 4000;

const assetsOf = (html) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

/** Keeps the page and exactly the assets it names. */
async function store(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const assets = assetsOf(html);
  for (const a of assets) if (!(await cache.match(a))) await cache.add(a);
  await cache.put(SHELL, response);
  for (const req of await cache.keys()) {
    const path = new URL(req.url).pathname;
    if (path !== SHELL && !assets.includes(path)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(SHELL, { cache: 'no-store' })
      .then((res) => (res.ok ? store(res) : undefined))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

async function page(request) {
  try {
    const res = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (res.ok) {
      const copy = res.clone();
      store(copy).catch(() => {});
    }
    return res;
  } catch (err) {
    const cached = await caches.match(SHELL);
    if (cached) return cached;
    throw err;
  }
}

async function asset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, res.clone());
  }
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && url.pathname === SHELL) event.respondWith(page(req));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(req));
});
