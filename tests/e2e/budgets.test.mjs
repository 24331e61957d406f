// Size budgets (issue 11): the viewer's wasm, gzip-compressed as servers send it, and everything a reader's first
// view downloads (bodies and headers, in a fresh profile) may not grow past tests/budgets.json. Sizes, not
// timings: a failure here means the budget must be argued for, not retried.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { startSession } from "./harness.mjs";
import { transferred } from "./server.mjs";

const session = startSession();
const budgets = JSON.parse(await readFile(new URL("../budgets.json", import.meta.url), "utf8"));

test("the wasm stays within its gzip budget", async () => {
  const wasm = await readFile(new URL("../../www/pkg/article_viewer_bg.wasm", import.meta.url));
  const gzip = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gzip <= budgets.wasm_gzip_bytes,
    `the wasm is ${gzip} bytes gzip, over its budget of ${budgets.wasm_gzip_bytes} (tests/budgets.json)`);
});

for (const [view, hash, selector] of [
  ["home", "", ".article-item"],
  ["an article", "#/article/yellow-river-corridor-2024", "article h1"],
]) {
  test(`a first view of ${view} stays within its byte budget`, async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const requests = [];
    page.on("requestfinished", (request) => requests.push(request));
    await page.goto(session.server.url + hash);
    await page.locator(selector).first().waitFor();
    await page.waitForLoadState("networkidle");
    const { bytes, files } = await transferred(requests);
    await context.close();
    assert.ok(bytes > 100_000, `the count saw the wasm: ${files.join(", ")}`);
    assert.ok(bytes <= budgets.first_view_bytes,
      `${bytes} bytes, over the budget of ${budgets.first_view_bytes} (tests/budgets.json): ${files.join(", ")}`);
  });
}
