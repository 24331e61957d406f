// Issue 8's benchmark: search on a 10,000-article site that is too big to download, ours against Pagefind, on
// the same generated corpus and queries, through the same byte-counting server, in headless Chromium. Not a
// test: `make bench-index` prepares both sites (see the Makefile) and runs this.
//
// Ours: the corpus split into bundles per channel and month, indexed with `article-viewer index`, read by the
// viewer itself showing one of the bundles (`site.search_index`). Pagefind: the same articles rendered as pages
// with `article-viewer render` and indexed by the pinned npm `pagefind`, queried through its JavaScript API.
//
// For the first 100 queries of target/bench/queries.json it reports, as a reader would see them:
// - cold: the first query of a visit, with what it downloads before results show (for us: the manifest, the
//   document table, chunks and the packs of the top 10; for Pagefind: pagefind.js, its wasm, entry, meta, chunks
//   and the fragments of the top 10), and the search engine itself: ours is the viewer's search module, which a
//   page that had not loaded it yet fetches at the search box's focus (a browser that is never idle here, so it
//   was not prefetched), given apart from the index's files;
// - later: each further query (new files only);
// - latency: a query until its first 10 results are on hand, the first time and again (warm, all files loaded).
import { readFile, writeFile } from "node:fs/promises";
import { BIG_SITE_HEADING, replaceSection } from "./big-site-section.mjs";
import { launch, serve } from "./server.mjs";

const QUERIES = 100;
const bench = new URL("../../target/bench/", import.meta.url);
const queries = JSON.parse(await readFile(new URL("queries.json", bench), "utf8")).slice(0, QUERIES);
const built = async (name) => {
  const [seconds, kilobytes] = (await readFile(new URL(name, bench), "utf8")).trim().split(/\s+/).map(Number);
  return { seconds, megabytes: kilobytes / 1024 };
};
const listing = async (name) => {
  const [files, bytes] = (await readFile(new URL(name, bench), "utf8")).trim().split(/\s+/).map(Number);
  return { files, bytes };
};

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * p)];
};

/**
 * What the search cost, from the server's figures: the bytes and requests of the files under `prefix` (the
 * index's folder), so that what the page fetches for itself meanwhile (a favicon the browser checks again when
 * the address changes, say) is not counted as search.
 */
const searchCost = (stats, prefix) => {
  const sum = (byPath) => [...byPath].filter(([path]) => path.startsWith(prefix)).reduce((total, [, value]) => total + value, 0);
  return { bytes: sum(stats.byPath), requests: sum(stats.requestsByPath), byPath: new Map(stats.byPath) };
};
const OUR_INDEX = "/bench/big/search/";
const PAGEFIND = "/bench/site/pagefind/";

const server = await serve();
const browser = await launch();

// Ours, in the viewer.
async function ours() {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  server.resetStats();
  await page.goto(new URL("/?bundle=/bench/big/bundles/focus.2024-01.json", server.url).href);
  await page.locator("article h1, [role=tab]").first().waitFor({ timeout: 60_000 });
  const pageLoad = { ...server.stats };
  // Submits a query in the search box and resolves once its first results page is complete.
  await page.evaluate(() => {
    window.runQuery = (query) =>
      new Promise((resolve) => {
        const input = document.getElementById("av-search");
        const started = performance.now();
        const done = () => {
          const section = document.querySelector(".search-results");
          const summary = section?.querySelector(".search-summary")?.textContent ?? "";
          if (!section || section.hasAttribute("aria-busy")) return false;
          if (query.trim() && !summary.includes(`“${query.trim()}”`)) return false;
          observer.disconnect();
          resolve({ ms: performance.now() - started, results: section.querySelectorAll("ol.results > li").length, summary });
          return true;
        };
        const observer = new MutationObserver(done);
        observer.observe(document.getElementById("app"), { subtree: true, childList: true, attributes: true, characterData: true });
        input.value = query;
        input.form.requestSubmit();
        done();
      });
  });
  server.resetStats();
  const coldStarted = Date.now();
  await page.focus("#av-search");
  const first = await page.evaluate((query) => window.runQuery(query), queries[0]);
  // The search module's two files, fetched at the focus: the engine, counted apart from the index's files.
  const module = await page.evaluate(() => performance.getEntriesByType("resource")
    .filter((entry) => /\/pkg\/article_viewer_search/.test(entry.name))
    .map((entry) => entry.encodedBodySize));
  const engine = module.reduce((sum, bytes) => sum + bytes, 0);
  const engineRequests = module.length;
  const cold = {
    ...searchCost(server.stats, OUR_INDEX),
    ms: Date.now() - coldStarted,
    results: first.results,
  };
  const later = [];
  const latencyFirst = [];
  const latencyWarm = [];
  for (const query of queries.slice(1)) {
    server.resetStats();
    const run = await page.evaluate((query) => window.runQuery(query), query);
    later.push(searchCost(server.stats, OUR_INDEX));
    latencyFirst.push(run.ms);
    await page.evaluate(() => window.runQuery(""));
    latencyWarm.push((await page.evaluate((query) => window.runQuery(query), query)).ms);
  }
  await page.close();
  return { engine, engineRequests, pageLoad, cold, later, latencyFirst, latencyWarm };
}

// Pagefind, through its API on a blank page of the same origin.
async function pagefind() {
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
  const coldStarted = Date.now();
  const first = await page.evaluate(async (query) => {
    window.pagefind = await import("/bench/site/pagefind/pagefind.js");
    await window.pagefind.options({ baseUrl: "/bench/site/" });
    const search = await window.pagefind.search(query);
    await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
    return search.results.length;
  }, queries[0]);
  const cold = { ...searchCost(server.stats, PAGEFIND), ms: Date.now() - coldStarted, results: first };
  const later = [];
  const latencyFirst = [];
  const latencyWarm = [];
  for (const query of queries.slice(1)) {
    server.resetStats();
    const run = await runQuery(query);
    later.push(searchCost(server.stats, PAGEFIND));
    latencyFirst.push(run.ms);
    latencyWarm.push((await runQuery(query)).ms);
  }
  await page.close();
  return { engine: 0, engineRequests: 0, cold, later, latencyFirst, latencyWarm };
}

const us = await ours();
const them = await pagefind();
await browser.close();
server.close();
const ourBuild = await built("big/index-time.txt");
const theirBuild = await built("pagefind-time.txt");
const ourFiles = await listing("big/index-files.txt");
const theirFiles = await listing("pagefind-files.txt");

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value) => `${value.toFixed(1)} ms`;
// Issue 18's goals: ratios against Pagefind in this same run (and one absolute latency), each `[text, met]`.
const atMost = (limit) => (ratio) => [`≤ ${limit}×`, ratio <= limit];
const rows = [
  ["index build, time", `${ourBuild.seconds.toFixed(1)} s`, `${theirBuild.seconds.toFixed(1)} s`, ourBuild.seconds / theirBuild.seconds, atMost(0.1)],
  ["index build, peak memory", `${ourBuild.megabytes.toFixed(0)} MB`, `${theirBuild.megabytes.toFixed(0)} MB`, ourBuild.megabytes / theirBuild.megabytes, atMost(0.1)],
  ["index output, size", `${(ourFiles.bytes / 1e6).toFixed(1)} MB`, `${(theirFiles.bytes / 1e6).toFixed(1)} MB`, ourFiles.bytes / theirFiles.bytes, atMost(0.5)],
  ["index output, files", `${ourFiles.files}`, `${theirFiles.files}`, ourFiles.files / theirFiles.files, atMost(0.5)],
  ["cold first query, index files", kB(us.cold.bytes), kB(them.cold.bytes), us.cold.bytes / them.cold.bytes, null],
  ["cold first query, with engine", kB(us.cold.bytes + us.engine), kB(them.cold.bytes), (us.cold.bytes + us.engine) / them.cold.bytes, atMost(0.75)],
  ["cold first query, requests, with engine", `${us.cold.requests + us.engineRequests}`, `${them.cold.requests}`,
    (us.cold.requests + us.engineRequests) / them.cold.requests, atMost(1)],
  ["cold first query, time", `${us.cold.ms} ms`, `${them.cold.ms} ms`, us.cold.ms / them.cold.ms, null],
];
for (const [label, p] of [["p50", 0.5], ["p95", 0.95]]) {
  const ourBytes = percentile(us.later.map((cost) => cost.bytes), p);
  const theirBytes = percentile(them.later.map((cost) => cost.bytes), p);
  rows.push([`later queries, bytes ${label}`, kB(ourBytes), kB(theirBytes), ourBytes / theirBytes, atMost(0.75)]);
}
for (const [label, p] of [["p50", 0.5], ["p95", 0.95]]) {
  const ours = percentile(us.later.map((cost) => cost.requests), p);
  const theirs = percentile(them.later.map((cost) => cost.requests), p);
  rows.push([`later queries, requests ${label}`, `${ours}`, `${theirs}`, ours / theirs, p === 0.95 ? atMost(1) : null]);
}
for (const [name, key] of [["first time", "latencyFirst"], ["warm", "latencyWarm"]]) {
  for (const [label, p] of [["p50", 0.5], ["p95", 0.95]]) {
    const ours = percentile(us[key], p);
    const theirs = percentile(them[key], p);
    const goal = key === "latencyWarm" && p === 0.95 ? () => ["≤ 30 ms", ours <= 30]
      : key === "latencyFirst" && p === 0.5 ? atMost(1) : null;
    rows.push([`latency ${name}, ${label}`, ms(ours), ms(theirs), ours / theirs, goal]);
  }
}
const verdicts = rows.map(([, , , ratio, goal]) => (goal ? goal(ratio) : ["", null]));
console.log(`Search on a 10,000-article site, ${queries.length} queries (headless Chromium, local byte-counting server, gzip)`);
console.log(`  our engine: the viewer's search module, ${kB(us.engine)} on the wire, fetched at the search box's focus; the article page before it: ${kB(us.pageLoad.bytes)} in ${us.pageLoad.requests} requests`);
const widths = [40, 14, 14, 8, 10, 6];
const line = (cells) => cells.map((cell, index) => String(cell).padEnd(widths[index])).join(" | ");
// Where our later queries' bytes go, by kind of file (the name before its content hash), on average per query.
const kinds = new Map();
for (const query of us.later) {
  for (const [path, bytes] of query.byPath) {
    if (!path.startsWith(OUR_INDEX)) continue;
    const kind = path.split("/").pop().replace(/-[0-9a-f]{16}\.bin$/, "");
    kinds.set(kind, (kinds.get(kind) ?? 0) + bytes / us.later.length);
  }
}
const byKind = `Our later queries, bytes by kind of file, mean per query: ${[...kinds].sort((a, b) => b[1] - a[1])
  .map(([kind, bytes]) => `${kind} ${kB(bytes)}`).join(", ")}.`;
console.log(`  ${byKind}`);
const ratioText = (ratio) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "–");
const verdictText = ([, met]) => (met === null ? "" : met ? "met" : "missed");
console.log(line(["", "ours", "Pagefind", "ratio", "goal", ""]));
console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
rows.forEach(([label, ours, theirs, ratio], index) => {
  console.log(line([label, ours, theirs, ratioText(ratio), verdicts[index][0], verdictText(verdicts[index])]));
});

// The same table in BENCHMARKS.md, in a section of its own that `make bench` keeps.
const pagefindVersion = JSON.parse(
  await readFile(new URL("pagefind-npm/node_modules/pagefind/package.json", bench), "utf8"),
).version;
const section = [
  BIG_SITE_HEADING,
  "",
  `Written by \`make bench-index\` (\`tests/e2e/index-bench.mjs\`) on ${new Date().toISOString().slice(0, 10)}: a`
    + ` 10,000-article generated site, ${queries.length} queries, ours (\`article-viewer index\`, read by the viewer;`
    + ` its search module counted in the cold first query, the page never idle) against Pagefind`
    + ` ${pagefindVersion} on the same corpus and queries, through the same byte-counting server,`
    + " in headless Chromium. Goals of issue 18.",
  "",
  "| | ours | Pagefind | ratio | goal | |",
  "|---|---|---|---|---|---|",
  ...rows.map(([label, ours, theirs, ratio], index) =>
    `| ${label} | ${ours} | ${theirs} | ${ratioText(ratio)} | ${verdicts[index][0]} | `
      + `${verdicts[index][1] === false ? "**missed**" : verdictText(verdicts[index])} |`),
  "",
  byKind,
  "",
].join("\n");
const benchmarks = new URL("../../BENCHMARKS.md", import.meta.url);
const current = await readFile(benchmarks, "utf8").catch(() => "# Benchmarks\n");
await writeFile(benchmarks, replaceSection(current, section));
