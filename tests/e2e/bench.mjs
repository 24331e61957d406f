// `make bench`: where the viewer stands against what people would otherwise use, on this machine, written to
// BENCHMARKS.md. Medians (min–max) over RUNS runs, each in a fresh browser profile. Not a test: the budgets that
// `make test` enforces are in tests/budgets.json.
//
// First view: (a) the viewer, (b) the static page `article-viewer render` writes for the same article, with its
// script blocked (the floor: HTML and CSS only), (c) the same article fetched and shown by markdown-it + DOMPurify +
// innerHTML in a minimal page (tests/bench/markdown-it/), and (d) the static page with its script, which the viewer
// takes over (bytes of both; the title shows as fast as the static page's). Then Markdown to DOM on 30 kB and 200 kB
// of Chinese, the two wasm modules' sizes and largest parts (twiggy), tab-switch, search and 20 MB-bundle figures (the
// scripts of `make measure`, `make bench-search` and `make bench-huge`), and Lighthouse's scores for the article page.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { bigSiteSection } from "./big-site-section.mjs";
import { compressibleTypes, launch, localFile, serve } from "./server.mjs";

const runs = Number(process.env.RUNS ?? 10);
const repo = new URL("../../", import.meta.url);
const at = (path) => new URL(path, repo).pathname;
const article = "yellow-river-corridor-2024";

// The baseline page, with its scripts from npm (installed by `.ci/setup bench`), the stylesheet and the bundle.
const baseline = at("target/bench/markdown-it/");
await mkdir(baseline, { recursive: true });
await cp(at("tests/bench/markdown-it/"), baseline, { recursive: true });
await cp(at("target/bench/npm/node_modules/markdown-it/dist/browser/markdown-it.umd.min.js"), `${baseline}markdown-it.min.js`);
await cp(at("target/bench/npm/node_modules/dompurify/dist/purify.min.js"), `${baseline}purify.min.js`);
await cp(at("www/style.css"), `${baseline}style.css`);
await cp(at("www/bundles/sample.json"), `${baseline}sample.json`);
await cp(at("www/bundles/media/"), `${baseline}media/`, { recursive: true });

const server = await serve();
const browser = await launch();
const chromium = browser.version();

const variants = [
  { name: "article-viewer", path: `/#/article/${article}` },
  { name: "static page (`article-viewer render`, its script blocked)", path: `/site/article/${article}.html`,
    noScript: true },
  { name: "markdown-it + DOMPurify + innerHTML", path: `/bench/markdown-it/index.html#/article/${article}` },
  // How the product is meant to be deployed: the static page shows the article, the viewer then takes it over.
  { name: "static page taken over by the viewer", path: `/site/article/${article}.html` },
];
const firstViews = [];
for (const variant of variants) {
  const samples = [];
  for (let run = 0; run < runs; run++) samples.push(await firstView(variant));
  firstViews.push({ ...variant, samples });
}
const throughput = await markdownThroughput();
await browser.close();
server.close();

// The two modules: the reader, which every page loads, and the search engine, loaded when search is first needed.
const modules = [];
for (const name of ["article_viewer", "article_viewer_search"]) {
  const wasm = await readFile(at(`www/pkg/${name}_bg.wasm`));
  // The module as shipped (wasm-bindgen, then wasm-opt -Oz), but keeping its function names for twiggy.
  const named = at(`target/bench/names/${name}_opt.wasm`);
  execFileSync(at(".tools/node_modules/.bin/wasm-opt"), ["-Oz", "-g", at(`target/bench/names/${name}_bg.wasm`),
    "-o", named]);
  const items = twiggyItems(execFileSync("twiggy", ["top", "-n", "100000", named], { encoding: "utf8", maxBuffer: 1 << 26 }));
  modules.push({ name, raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, brotli: brotli(wasm), items });
}
const [reader, searchModule] = modules;
const tabSwitch = execFileSync("node", [at("tests/e2e/tab-switch.mjs")], { encoding: "utf8" });
const search = execFileSync("node", [at("tests/e2e/search-bench.mjs")], { encoding: "utf8" });
const huge = execFileSync("node", [at("tests/e2e/huge-bundle.mjs")], { encoding: "utf8" });
const lighthouse = await lighthouseScores();

// `make bench-index` writes its section; it is kept as it was.
const bigSite = bigSiteSection(await readFile(at("BENCHMARKS.md"), "utf8").catch(() => ""));
await writeFile(at("BENCHMARKS.md"), bigSite ? `${report().trimEnd()}\n\n${bigSite}` : report());
console.log(report());

/**
 * One first visit in a fresh profile: bytes and requests until the network is idle, and when the title showed. The
 * search module, which the viewer fetches once the browser is idle after the first view, is counted apart (`later`).
 */
async function firstView({ path, noScript }) {
  const context = await browser.newContext();
  // The floor is the page as written: its script (which would start the viewer) is not fetched.
  if (noScript) await context.route(/\.(js|wasm)$/, (route) => route.abort());
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector("article h1")) {
        window.shownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const requests = [];
  page.on("requestfinished", (request) => requests.push(request));
  await page.goto(server.url + path.slice(1), { waitUntil: "load" });
  await page.locator("article h1").first().waitFor();
  await page.waitForLoadState("networkidle");
  const shownAt = await page.evaluate(() => window.shownAt);
  // The server sends Chromium brotli; the gzip figures are what a browser taking only gzip (WebKitGTK) gets: each
  // file's body compressed as the server would, with the headers as sent.
  let gzip = 0;
  let brotliBytes = 0;
  let later = 0;
  let counted = 0;
  for (const request of requests) {
    const sizes = await request.sizes();
    const file = localFile(new URL(request.url()).pathname);
    const body = file ? await readFile(file).catch(() => null) : null;
    const compressible = body && compressibleTypes.has(extname(file));
    const inGzip = (compressible ? gzipSync(body, { level: 9 }).length : sizes.responseBodySize) + sizes.responseHeadersSize;
    if (/\/pkg\/article_viewer_search/.test(request.url())) {
      later += inGzip;
      continue;
    }
    counted += 1;
    gzip += inGzip;
    brotliBytes += sizes.responseBodySize + sizes.responseHeadersSize;
  }
  await context.close();
  return { shownAt, gzip, brotli: brotliBytes, requests: counted, later };
}

/** Markdown to DOM, ours against markdown-it + DOMPurify + innerHTML, in one page (median of 15 each). */
async function markdownThroughput() {
  const page = await browser.newPage();
  await page.goto(`${server.url}bench/markdown-it/throughput.html`);
  await page.waitForFunction(() => window.done, null, { timeout: 300_000 });
  const results = await page.evaluate(() => window.results);
  await page.close();
  return results;
}

async function lighthouseScores() {
  const lighthouseServer = await serve();
  const out = at("target/bench/lighthouse.json");
  try {
    // Not execFileSync: the server answering Lighthouse runs in this process.
    await promisify(execFile)(at("target/bench/npm/node_modules/.bin/lighthouse"), [
      `${lighthouseServer.url}#/article/${article}`, "--output=json", `--output-path=${out}`, "--quiet",
      "--only-categories=performance,accessibility,best-practices,seo",
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run",
    ], { env: { ...process.env, CHROME_PATH: "/usr/bin/chromium" } });
  } finally {
    lighthouseServer.close();
  }
  const result = JSON.parse(await readFile(out, "utf8"));
  const failed = Object.values(result.audits)
    .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary")
    .map((audit) => audit.title);
  return { scores: Object.values(result.categories).map(({ title, score }) => [title, Math.round(score * 100)]), failed };
}

/** twiggy's rows, without the names section (which the shipped module does not have). */
function twiggyItems(text) {
  return text.split("\n").map((line) => line.split("┊")).filter((cells) => cells.length === 3)
    .map(([bytes, , name]) => ({ bytes: Number(bytes.trim()), name: name.trim() }))
    .filter(({ bytes, name }) => Number.isFinite(bytes) && !/subsection|^\.\.\.|^Σ/.test(name));
}

/** Bytes by crate (the first path segment of a function's name), and data segments by themselves. */
function byCrate(items) {
  const totals = new Map();
  for (const { bytes, name } of items) {
    const crate = name.match(/^[<&\s]*(?:mut )?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/)?.[1]
      ?? (name.startsWith("data segment") ? "data (tables and strings)" : "other (glue, imports, tables)");
    totals.set(crate, (totals.get(crate) ?? 0) + bytes);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function brotli(bytes) {
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function report() {
  const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const ms = (value) => `${value.toFixed(1)} ms`;
  const spread = (values, format) => `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
  const pick = (variant, key) => variant.samples.map((sample) => sample[key]);
  const [viewer, floor, markdownIt, takenOver] = firstViews;
  const viewerTime = median(pick(viewer, "shownAt"));
  const floorTime = median(pick(floor, "shownAt"));
  const markdownItTime = median(pick(markdownIt, "shownAt"));
  const takenOverTime = median(pick(takenOver, "shownAt"));
  const firstViewGzip = median(pick(viewer, "gzip"));
  const keystrokes = [...(search.match(/first keystroke[^:]*: (.*)$/m)?.[1] ?? "").matchAll(/(\d+) ms/g)]
    .map((match) => Number(match[1]));
  const keystroke = keystrokes.length ? median(keystrokes) : Infinity;
  const ratio = (ours, theirs) => `${(ours / theirs).toFixed(2)}× (${ms(ours)} against ${ms(theirs)})`;
  const [small, large] = Object.values(throughput);
  const goal = (met) => (met ? "met" : "**missed**");
  const lines = [
    "# Benchmarks",
    "",
    `Written by \`make bench\` (\`tests/e2e/bench.mjs\`) on ${new Date().toISOString().slice(0, 10)}: headless Chromium ${chromium},`
      + ` ${runs} runs each in a fresh profile, served by \`tests/e2e/server.mjs\` on 127.0.0.1 as a production host`
      + " serves them: brotli (quality 11) to a browser that takes it, as Chromium does, else gzip (level 9). Bytes in"
      + " brotli are as sent; in gzip, the same files compressed so, with the same headers. Medians, with min–max.",
    "",
    "## Goals",
    "",
    "| Goal | Now | |",
    "|---|---|---|",
    `| reader wasm at most 120 kB gzip | ${kB(reader.gzip)} | ${goal(reader.gzip <= 120_000)} |`,
    `| reader wasm at most 100 kB brotli | ${kB(reader.brotli)} | ${goal(reader.brotli <= 100_000)} |`,
    `| search module at most 50 kB gzip | ${kB(searchModule.gzip)} | ${goal(searchModule.gzip <= 50_000)} |`,
    `| first view of an article at most 150 kB gzip in total | ${kB(firstViewGzip)} | ${goal(firstViewGzip <= 150_000)} |`,
    `| article on screen no later than markdown-it + DOMPurify | ${ratio(viewerTime, markdownItTime)} `
      + `| ${goal(viewerTime <= markdownItTime)} |`,
    `| article on screen within 2× the static page | ${ratio(viewerTime, floorTime)} | ${goal(viewerTime <= 2 * floorTime)} |`,
    `| static page taken over within 1.1× the static page | ${ratio(takenOverTime, floorTime)} `
      + `| ${goal(takenOverTime <= 1.1 * floorTime)} |`,
    `| first result after the first keystroke at most 300 ms, 10,000 articles, search module not loaded yet `
      + `| ${Number.isFinite(keystroke) ? ms(keystroke) : "not measured"} | ${goal(keystroke <= 300)} |`,
    ...Object.values(throughput).map((result) => `| Markdown to DOM at least as fast as markdown-it + DOMPurify, `
      + `${kB(result.bytes)} | ${ms(result.ours)} against ${ms(result.theirs)} | ${goal(result.ours <= result.theirs)} |`),
    ...lighthouse.scores.map(([title, score]) => `| Lighthouse ${title} 100 | ${score} | ${goal(score === 100)} |`),
    "",
    "## First view of an article",
    "",
    `The article \`${article}\` of the sample bundle, from navigation to its title in the page.`,
    "",
    "| | on screen | bytes, gzip | bytes, brotli (as sent) | requests | then, when idle (the search module), gzip |",
    "|---|---|---|---|---|---|",
    ...firstViews.map((variant) => `| ${variant.name} | ${spread(pick(variant, "shownAt"), ms)} | `
      + `${spread(pick(variant, "gzip"), kB)} | ${spread(pick(variant, "brotli"), kB)} | ${median(pick(variant, "requests"))} | `
      + `${kB(median(pick(variant, "later")))} |`),
    "",
    "## Markdown to DOM",
    "",
    "Generated Chinese articles (paragraphs with emphasis and links, lists, headings), in the same page. Ours: the"
      + " viewer's update and render of a one-article bundle (validation, Markdown to node tree, DOM). Theirs:"
      + " `markdown-it` render, `DOMPurify.sanitize`, `innerHTML`. Median of 15, min–max.",
    "",
    "| Markdown | ours | markdown-it + DOMPurify + innerHTML | ours, MB/s |",
    "|---|---|---|---|",
    ...[small, large].map((result) => `| ${kB(result.bytes)} | ${ms(result.ours)} (${result.oursRange.map(ms).join("–")})`
      + ` | ${ms(result.theirs)} (${result.theirsRange.map(ms).join("–")}) | ${(result.bytes / 1000 / result.ours).toFixed(1)} |`),
    "",
    "## Size of the wasm",
    "",
    "Two modules from the one crate: the reader, which every page loads, and the search engine, which the reader"
      + " loads when search is first needed or once the browser is idle. By twiggy, in the same modules built with"
      + " their function names kept (raw bytes; inlined library code counts for the function it was inlined into).",
    "",
    ...modules.flatMap((module) => [
      `### \`www/pkg/${module.name}_bg.wasm\``,
      "",
      `${module.raw} bytes raw, ${module.gzip} gzip (level 9), ${module.brotli} brotli (quality 11).`,
      "",
      "| Crate | bytes |",
      "|---|---|",
      ...byCrate(module.items).slice(0, 12).map(([crate, bytes]) => `| ${crate} | ${bytes} |`),
      "",
      "The ten largest items:",
      "",
      "| Item | bytes |",
      "|---|---|",
      ...module.items.slice(0, 10).map(({ name, bytes }) =>
        `| \`${name.replace(/::h[0-9a-f]{16}$/, "").replace(/\|/g, "\\|")}\` | ${bytes} |`),
      "",
    ]),
    "## Tab switches and search",
    "",
    "```",
    tabSwitch.trimEnd(),
    "",
    search.trimEnd(),
    "```",
    "",
    "## A 20 MB bundle",
    "",
    "10,000 articles in one bundle, opened at an article (`make bench-huge`): when it shows, and the browser's long"
      + " tasks (over 50 ms) before and after the first render. The goal: none over 100 ms after it.",
    "",
    "```",
    huge.trimEnd(),
    "```",
    "",
    "## Lighthouse",
    "",
    "The article page served locally (`#/article/" + article + "`), Lighthouse's default mobile run.",
    "",
    "| Category | Score |",
    "|---|---|",
    ...lighthouse.scores.map(([title, score]) => `| ${title} | ${score} |`),
    "",
    lighthouse.failed.length ? `Audits not passed: ${lighthouse.failed.join("; ")}.` : "Every pass/fail audit passed.",
    "",
  ];
  return lines.join("\n");
}
