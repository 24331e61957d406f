// A site copied to a disk and opened as file:// (target/usb: www/ and the split, indexed sample, after
// `article-viewer offline`): the viewer starts from its classic build, reads bundles and the search index through
// their script twins, and searches, under the page's own CSP, in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { neverIdle, startSession } from "./harness.mjs";

const session = startSession();
const usb = pathToFileURL(new URL("../../target/usb/", import.meta.url).pathname);
const catalog = JSON.parse(await readFile(new URL("../../target/usb/site-index/bundles/catalog.json", import.meta.url), "utf8"));

// The preload hints of index.html ask for fetches a file:// page cannot make; they only ever speed up http(s).
const preloadRefused = (text) => /blocked by CORS policy|Failed to load resource: net::ERR_FAILED/.test(text);

test("opened from a disk, the viewer shows a bundle and searches the whole site", async () => {
  const page = await session.browser.newPage();
  const problems = [];
  const refusals = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    (preloadRefused(message.text()) ? refusals : problems).push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
    ),
  );
  // The search module loads at the first search, read through its twin.
  await page.addInitScript(neverIdle);
  const bundle = catalog.bundles[0].file;
  await page.goto(new URL(`index.html?bundle=site-index/bundles/${bundle}`, usb).href);
  await page.locator("[role=tab][aria-selected=true]").waitFor({ timeout: 20_000 });
  assert.equal(await page.locator(".masthead .site-name").textContent(), "投资山西");

  await page.locator("#av-search").fill("黄河");
  await page.locator("#av-search").press("Enter");
  await page.locator(".search-results:not([aria-busy]) .search-summary", { hasText: "黄河" }).waitFor();
  const titles = await page.locator("ol.results a.result-title").allTextContents();
  assert.ok(titles.length >= 2, `${titles}`);
  const link = page.locator("ol.results a.result-title:not([href^='#'])").first();
  const title = await link.textContent();
  await link.click();
  await page.locator("article h1", { hasText: title }).waitFor();
  assert.equal(new URL(page.url()).protocol, "file:");
  // Marked once the search module, read through its twin, says where the query is.
  await page.locator("article mark").first().waitFor();
  assert.deepEqual(problems, []);
  const refused = refusals.filter((text) => text.startsWith("Access to"));
  assert.ok(
    refused.every((text) => /\/pkg\/article_viewer(\.js|_bg\.wasm)' from origin/.test(text)),
    `only the preload hints are refused: ${refused}`,
  );
  assert.equal(refusals.length, 2 * refused.length);
  await page.close();
});

test("a file without its twin says which, instead of hanging", async () => {
  const page = await session.browser.newPage();
  await page.goto(new URL("index.html?bundle=site-index/bundles/missing.json", usb).href);
  const alert = page.locator("[role=alert]");
  await alert.waitFor({ timeout: 20_000 });
  assert.match(await alert.textContent(), /missing\.json\.js/);
  await page.close();
});

test("with the offline cache on, what was read is read again without a network", async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  const bundle = catalog.bundles[0].file;
  const address = new URL(`/sw/index.html?bundle=site-index/bundles/${bundle}`, session.server.url).href;
  await page.goto(address);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Controlled from the next load on: read the page, a bundle and a search through the worker.
  await page.reload();
  await page.locator("[role=tab][aria-selected=true]").waitFor();
  const search = async () => {
    await page.locator("#av-search").fill("黄河");
    await page.locator("#av-search").press("Enter");
    await page.locator(".search-results:not([aria-busy]) .search-summary", { hasText: "黄河" }).waitFor();
    return page.locator("ol.results a.result-title").allTextContents();
  };
  const online = await search();
  assert.ok(online.length >= 2, `${online}`);

  await context.setOffline(true);
  await page.goto(address);
  await page.locator("[role=tab][aria-selected=true]").waitFor();
  assert.deepEqual(await search(), online, "the same results offline");
  assert.deepEqual(problems, []);
  await context.close();
});
