// End-to-end checks of the www/ shell in every engine: the page a reader opens, under its own CSP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { back, forward, neverIdle, openPage, sample, startSession } from "./harness.mjs";
import { newPage, unsupportedIn } from "./engines.mjs";

const session = startSession();

const open = (path) => openPage(session, path);

test("the default page shows the channel tabs, and an article opens with all its parts", async () => {
  const { page, problems } = await open("/");
  await page.locator("[role=tab][aria-selected=true]").waitFor();
  assert.deepEqual(await page.locator("[role=tab]").allTextContents(), sample.channels.map((channel) => channel.name));
  assert.equal(await page.title(), `${sample.channels[0].name} — ${sample.site.name}`);
  const first = sample.articles[0];
  await page.locator(".article-list a", { hasText: first.title }).click();
  await page.locator("article h1").waitFor();
  assert.equal(await page.locator("article h1").textContent(), first.title);
  assert.equal(await page.title(), `${first.title} — ${sample.site.name}`);
  assert.equal(new URL(page.url()).hash, `#/article/${first.id}`);
  assert.equal(await page.locator(".meta time").getAttribute("datetime"), first.published);
  assert.equal(await page.locator("nav.breadcrumb a").count(), 2);
  assert.equal(await page.locator("figure.lead figcaption").textContent(), first.lead.caption);
  const image = page.locator("figure.lead img");
  await page.waitForFunction(() => document.querySelector("figure.lead img")?.complete);
  assert.ok(await image.evaluate((img) => img.naturalWidth > 0), "the lead image loads");
  assert.ok((await page.locator(".article-body p").count()) >= 2);
  assert.equal(await page.locator(".byline").textContent(), first.byline);
  assert.deepEqual(await page.locator(".article-actions button").allTextContents(), ["客户端中查看", "手机中查看", "分享"]);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "av-heading", "focus moves to the new heading");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a deep link opens another article, and the back button returns", async () => {
  const other = sample.articles[2];
  const { page, problems } = await open(`/#/article/${other.id}`);
  await page.locator("article h1", { hasText: other.title }).waitFor();
  await page.locator("nav.breadcrumb a").nth(1).click();
  await page.locator(`#av-tab-channels-${other.channel}[aria-selected=true]`).waitFor();
  await back(page);
  await page.locator("article h1", { hasText: other.title }).waitFor();
  await forward(page);
  await page.locator(`#av-tab-channels-${other.channel}[aria-selected=true]`).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test("tabs switch with the keyboard and the URL follows", async () => {
  const { page, problems } = await open("/");
  const firstTab = page.locator("[role=tab][aria-selected=true]");
  await firstTab.focus();
  await page.keyboard.press("ArrowRight");
  await page.locator(`#av-tab-channels-${sample.channels[1].id}[aria-selected=true]`).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), `av-tab-channels-${sample.channels[1].id}`);
  assert.equal(new URL(page.url()).hash, `#/channel/${sample.channels[1].id}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the text size chosen survives a reload", async () => {
  const { page, problems } = await open("/");
  await page.locator("[data-action=font-size][data-value=large]").click();
  await page.reload();
  await page.locator(".viewer[data-font-size=large]").waitFor();
  assert.equal(await page.locator("[data-action=font-size][aria-pressed=true]").textContent(), "大");
  assert.deepEqual(problems, []);
  await page.close();
});

test("dark mode follows the system until the reader chooses", async () => {
  const page = await newPage(session.browser, { colorScheme: "dark" });
  await page.goto(session.server.url);
  await page.locator("[role=tab]").first().waitFor();
  const background = () => page.evaluate(() => getComputedStyle(document.querySelector(".viewer")).backgroundColor);
  assert.equal(await background(), "rgb(20, 19, 18)");
  await page.locator("[data-action=theme][data-value=light]").click();
  assert.equal(await background(), "rgb(246, 246, 244)");
  await page.close();
});

test("printing shows the article without the viewer's controls", unsupportedIn({
  firefox: "Playwright cannot emulate print media over WebDriver BiDi, and no preference does",
  webkit: "WebDriver classic cannot emulate print media",
}), async () => {
  const page = await session.browser.newPage();
  await page.goto(new URL(`/#/article/${sample.articles[0].id}`, session.server.url).href);
  await page.locator("article h1").waitFor();
  await page.emulateMedia({ media: "print" });
  for (const selector of [".reading-controls", ".article-actions", ".pager"]) {
    assert.equal(await page.locator(selector).evaluate((element) => getComputedStyle(element).display), "none", selector);
  }
  assert.notEqual(await page.locator(".article-body").evaluate((element) => getComputedStyle(element).display), "none");
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
  assert.ok(message.includes(new URL("/bundles/missing.json", session.server.url).href), message);
  await page.close();
});

test("the article fits a 360 px wide phone without sideways scrolling", async () => {
  const page = await session.browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(new URL(`/#/article/${sample.articles[1].id}`, session.server.url).href);
  await page.locator("article h1").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.close();
});

test("search: typing shows marked results, Enter on a result opens it marked, Back returns", async () => {
  const { page, problems } = await open("/");
  await page.locator("[role=tab]").first().waitFor();
  await page.locator("#av-search").click();
  await page.keyboard.type("黄河");
  await page.locator("ol.results li").first().waitFor();
  assert.match(decodeURIComponent(new URL(page.url()).hash), /^#\/search\?q=黄河$/);
  const marks = await page.locator("ol.results mark").allTextContents();
  assert.ok(marks.length > 0 && marks.every((mark) => mark === "黄河"), marks.join());
  const title = await page.locator("ol.results a.result-title").first().textContent();
  await page.locator("ol.results a.result-title").first().focus();
  await page.keyboard.press("Enter");
  await page.locator("article h1", { hasText: title }).waitFor();
  assert.ok((await page.locator("article mark").count()) > 0);
  await back(page);
  await page.locator("ol.results li").first().waitFor();
  assert.equal(await page.locator("#av-search").inputValue(), "黄河");
  await back(page);
  await page.locator("[role=tab][aria-selected=true]").waitFor();
  assert.equal(await page.locator("#av-search").inputValue(), "", "the box follows the view");
  assert.deepEqual(problems, []);
  await page.close();
});

// See: issue 17. The search engine is a module of its own that a reader who only reads never downloads.
test("the first keystroke loads the search module, and its results show", async () => {
  const { page, problems } = await openPage(session, "/#/article/yellow-river-corridor-2024", { init: neverIdle });
  const asked = [];
  page.on("request", (request) => asked.push(new URL(request.url()).pathname));
  await page.locator("article h1").waitFor();
  await page.waitForLoadState("networkidle");
  assert.deepEqual(asked.filter((path) => path.includes("search")), [], "not loaded to read an article");
  await page.locator("#av-search").click();
  await page.keyboard.type("黄河");
  await page.locator("ol.results li").first().waitFor();
  assert.ok(asked.includes("/pkg/article_viewer_search_bg.wasm"), asked.join());
  const marks = await page.locator("ol.results mark").allTextContents();
  assert.ok(marks.length > 0 && marks.every((mark) => mark === "黄河"), marks.join());
  assert.deepEqual(problems, []);
  await page.close();
});

test("a deep link to a search loads the search module at once", async () => {
  const { page, problems } = await openPage(session, "/#/search?q=%E9%BB%84%E6%B2%B3", { init: neverIdle });
  await page.locator(".search-results:not([aria-busy]) ol.results li").first().waitFor();
  assert.match(await page.locator(".search-summary").textContent(), /找到 \d+ 篇/);
  assert.deepEqual(problems, []);
  await page.close();
});
