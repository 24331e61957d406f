// Issue 20: a mixed batch of saved portal pages (every fixture of tests/data/import/ and every page of the scoring
// set's 15 CMS layouts in tests/data/import-score/, in GBK, GB2312 and UTF-8, upper-case markup and all, and the
// seed's text form), imported and packed as `make test-e2e` does, opens in the
// viewer with every article readable and no console error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, startSession } from "./harness.mjs";

const session = startSession();
const bundle = JSON.parse(await readFile(new URL("../../target/import-batch/bundle.json", import.meta.url), "utf8"));

test("an imported and packed batch of portal pages opens with every article and no error", async () => {
  assert.ok(bundle.articles.length >= 60, `${bundle.articles.length} articles`);
  const { page, problems } = await openPage(session, "/?bundle=/import-batch/bundle.json");
  // Photos on the portals' own hosts: answered here, as no network is reachable from the test.
  await page.route((url) => url.hostname.endsWith(".cn"), (route) =>
    route.fulfill({ status: 200, contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));
  await page.locator("[role=tab]").first().waitFor();
  for (const article of bundle.articles) {
    await page.evaluate((id) => { location.hash = `#/article/${id}`; }, article.id);
    await page.locator("article h1", { hasText: article.title }).waitFor();
    const body = await page.locator(".article-body").textContent();
    assert.ok(body.trim().length > 20, `${article.id}: ${body}`);
    assert.ok(!/<\/?(p|br|img|div)\b/i.test(body), `${article.id}: markup shown as text`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
