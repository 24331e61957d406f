// A 20 MB bundle of 10,000 articles in headless Chromium: when the requested article is on screen, and every task
// longer than 50 ms (the browser's long tasks) from navigation until the search index is built, split at the first
// render. Not a test: timings are measurements (`make bench-huge`). The goal: no task over 100 ms after the first
// render.
import { launch, serve } from "./server.mjs";

const runs = Number(process.env.RUNS ?? 3);
const server = await serve();
const browser = await launch();
const results = [];
for (let run = 0; run < runs; run++) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: "longtask", buffered: true });
    // The moment the requested article is in the document, seen by the first microtask after its render.
    new MutationObserver((_, observer) => {
      if (!window.shownAt && document.getElementById("av-heading")?.textContent.includes("第7777篇")) {
        window.shownAt = performance.now();
      }
      if (window.shownAt && !window.readAt && !document.querySelector("progress")) {
        window.readAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(new URL("/?bundle=/bundles/huge.json#/article/article-7777", server.url).href);
  await page.locator("#av-heading", { hasText: "第7777篇" }).waitFor({ timeout: 120_000 });
  const shown = await page.evaluate(() => window.shownAt);
  // The index is built after the first view; a search shows when it is ready.
  await page.waitForFunction(() => performance.getEntriesByName("article-viewer:index").length > 0, null,
    { timeout: 120_000 });
  await page.waitForTimeout(500);
  const { tasks, indexed } = await page.evaluate(() => ({
    tasks: window.longTasks,
    indexed: performance.getEntriesByName("article-viewer:index").at(-1).startTime
      + performance.getEntriesByName("article-viewer:index").at(-1).duration,
  }));
  const before = tasks.filter(([start]) => start < shown);
  const after = tasks.filter(([start]) => start >= shown);
  // Then what a reader does next on such a bundle: a channel of 2,000 articles, and a search.
  const interactions = {};
  for (const [name, act] of [
    ["channel", () => page.locator("a.breadcrumb-channel, nav a[href^='#/channel/']").first().click()],
    ["search", async () => { await page.fill("#av-search", "黄河流域"); await page.press("#av-search", "Enter"); }],
  ]) {
    const from = await page.evaluate(() => performance.now());
    await act();
    await page.waitForTimeout(1000);
    const longest = await page.evaluate((from) => Math.max(0, ...window.longTasks
      .filter(([start]) => start >= from).map(([, duration]) => duration)), from);
    interactions[name] = longest;
  }
  results.push({ shown, indexed, read: await page.evaluate(() => window.readAt), before, after, interactions });
  await page.close();
}
await browser.close();
server.close();

const ms = (value) => `${value.toFixed(0)} ms`;
console.log("huge bundle (10,000 articles, 20 MB), headless Chromium");
const longest = (tasks) => (tasks.length ? ms(Math.max(...tasks.map(([, duration]) => duration))) : "none");
const longestOf = (duration) => (duration ? ms(duration) : "none");
for (const [run, { shown, read, indexed, before, after, interactions }] of results.entries()) {
  console.log(`  run ${run + 1}: article on screen at ${ms(shown)}, every article read at ${ms(read)}, `
    + `index built at ${ms(indexed)}`);
  console.log(`    long tasks (over 50 ms) before the first render: ${before.length} (longest ${longest(before)}); `
    + `after it, until the index is built: ${after.length} (longest ${longest(after)})`);
  console.log(`    longest task opening a channel of 2,000 articles: ${longestOf(interactions.channel)}; `
    + `searching 黄河流域: ${longestOf(interactions.search)}`);
}
