// Measures a reader's first visit in headless Chromium: bytes on the wire (gzip, as served by server.mjs),
// requests, and the time from navigation start to the content being in the page, for the home view (the channel
// list) and for a deep link to an article. Not a test: `make measure`.
import { launch, serve, transferred } from "./server.mjs";

const runs = Number(process.env.RUNS ?? 10);
const views = [
  { name: "home view (#/)", hash: "", selector: ".article-item" },
  { name: "article (#/article/yellow-river-corridor-2024)", hash: "#/article/yellow-river-corridor-2024", selector: "article h1" },
];

const server = await serve();
const browser = await launch();
for (const view of views) {
  const samples = [];
  for (let run = 0; run < runs; run++) samples.push(await visit(view));
  const times = samples.map((sample) => sample.shownAt);
  console.log(`${view.name}, ${runs} runs, a fresh profile each`);
  console.log(`  on screen: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
  console.log(`  ${samples[0].requests} requests, ${samples[0].bytes} bytes on the wire (gzip bodies + headers)`);
  for (const file of samples[0].files) console.log(`    ${file}`);
}
await browser.close();
server.close();

/** One visit in a fresh profile, so nothing is cached. */
async function visit({ hash, selector }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((selector) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(selector)) {
        window.shownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, selector);
  const requests = [];
  page.on("requestfinished", (request) => requests.push(request));
  await page.goto(server.url + hash, { waitUntil: "load" });
  await page.waitForFunction(() => window.shownAt !== undefined);
  await page.waitForLoadState("networkidle");
  const shownAt = await page.evaluate(() => window.shownAt);
  const { bytes, files } = await transferred(requests);
  await context.close();
  return { shownAt, bytes, requests: requests.length, files };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
