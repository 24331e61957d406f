// Measures a reader's first visit in headless Chromium: bytes on the wire (gzip, as served by server.mjs),
// requests, and the time from navigation start to the article's title being in the page. Not a test: `make measure`.
import { launch, serve } from "./server.mjs";

const runs = Number(process.env.RUNS ?? 10);
const server = await serve();
const browser = await launch();
const samples = [];
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext(); // A fresh profile: nothing cached.
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector("article h1")) {
        window.articleShownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const responses = [];
  page.on("requestfinished", async (request) => responses.push(request));
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForFunction(() => window.articleShownAt !== undefined);
  await page.waitForLoadState("networkidle");
  const shownAt = await page.evaluate(() => window.articleShownAt);
  let bytes = 0;
  const files = [];
  for (const request of responses) {
    const sizes = await request.sizes();
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    files.push(`${new URL(request.url()).pathname} ${sizes.responseBodySize}`);
  }
  samples.push({ shownAt, bytes, requests: responses.length, files });
  await context.close();
}
await browser.close();
server.close();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const times = samples.map((sample) => sample.shownAt);
console.log(`runs: ${runs}`);
console.log(`article on screen: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
console.log(`first visit: ${samples[0].requests} requests, ${samples[0].bytes} bytes on the wire (gzip bodies + headers)`);
for (const file of samples[0].files) console.log(`  ${file}`);
