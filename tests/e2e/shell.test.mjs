// End-to-end checks of the www/ shell in headless Chromium: the page a reader opens, under its own CSP.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, serve } from "./server.mjs";

const sample = JSON.parse(await readFile(new URL("../../www/bundles/sample.json", import.meta.url), "utf8"));
let server, browser;

before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens `path`, collecting console errors, failed requests and CSP violations as they happen. */
async function open(path) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("response", (response) => response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(new URL(path, server.url).href);
  return { page, problems };
}

test("the default page shows the first sample article with all its parts", async () => {
  const { page, problems } = await open("/");
  const first = sample.articles[0];
  await page.locator("article h1").waitFor();
  assert.equal(await page.locator("article h1").textContent(), first.title);
  assert.equal(await page.title(), `${first.title} - ${sample.site.name}`);
  assert.equal(await page.locator(".meta time").getAttribute("datetime"), first.published);
  assert.equal(await page.locator("nav.breadcrumb a").count(), 2);
  assert.equal(await page.locator("figure.lead figcaption").textContent(), first.lead.caption);
  const image = page.locator("figure.lead img");
  assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), "the lead image loads");
  assert.ok((await page.locator(".article-body p").count()) >= 2);
  assert.equal(await page.locator(".byline").textContent(), first.byline);
  assert.deepEqual(await page.locator(".article-actions button").allTextContents(), ["客户端中查看", "手机中查看", "分享"]);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a deep link opens another article, and the back button returns", async () => {
  const other = sample.articles[2];
  const { page, problems } = await open(`/#/article/${other.id}`);
  await page.locator("article h1", { hasText: other.title }).waitFor();
  await page.locator("nav.breadcrumb a").nth(1).click();
  await page.locator("section.channel h1").waitFor();
  await page.goBack();
  await page.locator("article h1", { hasText: other.title }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test("?bundle= with a broken bundle shows an alert naming the field", async () => {
  const { page } = await open("/?bundle=/test-data/broken-bundle.json");
  const alert = page.locator("[role=alert]");
  await alert.waitFor();
  assert.match(await alert.textContent(), /site\.url: expected an absolute http\(s\) URL, found "invest"/);
  await page.close();
});

test("?bundle= with a missing bundle says so with the URL", async () => {
  const { page } = await open("/?bundle=bundles/missing.json");
  const alert = page.locator("[role=alert]");
  await alert.waitFor();
  const message = await alert.textContent();
  assert.match(message, /HTTP 404/);
  assert.ok(message.includes(new URL("/bundles/missing.json", server.url).href), message);
  await page.close();
});

test("the article fits a 360 px wide phone without sideways scrolling", async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(new URL(`/#/article/${sample.articles[1].id}`, server.url).href);
  await page.locator("article h1").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.close();
});
