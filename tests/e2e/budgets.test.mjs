// Size budgets (issues 11 and 17): the viewer's two wasm modules, gzip-compressed as servers send them, and
// everything a reader's first view downloads (bodies and headers, in a fresh profile) may not grow past
// tests/budgets.json. Sizes, not timings: a failure here means the budget must be argued for, not retried.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { startSession } from "./harness.mjs";
import { transferred } from "./server.mjs";

const session = startSession();
const budgets = JSON.parse(await readFile(new URL("../budgets.json", import.meta.url), "utf8"));

// The search engine's module: never needed for the first view, fetched once the browser is idle.
const SEARCH_MODULE = /\/pkg\/article_viewer_search(\.js|_bg\.wasm)$/;

for (const [module, budget] of [
  ["article_viewer", "reader_wasm_gzip_bytes"],
  ["article_viewer_search", "search_wasm_gzip_bytes"],
]) {
  test(`the ${module} module stays within its gzip budget`, async (t) => {
    const wasm = await readFile(new URL(`../../www/pkg/${module}_bg.wasm`, import.meta.url));
    const gzip = gzipSync(wasm, { level: 9 }).length;
    t.diagnostic(`${module}_bg.wasm: ${gzip} bytes gzip`);
    assert.ok(gzip <= budgets[budget],
      `${module}_bg.wasm is ${gzip} bytes gzip, over its budget of ${budgets[budget]} (tests/budgets.json)`);
  });
}

for (const [view, hash, selector] of [
  ["home", "", ".article-item"],
  ["an article", "#/article/yellow-river-corridor-2024", "article h1"],
]) {
  test(`a first view of ${view} stays within its byte budget, the search module fetched only after it`, async (t) => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const requests = [];
    page.on("requestfinished", (request) => requests.push(request));
    await page.goto(session.server.url + hash);
    await page.locator(selector).first().waitFor();
    await page.waitForLoadState("networkidle");
    // When the view was on screen (the render after the bundle was shown), and when the search module was asked for.
    const [shown, searchAsked] = await page.evaluate(() => {
      const render = performance.getEntriesByName("article-viewer:render")[0];
      const search = performance.getEntriesByType("resource").find((entry) => /article_viewer_search/.test(entry.name));
      return [render.startTime + render.duration, search?.startTime ?? Infinity];
    });
    const firstView = requests.filter((request) => !SEARCH_MODULE.test(new URL(request.url()).pathname));
    const { bytes, files } = await transferred(firstView);
    // The host sends brotli to a browser that takes it, else gzip (WebKitGTK takes no brotli).
    const wasm = firstView.find((request) => request.url().endsWith("/article_viewer_bg.wasm"));
    const brotli = /\bbr\b/.test((await wasm.allHeaders())["accept-encoding"] ?? "");
    const [encoding, budget] = brotli ? ["brotli", "first_view_bytes"] : ["gzip", "first_view_gzip_bytes"];
    await context.close();
    t.diagnostic(`first view of ${view}: ${bytes} bytes (${encoding})`);
    // Not before: Firefox's clock counts whole milliseconds, and the idle prefetch may start in the view's last one.
    assert.ok(searchAsked >= shown, `the search module (asked at ${searchAsked} ms) waits for the view (${shown} ms)`);
    assert.ok(bytes > 100_000, `the count saw the wasm: ${files.join(", ")}`);
    // Issue 22: WebKit never answered a fetch() with a <link rel=preload>'s download, and took the wasm twice.
    const paths = firstView.map((request) => new URL(request.url()).pathname);
    const twice = paths.filter((path, at) => paths.indexOf(path) !== at);
    assert.deepEqual(twice, [], `each file downloaded once: ${files.join(", ")}`);
    assert.ok(bytes <= budgets[budget],
      `${bytes} bytes (${encoding}), over the budget of ${budgets[budget]} (tests/budgets.json ${budget}): ${files.join(", ")}`);
  });
}
