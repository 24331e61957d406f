// The optional offline cache (on where the page's #app has `data-offline-cache`; see README): every file of
// this site the viewer has read stays readable without a network. Index pieces are named by their content, so
// they are served from the cache at once; everything else (pages, scripts, bundles, the index manifest) is
// fetched fresh when the network answers, and from the cache when it does not.
const CACHE = "article-viewer-v1";
const IMMUTABLE = /\/(head|chars|words|pack)-[0-9a-f]{16}\.bin$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});

// A range of a piece (the viewer reads the index's volumes so) is answered with the whole piece, fetched once and
// kept: the viewer cuts out what it asked for, and every chunk of the piece is then readable offline too.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const whole = request.headers.has("range") ? new Request(request.url) : request;
  const cached = await cache.match(whole);
  if (cached) return cached;
  const response = await fetch(whole);
  if (response.status === 200) await cache.put(whole, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // Only whole responses: the cache refuses a part (206).
    if (response.status === 200) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // The page itself may have been asked for with its query (`?bundle=`): any copy of it will do.
    const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    throw error;
  }
}
