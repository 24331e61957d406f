// End-to-end checks of the share overlay in headless Chromium: the QR codes on screen decode to their links,
// the clipboard gets the link, and the page behind stays put.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { sample, startSession } from "./harness.mjs";

const require = createRequire(import.meta.url);
const jsQR = require("../../.tools/node_modules/jsqr");
const { PNG } = require("../../.tools/node_modules/pngjs");

const article = sample.articles[0];
const session = startSession();

async function openArticle(options = {}) {
  const context = await session.browser.newContext(options);
  const page = await context.newPage();
  await page.goto(new URL(`/#/article/${article.id}`, session.server.url).href);
  await page.locator("article h1").waitFor();
  return { context, page };
}

/** Screenshots the QR code in the open dialog and decodes the picture with jsQR. */
async function decodeShownQr(page) {
  const png = PNG.sync.read(await page.locator(".dialog svg.qr").screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, "the QR code on screen decodes");
  return code.data;
}

test("the QR codes on screen decode to the article URL and the app link", async () => {
  const { context, page } = await openArticle();
  await page.locator("#av-action-phone").click();
  assert.equal(await decodeShownQr(page), article.url);
  assert.equal(await page.locator(".share-url").textContent(), article.url);

  await page.locator("#av-tab-share-share").click();
  assert.equal(await decodeShownQr(page), article.url, "the WeChat code");

  await page.locator("#av-tab-share-app").click();
  const appLink = `${sample.site.app.url}?article=${article.id}`;
  assert.equal(await decodeShownQr(page), appLink);
  assert.equal(await page.locator(".dialog a.primary").getAttribute("href"), appLink);
  await context.close();
});

test("without its own url, an article's QR code leads to the viewer's route for it", async () => {
  const plain = sample.articles.find((candidate) => !candidate.url);
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL(`/?bundle=bundles/sample.json#/article/${plain.id}`, session.server.url).href);
  await page.locator("#av-action-phone").click();
  const expected = new URL(`/?bundle=bundles/sample.json#/article/${plain.id}`, session.server.url).href;
  assert.equal(await decodeShownQr(page), expected);
  await context.close();
});

test("share links carry the URL and title, percent-encoded", async () => {
  const { context, page } = await openArticle();
  await page.locator("#av-action-share").click();
  const hrefs = await page.locator(".share-targets a").evaluateAll((links) => links.map((link) => link.href));
  assert.equal(hrefs.length, 3);
  for (const href of hrefs) {
    const params = new URL(href).searchParams;
    assert.equal(params.get("url"), article.url, href);
    assert.equal(params.get("title"), article.title, href);
  }
  await context.close();
});

test("copy link puts the URL on the clipboard when allowed", async () => {
  const { context, page } = await openArticle({ permissions: ["clipboard-read", "clipboard-write"] });
  await page.locator("#av-action-share").click();
  await page.locator("[data-action=copy-link]").click();
  await page.locator(".copy-status", { hasText: "已复制链接" }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), article.url);
  await context.close();
});

test("copy link falls back to a selected field when the clipboard is refused", async () => {
  const { context, page } = await openArticle();
  await page.evaluate(() => {
    // A browser that refuses: the promise rejects, as with a denied permission.
    Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) } });
  });
  await page.locator("#av-action-share").click();
  await page.locator("[data-action=copy-link]").click();
  await page.locator("#av-copy-fallback").waitFor();
  assert.equal(await page.locator("#av-copy-fallback").inputValue(), article.url);
  assert.equal(await page.evaluate(() => document.activeElement.id), "av-copy-fallback");
  const selection = await page.evaluate(() => [document.activeElement.selectionStart, document.activeElement.selectionEnd]);
  assert.deepEqual(selection, [0, article.url.length], "the whole link is selected");
  await context.close();
});

test("the page behind the overlay does not scroll, and Esc returns focus", async () => {
  const { context, page } = await openArticle({ viewport: { width: 800, height: 600 } });
  await page.locator("#av-action-share").scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => scrollY);
  await page.locator("#av-action-share").click();
  await page.mouse.move(20, 300);
  await page.mouse.wheel(0, -2000);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => scrollY), before);
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => document.activeElement.id), "av-action-share");
  await context.close();
});
