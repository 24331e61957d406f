// Search in headless Chromium on the 10,000-article corpus that `cargo bench --bench search` writes to target/bench/:
// index build time and the latency of the same 200 queries as natively (search plus rendering the results), read
// from the viewer's User Timing measures (`article-viewer:search` for the search, `article-viewer:render` for the
// page after it; the search includes asking the search module), and the first keystroke on a page whose search module
// was not loaded yet. Not a test: `make bench-search`.
import { readFile } from "node:fs/promises";
import { launch, serve } from "./server.mjs";

const queries = JSON.parse(await readFile(new URL("../../target/bench/queries.json", import.meta.url), "utf8"));
const server = await serve();
const browser = await launch();
const page = await browser.newPage();
const loadStart = Date.now();
await page.goto(new URL("/?bundle=/bench/corpus-10000.json", server.url).href);
await page.locator("[role=tab]").first().waitFor({ timeout: 120_000 });
const shownAfter = Date.now() - loadStart;
await page.waitForFunction(() => performance.getEntriesByName("article-viewer:index").length > 0, null, { timeout: 120_000 });
const build = await page.evaluate(() => performance.getEntriesByName("article-viewer:index")[0].duration);
const memory = await page.evaluate(async () => {
  // The modules are already initialised; initialising again returns their exports, memory included.
  const reader = await (await import("/pkg/article_viewer.js")).default();
  const search = await (await import("/pkg/article_viewer_search.js")).default();
  return [reader.memory.buffer.byteLength, search.memory.buffer.byteLength];
});
const latencies = await page.evaluate(async (queries) => {
  const input = document.getElementById("av-search");
  const form = input.form;
  const durations = [];
  for (const query of queries) {
    performance.clearMeasures();
    input.value = query;
    form.requestSubmit();
    const [search] = performance.getEntriesByName("article-viewer:search");
    const [render] = performance.getEntriesByName("article-viewer:render");
    durations.push([search.duration, search.duration + render.duration]);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return durations;
}, queries);

// The first keystroke on a page whose search module has not been loaded (a browser that is never idle, so nothing
// was prefetched): the module's download, the articles' texts and the whole index, then the results on screen.
const firstKeystroke = [];
for (let run = 0; run < 3; run++) {
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  await fresh.goto(new URL("/?bundle=/bench/corpus-10000.json", server.url).href);
  await fresh.locator("[role=tab]").first().waitFor({ timeout: 120_000 });
  // The box's focus (which starts loading the module) and the query at once, timed from before either: the
  // submit may do the whole index's work before it returns.
  const typedAt = await fresh.evaluate(() => {
    const typed = performance.now();
    const input = document.getElementById("av-search");
    input.focus();
    input.value = "黄河";
    input.form.requestSubmit();
    return typed;
  });
  await fresh.locator(".search-results:not([aria-busy]) ol.results li").first().waitFor({ timeout: 120_000 });
  firstKeystroke.push(await fresh.evaluate((typedAt) => performance.now() - typedAt, typedAt));
  await context.close();
}
await browser.close();
server.close();

const summary = (values) => {
  values.sort((a, b) => a - b);
  const at = (p) => values[Math.round((values.length - 1) * p)].toFixed(2);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${values.at(-1).toFixed(2)} ms`;
};
console.log("search benchmark, headless Chromium (wasm)");
console.log(`  first view of the 10,000-article bundle on screen after ${shownAfter} ms (fetch, parse, render)`);
console.log(`  index build: ${build.toFixed(0)} ms (after the first view, off the critical path)`);
console.log(`  wasm memory after the build: reader ${(memory[0] / 1e6).toFixed(1)} MB (the bundle), search module ${(memory[1] / 1e6).toFixed(1)} MB (the index)`);
console.log(`  first keystroke with the search module not loaded yet (download, texts, whole index, results): ${firstKeystroke.map((ms) => `${ms.toFixed(0)} ms`).join(", ")}`);
console.log(`  ${latencies.length} queries, search: ${summary(latencies.map((pair) => pair[0]))}`);
console.log(`  ${latencies.length} queries, search + rendering the first results page: ${summary(latencies.map((pair) => pair[1]))}`);
