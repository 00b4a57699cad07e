import type { Plugin } from 'vite';
import { createHash } from 'node:crypto';

/**
 * Emits `sw.js`: the app shell (HTML, JS, CSS) is precached under a cache named after the build,
 * and everything else the page fetches from its own origin (the DuckDB wasm, the samples) is
 * cached on first use. After one visit the app opens and works with no network at all.
 */
export function serviceWorker(): Plugin {
  return {
    name: 'clientele-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const shell = Object.keys(bundle).filter((f) => /\.(js|css|html)$/.test(f) && f !== 'sw.js');
      const version = createHash('sha256')
        .update(shell.sort().join('\n'))
        .digest('hex')
        .slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: swSource(version, ['./', ...shell]),
      });
    },
  };
}

function swSource(version: string, precache: string[]): string {
  return `// Generated at build time by scripts/vite-service-worker.ts
const CACHE = 'clientele-${version}';
const PRECACHE = ${JSON.stringify(precache)};
self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
// The page reports what it loaded before this worker controlled it (the engine's wasm, the
// sample files), so those are cached too and the next visit needs no network.
self.addEventListener('message', (e) => {
  if (!e.data || e.data.type !== 'cache-urls') return;
  const urls = e.data.urls.filter((u) => new URL(u).origin === self.location.origin);
  e.waitUntil(
    caches.open(CACHE)
      .then((c) => Promise.all(urls.map((u) => c.match(u).then((hit) => hit || c.add(u)))))
      .then(() => e.source && e.source.postMessage({ type: 'cached', count: urls.length })),
  );
});
self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // The page itself: fresh when online, the cached shell when not (query strings carry state).
    e.respondWith(
      fetch(req).then((res) => {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put('./', copy));
        return res;
      }).catch(() => caches.match('./')),
    );
    return;
  }
  e.respondWith(
    caches.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(req, copy));
      }
      return res;
    })),
  );
});
`;
}
