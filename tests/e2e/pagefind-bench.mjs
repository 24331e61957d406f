// The baseline for issue 8: Pagefind on the same 10,000 generated articles, measured in headless Chromium through
// the byte-counting server. `make bench-pagefind` renders the corpus with `article-viewer render`, indexes the
// article pages with the pinned npm `pagefind` (in target/bench/, never committed), then runs this. Not a test.
//
// For the first 100 queries of target/bench/queries.json it reports, as a reader would see them:
// - cold: the first query on a fresh page, engine included (pagefind.js, its wasm, entry, meta, chunks, and the
//   fragments of the top 10 results);
// - later: each further query (new chunks and fragments only);
// - latency: a query and the data of its top 10, the first time (files fetched from the local server) and again
//   (warm: everything already loaded).
import { readFile, writeFile } from "node:fs/promises";
import { launch, serve } from "./server.mjs";

const QUERIES = 100;
const bench = new URL("../../target/bench/", import.meta.url);
const queries = JSON.parse(await readFile(new URL("queries.json", bench), "utf8")).slice(0, QUERIES);
// A page of the same origin that loads nothing itself, so every byte counted is the search's.
await writeFile(new URL("blank.html", bench), "<!doctype html><meta charset=utf-8><title>bench</title>");

const server = await serve();
const browser = await launch();
const page = await browser.newPage();
await page.goto(new URL("/bench/blank.html", server.url).href);

const runQuery = (query) =>
  page.evaluate(async (query) => {
    const started = performance.now();
    const search = await window.pagefind.search(query);
    const top = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
    return { ms: performance.now() - started, results: search.results.length, top: top.length };
  }, query);

server.resetStats();
const cold = await page.evaluate(async (query) => {
  const started = performance.now();
  window.pagefind = await import("/bench/site/pagefind/pagefind.js");
  await window.pagefind.options({ baseUrl: "/bench/site/" });
  const search = await window.pagefind.search(query);
  await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  return performance.now() - started;
}, queries[0]);
const coldCost = { ...server.stats };

const later = [];
const first = [];
const warm = [];
let results = 0;
for (const query of queries.slice(1)) {
  server.resetStats();
  const run = await runQuery(query);
  later.push({ ...server.stats });
  first.push(run.ms);
  results += run.results;
  warm.push((await runQuery(query)).ms);
}
await browser.close();
server.close();

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * p)];
};
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`Pagefind, ${queries.length} queries on the 10,000-article corpus (headless Chromium, local server)`);
console.log(`  cold first query: ${kB(coldCost.bytes)} in ${coldCost.requests} requests, ${cold.toFixed(0)} ms`);
console.log(
  `  later queries: p50 ${kB(percentile(later.map((cost) => cost.bytes), 0.5))} ` +
    `(p95 ${kB(percentile(later.map((cost) => cost.bytes), 0.95))}), ` +
    `p50 ${percentile(later.map((cost) => cost.requests), 0.5)} requests ` +
    `(p95 ${percentile(later.map((cost) => cost.requests), 0.95)})`,
);
console.log(
  `  latency, first time: p50 ${percentile(first, 0.5).toFixed(1)} ms, p95 ${percentile(first, 0.95).toFixed(1)} ms; ` +
    `warm: p50 ${percentile(warm, 0.5).toFixed(1)} ms, p95 ${percentile(warm, 0.95).toFixed(1)} ms ` +
    `(${results} results in all)`,
);
