// The optional offline cache (on where the page's #app has `data-offline-cache`; see README): every file of
// this site the viewer has read stays readable without a network. Index pieces are named by their content, so
// they are served from the cache at once; everything else (pages, scripts, bundles, the index manifest) is
// fetched fresh when the network answers, and from the cache when it does not.
const CACHE = "article-viewer-v1";
const IMMUTABLE = /\/(docs|chars|words|pack)-[0-9a-f]{16}\.bin$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // The page itself may have been asked for with its query (`?bundle=`): any copy of it will do.
    const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    throw error;
  }
}
