// Embedding on a partner site: the partner's page and the viewer on two origins (two local ports), under the
// partner's strict CSP, with hostile global CSS, in headless Chromium.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { serve } from "./server.mjs";
import { launch } from "./engines.mjs";
import { neverIdle, watch } from "./harness.mjs";

let viewer;
let partner;
let browser;
before(async () => {
  viewer = await serve();
  const host = viewer.url.replace(/\/$/, "");
  const csp =
    `default-src 'none'; script-src ${host} 'wasm-unsafe-eval'; connect-src ${host}; img-src ${host}; ` +
    `style-src ${host}; require-trusted-types-for 'script'`;
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>partner</title>
<link rel="icon" href="${host}/favicon.svg">
<link rel="stylesheet" href="${host}/partner-demo.css">
<script type="module" src="${host}/embed.js"></script>
</head><body><h1>partner</h1>
<article-viewer id="one" bundle="${host}/bundles/sample.json" article="yellow-river-corridor-2024"><a href="#">fallback</a></article-viewer>
<article-viewer id="two" bundle="${host}/bundles/sample.json" theme="dark" search="off" lang="en"><a href="#">fallback</a></article-viewer>
<p id="after">after the viewers</p>
</body></html>`;
  const bundle = encodeURIComponent(`${host}/bundles/sample.json`);
  const framed = `<!doctype html><html><head><meta charset="utf-8"><title>framed</title></head><body>
<iframe id="frame" src="${host}/embed.html?bundle=${bundle}&article=yellow-river-corridor-2024&theme=light"
  title="文章" width="600" height="150"></iframe></body></html>`;
  // The least a partner can allow: no style-src at all (the viewer's stylesheet is constructed, not loaded).
  const least = page
    .replace(`style-src ${host}; `, "")
    .replace(`<link rel="stylesheet" href="${host}/partner-demo.css">`, "");
  // A partner whose policy leaves the viewer's host out: the element cannot run, its fallback shows.
  const blocked = page.replace(`script-src ${host}`, "script-src 'none'");
  partner = await serve({
    pages: { "/partner.html": page, "/framed.html": framed, "/least.html": least, "/blocked.html": blocked },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  viewer?.close();
  partner?.close();
});

/** Opens a partner page, collecting CSP violations, console errors and failed requests; `init` runs first. */
async function openPartner(path = "/partner.html", { init } = {}) {
  const page = await browser.newPage();
  if (init) await page.addInitScript(init);
  const { problems } = await watch(page);
  await page.goto(new URL(path, partner.url).href);
  return { page, problems };
}

test("two viewers render from another origin under the partner's strict CSP, untouched by its CSS", async () => {
  const { page, problems } = await openPartner();
  const one = page.locator("#one");
  await one.locator("article h1").waitFor();
  await page.locator("#two [role=tab]").first().waitFor();
  assert.equal(await one.locator("article h1").textContent(), "沿黄生态文旅廊道建设提速 首批32个项目集中签约");
  assert.equal(await page.locator("#two .search-form").count(), 0, "search=off hides the search box");
  assert.equal(await page.locator("#two .viewer").getAttribute("data-theme"), "dark");
  assert.equal(await page.locator("#two [role=tablist]").getAttribute("aria-label"), "Channels", "lang=en");
  assert.equal(await page.locator("#one [role=tablist]").count(), 0);
  assert.equal(await one.locator(".meta-item").first().evaluate((item) => item.firstChild.textContent), "发布时间：");
  // The partner's h1 { color: red; font-size: 50px }, * { margin: 40px } and html { font-size: 10px } stay out.
  const title = await one.locator("article h1").evaluate((h1) => {
    const style = getComputedStyle(h1);
    return { color: style.color, fontSize: style.fontSize, marginTop: style.marginTop };
  });
  assert.notEqual(title.color, "rgb(255, 0, 0)");
  assert.notEqual(title.fontSize, "50px");
  assert.notEqual(title.marginTop, "40px");
  assert.equal(title.fontSize, "28px", "1.75rem of the viewer's own 16px");
  // And the viewer's styles stay in: the partner's own h1 keeps the partner's look.
  assert.equal(await page.locator("body > h1").evaluate((h1) => getComputedStyle(h1).color), "rgb(255, 0, 0)");
  // The partner themes through custom properties: its --av-accent reaches the tabs of the light viewer.
  assert.equal(
    await one.locator(".viewer").evaluate((viewer) => getComputedStyle(viewer).getPropertyValue("--av-accent").trim()),
    "#0b57d0",
  );
  // One wasm instance for both: the module and the wasm were fetched once.
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
  assert.equal(fetched.filter((name) => name.endsWith("/article_viewer_bg.wasm")).length, 1, `${fetched}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("navigation, the share overlay and search stay inside the viewer and leave the partner's address alone", async () => {
  const { page, problems } = await openPartner();
  const one = page.locator("#one");
  await one.locator("article h1").waitFor();
  const address = page.url();
  const entries = await page.evaluate(() => history.length);
  await one.locator("nav.breadcrumb a").nth(1).click();
  await one.locator("[role=tab][aria-selected=true]").waitFor();
  await one.locator("[role=tab]").nth(1).click();
  await one.locator("#av-tab-channels-economy[aria-selected=true]").waitFor();
  await one.locator(".article-list a").first().click();
  await one.locator("article h1").waitFor();
  assert.equal(page.url(), address, "the partner's URL is unchanged");
  assert.equal(await page.evaluate(() => history.length), entries, "no history entries were added");

  await one.locator("#av-action-share").click();
  const dialog = one.locator("[role=dialog]");
  await dialog.waitFor();
  assert.ok((await dialog.locator("svg[role=img]").count()) > 0, "the QR code shows inside the shadow root");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });

  await one.locator("#av-search").fill("黄河");
  await one.locator("#av-search").press("Enter");
  await one.locator("ol.results li").first().waitFor();
  assert.ok((await one.locator("ol.results mark").count()) > 0);
  assert.equal(page.url(), address);
  assert.deepEqual(problems, []);
  await page.close();
});

// See: issue 17. The search module loads from the viewer's host at the first keystroke, under the same policy.
test("under the partner's strict CSP, the first keystroke loads the search module and finds", async () => {
  const { page, problems } = await openPartner("/partner.html", { init: neverIdle });
  const asked = [];
  page.on("request", (request) => asked.push(new URL(request.url()).pathname));
  const one = page.locator("#one");
  await one.locator("article h1").waitFor();
  await page.waitForLoadState("networkidle");
  assert.ok(!asked.some((path) => path.includes("search")), asked.join());
  await one.locator("#av-search").click();
  await page.keyboard.type("黄河");
  await one.locator(".search-results:not([aria-busy]) ol.results li").first().waitFor();
  assert.ok((await one.locator("ol.results mark").count()) > 0);
  assert.deepEqual(asked.filter((path) => path.includes("search")),
    ["/pkg/article_viewer_search.js", "/pkg/article_viewer_search_bg.wasm"], "once, from the viewer's host");
  await one.locator("ol.results a.result-title").first().click();
  await one.locator("article mark").first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test("the iframe variant shows the article and posts its height to the page that frames it", async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.heights = [];
    addEventListener("message", (event) => {
      if (event.data?.type === "article-viewer:height") window.heights.push(event.data.height);
    });
  });
  await page.goto(new URL("/framed.html", partner.url).href);
  const frame = page.frameLocator("#frame");
  await frame.locator("article-viewer article h1").waitFor();
  assert.equal(await frame.locator("article h1").textContent(), "沿黄生态文旅廊道建设提速 首批32个项目集中签约");
  await page.waitForFunction(() => window.heights.some((height) => height > 1000));
  const heights = await page.evaluate(() => window.heights);
  // The partner sizes the iframe to the last height posted: the whole article, no inner scrolling.
  const last = heights.at(-1);
  const content = await frame.locator("html").evaluate((html) => html.scrollHeight);
  assert.ok(Math.abs(last - content) <= 1, `posted ${heights}, content ${content}`);
  await page.close();
});

test("the viewer needs no style-src from the partner", async () => {
  const { page, problems } = await openPartner("/least.html");
  const title = page.locator("#one article h1");
  await title.waitFor();
  assert.equal(await title.evaluate((h1) => getComputedStyle(h1).fontSize), "28px", "the viewer's own stylesheet applies");
  assert.deepEqual(problems, []);
  await page.close();
});

test("changing an attribute re-renders, and the page gains no global but the element's name", async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.globalsBefore = Object.getOwnPropertyNames(window);
  });
  await page.goto(new URL("/partner.html", partner.url).href);
  const one = page.locator("#one");
  await one.locator("article h1").waitFor();
  await page.evaluate(() => document.getElementById("one").setAttribute("article", "q1-investment-by-city-2024"));
  await one.locator("article h1", { hasText: "一季度" }).waitFor();
  await page.evaluate(() => document.getElementById("one").setAttribute("theme", "dark"));
  await page.locator("#one .viewer[data-theme=dark]").waitFor();
  // Playwright's own (`__pw…`, which its Firefox driver adds to type text) are not the page's.
  const added = await page.evaluate(() =>
    Object.getOwnPropertyNames(window).filter((name) =>
      !window.globalsBefore.includes(name) && name !== "globalsBefore" && !name.startsWith("__pw")),
  );
  assert.deepEqual(added, [], "no globals");
  assert.ok(await page.evaluate(() => customElements.get("article-viewer") !== undefined));
  await page.close();
});

test("where the viewer cannot run, the element's fallback link shows", async () => {
  const page = await browser.newPage();
  await page.goto(new URL("/blocked.html", partner.url).href);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.getElementById("one").shadowRoot), null);
  assert.ok(await page.locator("#one > a", { hasText: "fallback" }).isVisible());
  await page.close();
});
