// The static pages of `article-viewer render` (written to target/site by `make test-e2e`): complete without
// JavaScript, readable in a text browser, and taken over by the viewer without a second copy where it runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { sample, startSession } from "./harness.mjs";

const article = sample.articles[0];
const pagePath = `site/article/${article.id}.html`;
const session = startSession();

/** The article's body paragraphs as text, from its Markdown: blank-line separated, markup-free enough to compare. */
const paragraphs = article.body
  .split(/\n\n+/)
  .filter((block) => !/^[#>|\-*]/.test(block))
  .map((block) => block.replace(/\*\*|\[|\]\([^)]*\)/g, "").trim());

test("with JavaScript off, the static page holds the whole article", async () => {
  const context = await session.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(new URL(pagePath, session.server.url).href);
  assert.equal(await page.locator("article h1").textContent(), article.title);
  assert.equal(await page.locator(".meta time").getAttribute("datetime"), article.published);
  assert.equal(await page.locator("figure.lead figcaption").textContent(), article.lead.caption);
  assert.ok(await page.locator("figure.lead img").evaluate((img) => img.complete && img.naturalWidth > 0), "the lead loads");
  const shown = await page.locator(".article-body").textContent();
  for (const paragraph of paragraphs) assert.ok(shown.includes(paragraph.slice(0, 20)), paragraph.slice(0, 20));
  assert.equal(await page.locator(".byline").textContent(), article.byline);
  assert.equal(await page.locator("nav.breadcrumb a").nth(1).getAttribute("href"), `../channel/${article.channel}.html`);
  assert.equal(await page.locator('link[rel="canonical"]').getAttribute("href"), article.url);
  assert.equal(await page.locator('meta[property="og:title"]').getAttribute("content"), `${article.title} — ${sample.site.name}`);
  const jsonLd = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(jsonLd["@type"], "NewsArticle");
  assert.equal(jsonLd.headline, article.title);
  await context.close();
});

test("a text browser reads title, metadata and body in order", () => {
  // w3m wraps lines and drops spaces between Chinese characters: compare without white space.
  const squeeze = (text) => text.replace(/\s+/g, "");
  const dump = squeeze(execFileSync("w3m", ["-dump", "-cols", "200", `target/site/article/${article.id}.html`], { encoding: "utf8" }));
  const order = [article.title, "发布时间：", `来源：${article.source}`, paragraphs[0].slice(0, 15), paragraphs.at(-1).slice(0, 15), article.byline];
  const positions = order.map((text) => dump.indexOf(squeeze(text)));
  assert.ok(positions.every((position) => position >= 0), `missing from the dump: ${order.filter((_, i) => positions[i] < 0)}`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, "in reading order");
});

test("where the viewer runs, it takes the page over: same elements, in-viewer links, no second copy", async () => {
  const page = await session.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  await page.goto(new URL(pagePath, session.server.url).href);
  await page.evaluate(() => (document.querySelector("article h1").dataset.probe = "static"));
  await page.waitForFunction(() => !document.getElementById("app").hasAttribute("data-prerendered"));
  assert.equal(await page.locator("article h1").count(), 1, "one copy of the article");
  assert.equal(await page.evaluate(() => document.querySelector("article h1").dataset.probe), "static", "the same element");
  assert.equal(await page.locator("nav.breadcrumb a").nth(1).getAttribute("href"), `#/channel/${article.channel}`);
  await page.locator(`#av-action-phone`).click();
  await page.locator("[role=dialog] svg.qr").waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test("the static index lists the first channel, its links are pages", async () => {
  const context = await session.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(new URL("site/index.html", session.server.url).href);
  const first = page.locator(".article-list a").first();
  assert.match(await first.getAttribute("href"), /^article\/[\w-]+\.html$/);
  await first.click();
  await page.locator("article h1").waitFor();
  await context.close();
});
