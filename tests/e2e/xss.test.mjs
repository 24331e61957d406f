// The XSS corpus (tests/xss/corpus.rs, written to target/xss/ by `cargo test --test xss`) through the real reader
// page, under its own CSP, in headless Chromium: every article and share tab, searches, and every hostile hash
// as a real address. Nothing may run: no canary, no dialog, no navigation away, no CSP violation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, startSession } from "./harness.mjs";

const session = startSession();
const corpus = new URL("../../target/xss/", import.meta.url);
const hashes = JSON.parse(await readFile(new URL("hashes.json", corpus), "utf8"));
const articles = Number(await readFile(new URL("articles.json", corpus), "utf8"));

test("the XSS corpus runs nothing through the real page", async () => {
  const { page, problems } = await openPage(session, "/?bundle=/xss/bundle.json");
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.locator("[role=tab]").first().waitFor();
  const origin = new URL(page.url()).origin;
  const check = async (place) => {
    const canary = await page.evaluate(() => window.avPwned);
    assert.equal(canary, undefined, `${place}: a payload ran`);
    assert.equal(new URL(page.url()).origin, origin, `${place}: navigated away`);
  };
  for (let index = 0; index < articles; index += 1) {
    await page.evaluate((hash) => (location.hash = hash), `#/article/x${index}`);
    await page.locator("article h1").waitFor();
    // Every tab offered (客户端中查看 is not: the corpus's site.app.url is refused).
    const actions = page.locator(".article-actions button");
    for (let action = 0; action < (await actions.count()); action += 1) {
      await actions.nth(action).click();
      await page.locator("[role=dialog]").waitFor();
      await page.keyboard.press("Escape");
      await page.locator("[role=dialog]").waitFor({ state: "detached" });
    }
    await check(`article x${index}`);
  }
  for (const query of ["avPwned", "script", "标题", "onerror"]) {
    await page.locator("#av-search").fill(query);
    await page.locator("#av-search").press("Enter");
    await page.locator(".search-summary").waitFor();
    await check(`search ${query}`);
  }
  for (const hash of hashes) {
    await page.goto(new URL(`/?bundle=/xss/bundle.json${hash}`, session.server.url).href);
    await page.locator(".viewer").waitFor();
    await check(hash);
  }
  assert.deepEqual(dialogs, []);
  // Images whose hostile src is only a relative path (`javascript&colon;…` is no scheme) resolve beside the
  // bundle and are not found there, as is the corpus's good lead `media/lead.svg`: harmless, and all that is.
  const notFound = (problem) =>
    problem.startsWith(`HTTP 404: ${origin}/xss/`) || problem === "console: Failed to load resource: the server responded with a status of 404 (Not Found)";
  assert.deepEqual(problems.filter((problem) => !notFound(problem)), []);
  await page.close();
});

test("a redirect loop and a page where the bundle should be say what went wrong", async () => {
  for (const [bundle, expected] of [
    ["bundles/loop.json", /loop\.json/],
    ["bundles/page.json", /page\.json/],
  ]) {
    const page = await session.browser.newPage();
    await page.goto(new URL(`/?bundle=${bundle}`, session.server.url).href);
    const alert = page.locator("[role=alert]");
    await alert.waitFor();
    assert.match(await alert.textContent(), expected);
    // The page stays usable: the alert is the whole story, nothing is half-drawn.
    assert.equal(await page.locator("article, [role=tablist]").count(), 0);
    await page.close();
  }
});
