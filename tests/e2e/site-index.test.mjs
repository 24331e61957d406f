// A big site as it is published: the sample split into bundles per channel and month (`article-viewer split`),
// indexed as a whole (`article-viewer index`, gzip pieces), each bundle naming the index in `site.search_index`.
// The viewer shows one bundle and searches them all, in headless Chromium, under the page's own CSP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { openPage, startSession } from "./harness.mjs";

const session = startSession();
const catalog = JSON.parse(await readFile(new URL("../../target/site-index/bundles/catalog.json", import.meta.url), "utf8"));

/** Searches `query` in the page's search box and waits for the complete first page of results. */
async function search(page, query) {
  await page.locator("#av-search").fill(query);
  await page.locator("#av-search").press("Enter");
  await page.locator(".search-results:not([aria-busy]) .search-summary", { hasText: query }).waitFor();
  return page.locator("ol.results a.result-title").allTextContents();
}

test("a split site searches every bundle through its index, with the results of the whole bundle", async () => {
  const shown = catalog.bundles[0];
  const { page, problems } = await openPage(session, `/?bundle=/site-index/bundles/${shown.file}`);
  await page.locator("[role=tab]").first().waitFor();
  const requested = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await page.waitForTimeout(100);
  // The search module may be prefetched once the browser is idle; the site's index waits for the reader.
  assert.deepEqual(
    requested.filter((path) => !path.startsWith("/pkg/article_viewer_search")),
    [],
    "nothing of the index is fetched before the reader searches",
  );
  await page.locator("#av-search").focus();
  await page.waitForResponse((response) => response.url().endsWith("/site-index/search/index.txt"));
  const titles = await search(page, "黄河");

  // The same query on the whole sample bundle, searched in memory, finds the same articles in the same order.
  const whole = await openPage(session, "/?bundle=bundles/sample.json");
  await whole.page.locator("[role=tab]").first().waitFor();
  assert.deepEqual(titles, await search(whole.page, "黄河"));
  assert.ok(titles.length >= 2, `${titles}`);
  await whole.page.close();

  const fetched = requested.filter((path) => path.startsWith("/site-index/search/"));
  assert.equal(new Set(fetched).size, fetched.length, `no file twice: ${fetched}`);
  assert.ok(fetched.some((path) => path.includes("/chars-")) && fetched.some((path) => path.includes("/pack-")), `${fetched}`);
  const everything = (await readdir(new URL("../../target/site-index/search/", import.meta.url))).length;
  assert.ok(fetched.length < everything, `only part of the index is fetched: ${fetched.length} of ${everything} files`);

  // A result in another bundle opens the viewer on that bundle, its matches marked.
  const link = page.locator("ol.results a.result-title:not([href^='#'])").first();
  assert.ok((await link.count()) > 0, "some result is in another bundle");
  const title = await link.textContent();
  await link.click();
  await page.locator("article h1", { hasText: title }).waitFor();
  assert.match(new URL(page.url()).searchParams.get("bundle"), /\/site-index\/bundles\/[a-z-]+\.\d{4}-\d{2}\.json$/);
  // Marked once the search module (loaded at once for a match) says where the query is.
  await page.locator("article mark").first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
