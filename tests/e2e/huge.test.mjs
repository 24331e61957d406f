// A 20 MB bundle of 10,000 articles through the real reader page in headless Chromium (issue 10): the download's
// progress shows, the article asked for shows before the rest is read, the page answers the reader while the
// search index is built (timers keep firing through it), and a channel of 2,000 opens with a page of them.
// How long tasks take is measured by `make bench-huge`, not here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, startSession } from "./harness.mjs";

const session = startSession();

// Records, from the first script on: the progress bar's values, whether the article showed while the bar did,
// and when the bar went.
function watchLoading() {
  window.seen = { values: [], previewed: false, read: false };
  new MutationObserver(() => {
    const bar = document.querySelector("progress");
    const shown = document.getElementById("av-heading")?.textContent.includes("第7777篇");
    if (bar?.hasAttribute("value") && String([bar.max, bar.value]) !== String(window.seen.values.at(-1))) {
      window.seen.values.push([Number(bar.max), Number(bar.value)]);
    }
    if (bar && shown) window.seen.previewed = true;
    if (!bar && shown) window.seen.read = true;
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
}

test("a slow 20 MB bundle shows its progress, then the article asked for, then the rest", async () => {
  const { page, problems } = await openPage(session, `/?bundle=${encodeURIComponent("/bundles/huge.json?slow")}#/article/article-7777`,
    { init: watchLoading });
  await page.waitForFunction(() => window.seen.read, null, { timeout: 60_000 });
  const seen = await page.evaluate(() => window.seen);
  // Bytes downloaded of the bundle's length, then articles read of its 10,000.
  const rising = (values) => values.length >= 5 && values.every((value, index) => !index || value > values[index - 1]);
  const bytes = seen.values.filter(([max]) => max > 19_000_000).map(([, value]) => value);
  const articles = seen.values.filter(([max]) => max === 10_000).map(([, value]) => value);
  assert.equal(bytes.length + articles.length, seen.values.length, `bytes, then articles: ${seen.values}`);
  assert.ok(rising(bytes), `the bar rose with the download: ${bytes}`);
  assert.ok(rising(articles), `then with the articles read: ${articles}`);
  assert.ok(seen.previewed, "the article showed while the rest was still being read");
  assert.deepEqual(problems, []);
  await page.close();
});

test("while the index is built the page answers, and then a search finds what it must", async () => {
  // A timer every 10 ms for the page's life: while a long task holds the thread it cannot fire.
  const ticking = () => {
    window.ticks = [];
    const tick = () => {
      window.ticks.push(performance.now());
      setTimeout(tick, 10);
    };
    tick();
  };
  const { page, problems } = await openPage(session, "/?bundle=/bundles/huge.json#/article/article-7777",
    { init: ticking });
  await page.locator("#av-heading", { hasText: "第7777篇" }).waitFor({ timeout: 60_000 });
  // A real click, queued behind whatever the page is doing, while the articles are read and indexed.
  await page.locator("#av-action-share").click();
  await page.locator("[role=dialog]").waitFor();
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => performance.getEntriesByName("article-viewer:index").length > 0, null,
    { timeout: 60_000 });
  const { ticks, start, end, gap } = await page.evaluate(() => {
    const [build] = performance.getEntriesByName("article-viewer:index");
    const during = window.ticks.filter((at) => at >= build.startTime && at <= build.startTime + build.duration);
    const gaps = [build.startTime, ...during, build.startTime + build.duration]
      .map((at, index, all) => (index ? at - all[index - 1] : 0));
    return { ticks: during.length, start: build.startTime, end: build.startTime + build.duration, gap: Math.max(...gaps) };
  });
  // Built in one task, the index would let no timer fire until it was done.
  assert.ok(ticks >= 10, `timers ran ${ticks} times during the ${Math.round(end - start)} ms build`);
  assert.ok(gap < 500, `the thread was never held for long: longest gap between timers ${Math.round(gap)} ms`);
  await page.fill("#av-search", "项目编号7777-3");
  await page.press("#av-search", "Enter");
  const results = page.locator(".results > li");
  await results.first().waitFor();
  assert.equal(await results.count(), 1);
  assert.match(await results.first().innerText(), /第7777篇/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a channel of 2,000 articles lists 50, and 显示更多文章 adds 50", async () => {
  const { page, problems } = await openPage(session, "/?bundle=/bundles/huge.json#/channel/industry");
  const items = page.locator(".article-list > li");
  await items.first().waitFor({ timeout: 60_000 });
  assert.equal(await items.count(), 50);
  const more = page.locator("[data-action=more-articles]");
  assert.equal(await more.innerText(), "显示更多文章（还有 1950 篇）");
  await more.click();
  assert.equal(await items.count(), 100);
  assert.equal(await more.innerText(), "显示更多文章（还有 1900 篇）");
  assert.deepEqual(problems, []);
  await page.close();
});
