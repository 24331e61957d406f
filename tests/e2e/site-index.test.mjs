// A big site as it is published: the sample split into bundles per channel and month (`article-viewer split`),
// indexed as a whole (`article-viewer index`: gzip pieces, and volumes of postings read in byte ranges), each
// bundle naming the index in `site.search_index`. The viewer shows one bundle and searches them all, in headless
// Chromium, under the page's own CSP, from a host that sends byte ranges and from one that sends whole files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
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
  const partial = [];
  page.on("request", (request) => requested.push(`${new URL(request.url()).pathname} ${request.headers().range ?? ""}`));
  page.on("response", (response) => response.status() === 206 && partial.push(new URL(response.url()).pathname));
  await page.waitForTimeout(100);
  // The search module may be prefetched once the browser is idle; the site's index waits for the reader.
  assert.deepEqual(
    requested.filter((asked) => !asked.startsWith("/pkg/article_viewer_search")),
    [],
    "nothing of the index is fetched before the reader searches",
  );
  session.server.resetStats();
  await page.locator("#av-search").focus();
  await page.waitForResponse((response) => response.url().endsWith("/site-index/search/index.txt"));
  const titles = await search(page, "黄河");
  const sent = new Map(session.server.stats.byPath);

  // The same query on the whole sample bundle, searched in memory, finds the same articles in the same order.
  const whole = await openPage(session, "/?bundle=bundles/sample.json");
  await whole.page.locator("[role=tab]").first().waitFor();
  assert.deepEqual(titles, await search(whole.page, "黄河"));
  assert.ok(titles.length >= 2, `${titles}`);
  await whole.page.close();

  const fetched = requested.filter((asked) => asked.startsWith("/site-index/search/"));
  assert.equal(new Set(fetched).size, fetched.length, `no file or range twice: ${fetched}`);
  assert.ok(fetched.some((asked) => asked.includes("/chars-")) && fetched.some((asked) => asked.includes("/pack-")), `${fetched}`);
  assert.ok(partial.some((path) => path.includes("/chars-")), `chunks are read as byte ranges: ${partial}`);
  // Of the volumes, only the chunks the query needs.
  const folder = new URL("../../target/site-index/search/", import.meta.url);
  const volumes = (await readdir(folder)).filter((name) => /^(chars|words)-/.test(name));
  const stored = (await Promise.all(volumes.map((name) => stat(new URL(name, folder))))).reduce((sum, file) => sum + file.size, 0);
  const read = volumes.reduce((sum, name) => sum + (sent.get(`/site-index/search/${name}`) ?? 0), 0);
  assert.ok(read > 0 && read < stored, `only part of the postings is fetched: ${read} of ${stored} bytes`);

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

test("a host that sends whole files instead of byte ranges gives the same results", async () => {
  const shown = catalog.bundles[0];
  const titles = {};
  for (const ranges of [true, false]) {
    session.server.setRanges(ranges);
    const { page, problems } = await openPage(session, `/?bundle=/site-index/bundles/${shown.file}`);
    await page.locator("[role=tab]").first().waitFor();
    const statuses = [];
    page.on("response", (response) => {
      if (/\/site-index\/search\/(chars|words)-/.test(response.url())) statuses.push(response.status());
    });
    titles[ranges] = [];
    for (const query of ["黄河", "山西 项目", "，", "投资"]) titles[ranges].push(await search(page, query));
    assert.ok(statuses.length > 0);
    if (ranges) assert.ok(statuses.every((status) => status === 206), `${statuses}`);
    else assert.ok(statuses.every((status) => status === 200), `whole volumes: ${statuses}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
  session.server.setRanges(true);
  assert.deepEqual(titles[true], titles[false]);
  assert.ok(titles[true].every((found) => found.length > 0), JSON.stringify(titles[true]));
});
