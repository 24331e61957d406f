// Accessibility in every engine: axe-core (pinned in .ci/setup) over every view of the reader page and of the
// embedded viewer, in the light and the dark theme, each both chosen by the reader and followed from the system,
// with no violation allowed; the way through the viewer by keyboard alone; and nothing moving for a reader who
// asks for reduced motion.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, sample, startSession } from "./harness.mjs";
import { newContext } from "./engines.mjs";

const axeSource = await readFile(new URL("../../.tools/node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
// Every rule axe runs by default (best practices and colour contrast included), and every WCAG 2.0, 2.1 and 2.2
// A and AA rule besides.
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const session = startSession();
const article = sample.articles[0];
const [firstChannel, otherChannel] = sample.channels;
// Found in several articles: a list of results, and marks in the article opened from it.
const query = "黄河";

// The theme as readers get it: chosen in the masthead (remembered in localStorage; the system's scheme is then the
// other one, to show the choice wins), or 自动, following the system's `prefers-color-scheme`.
const themes = [
  { name: "light, chosen", chosen: "light", colorScheme: "dark", dark: false },
  { name: "dark, chosen", chosen: "dark", colorScheme: "light", dark: true },
  { name: "light, from the system", colorScheme: "light", dark: false },
  { name: "dark, from the system", colorScheme: "dark", dark: true },
];
// The page's background in each theme (--av-subtle), to check that the theme is the one on screen.
const background = { light: "rgb(246, 246, 244)", dark: "rgb(20, 19, 18)" };

/** A browser context of a reader in `theme`. */
async function readerContext(theme, options = {}) {
  const context = await newContext(session.browser, { colorScheme: theme.colorScheme, ...options });
  if (theme.chosen) {
    // In every document of the context, about:blank and frames too, where storage may be refused.
    await context.addInitScript((chosen) => {
      try {
        localStorage.setItem("article-viewer:theme", chosen);
      } catch {}
    }, theme.chosen);
  }
  return context;
}

/** Opens `path` in `context` with the harness (which collects the page's problems), once `ready` shows. */
async function open(context, path, ready) {
  // The harness opens pages with `session.browser.newPage()`; a context's newPage opens one in that context.
  const opened = await openPage({ browser: context, server: session.server }, path);
  await opened.page.locator(ready).first().waitFor();
  return opened;
}

/** Goes to `hash` in the reader page as a link would, once `ready` shows. */
async function go(page, hash, ready) {
  await page.evaluate((hash) => (location.hash = hash), hash);
  await page.locator(ready).first().waitFor();
}

/** axe's violations in the whole page, open shadow roots included, one line per element. */
async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    await document.fonts.ready;
    const rules = Object.fromEntries(window.axe.getRules(tags).map((rule) => [rule.ruleId, { enabled: true }]));
    const results = await window.axe.run(document, { rules, resultTypes: ["violations"] });
    return results.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}) ${JSON.stringify(node.target)}: ` +
        node.failureSummary.replace(/\s+/g, " ")),
    );
  }, wcagTags);
}

/** The computed background of each viewer on the page, shadow roots included, by its theme's name. */
async function viewerBackgrounds(page) {
  const colours = await page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll("article-viewer")].map((host) => host.shadowRoot)];
    return roots.flatMap((root) => [...(root?.querySelectorAll(".viewer") ?? [])])
      .map((viewer) => getComputedStyle(viewer).backgroundColor);
  });
  return colours.map((colour) => Object.keys(background).find((name) => background[name] === colour) ?? colour);
}

for (const theme of themes) {
  const expected = theme.dark ? "dark" : "light";
  test(`axe finds no violation in any view, ${theme.name}`, async () => {
    const context = await readerContext(theme);
    const found = {};
    const allProblems = [];
    const check = async (page, view) => {
      found[view] = await violations(page);
      if (!found[view].length) delete found[view];
    };

    // The reader page, from view to view as a reader goes.
    const reader = await open(context, "/", `#av-tab-channels-${firstChannel.id}[aria-selected=true]`);
    const { page } = reader;
    assert.deepEqual(await viewerBackgrounds(page), [expected], "the theme on screen");
    assert.equal(await page.locator(".viewer").getAttribute("data-theme"), theme.chosen ?? "auto");
    await check(page, "home");
    await go(page, `#/channel/${otherChannel.id}`, `#av-tab-channels-${otherChannel.id}[aria-selected=true]`);
    await check(page, "another channel");
    await go(page, `#/article/${article.id}`, "article h1");
    await check(page, "an article");
    for (const tab of ["app", "phone", "share"]) {
      // Opened by the foot button for its tab, the first time; then by the overlay's own tabs.
      const button = tab === "app" ? "#av-action-app" : `[role=dialog] #av-tab-share-${tab}`;
      await page.locator(button).click();
      await page.locator(`[role=dialog] #av-tab-share-${tab}[aria-selected=true]`).waitFor();
      await check(page, `the share overlay's ${tab} tab`);
    }
    // Where the clipboard refuses, 复制链接 falls back to a selected field.
    await page.evaluate(() => {
      Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) } });
    });
    await page.locator("[data-action=copy-link]").click();
    await page.locator(".copy-fallback").waitFor();
    await check(page, "the share overlay's copy fallback");
    await page.keyboard.press("Escape");
    await page.locator("[role=dialog]").waitFor({ state: "detached" });
    await go(page, `#/search?q=${encodeURIComponent(query)}`, ".results .result");
    await check(page, "search results");
    await go(page, "#/search?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E8%AF%8D", ".search-summary");
    await check(page, "a search that finds nothing");
    await go(page, `#/article/${article.id}?q=${encodeURIComponent(query)}`, "article mark");
    await check(page, "an article opened from search, its matches marked");
    await go(page, "#/article/no-such-id", ".not-found");
    await check(page, "an article that does not exist");
    allProblems.push(...reader.problems);

    // Bundles that cannot be shown, or only in part.
    for (const [view, path, ready, missing] of [
      ["a bundle that cannot be fetched", "/?bundle=/bundles/missing.json", ".error-panel", true],
      ["a bundle that cannot be used", "/?bundle=/test-data/broken-bundle.json", ".error-panel"],
      ["a bundle with a bad article", "/?bundle=/test-data/partly-bad.json", ".notices"],
    ]) {
      const opened = await open(context, path, ready);
      await check(opened.page, view);
      // The missing bundle's 404 (the response, and the console's line about it) is the point of its view.
      const expected404 = (problem) => missing && /missing\.json|status of 404/.test(problem);
      allProblems.push(...opened.problems.filter((problem) => !expected404(problem)));
      await opened.page.close();
    }

    // The embedded viewer: the iframe variant, and a partner's page with two elements (the second always dark).
    const frame = await open(
      context,
      `/embed.html?bundle=${encodeURIComponent("/bundles/sample.json")}&article=${article.id}` +
        (theme.chosen ? `&theme=${theme.chosen}` : ""),
      "article-viewer article h1",
    );
    assert.deepEqual(await viewerBackgrounds(frame.page), [expected], "the embed's theme");
    await check(frame.page, "the iframe embed");
    allProblems.push(...frame.problems);
    const partner = await open(context, "/partner-demo.html", "article-viewer article h1");
    await partner.page.locator("article-viewer h1").nth(1).waitFor();
    if (theme.chosen) {
      await partner.page.evaluate((chosen) => document.querySelector("article-viewer").setAttribute("theme", chosen),
        theme.chosen);
      await partner.page.locator(`article-viewer .viewer[data-theme=${theme.chosen}] article h1`).waitFor();
    }
    assert.deepEqual(await viewerBackgrounds(partner.page), [expected, "dark"], "the embeds' themes");
    await check(partner.page, "a partner's page with two embeds");
    allProblems.push(...partner.problems);

    assert.deepEqual(found, {}, "axe's violations, by view");
    assert.deepEqual(allProblems, [], "the pages run cleanly");
    await context.close();
  });
}

/** What has focus: its id, role and href, whether it is in the share overlay, and the hash of the moment. */
function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      id: element?.id ?? "",
      role: element?.getAttribute("role") ?? element?.tagName.toLowerCase(),
      href: element?.getAttribute("href") ?? "",
      inDialog: Boolean(element?.closest("[role=dialog]")),
      hash: location.hash,
    };
  });
}

/** Presses `key` until `wanted(focused)`, at most `limit` times; returns what then has focus. */
async function pressUntil(page, key, wanted, what, limit = 40) {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press(key);
    const now = await focused(page);
    if (wanted(now)) return now;
  }
  assert.fail(`${key} never reached ${what}`);
}

test("a reader can search, read, share and switch channels by keyboard alone", async () => {
  const context = await readerContext(themes[2]);
  const { page, problems } = await open(context, "/", `#av-tab-channels-${firstChannel.id}[aria-selected=true]`);
  const visible = (selector) => page.locator(selector).first().isVisible();

  // To the search box, type, Enter: the results.
  await pressUntil(page, "Tab", (now) => now.id === "av-search", "the search box");
  await page.keyboard.type(query);
  await page.keyboard.press("Enter");
  await page.locator(".results .result").first().waitFor();
  assert.equal(await page.evaluate(() => location.hash), `#/search?q=${encodeURIComponent(query)}`);
  assert.equal((await focused(page)).id, "av-search", "focus stays in the box after Enter");

  // To the first result, Enter: its article, focus on its heading.
  const firstResult = await page.locator(".results .result a").first().getAttribute("href");
  const result = await pressUntil(page, "Tab", (now) => now.href.startsWith("#/article/"), "a result");
  assert.equal(result.href, firstResult, "the first link reached is the first result");
  await page.keyboard.press("Enter");
  await page.locator("article h1").waitFor();
  const reading = await focused(page);
  assert.equal(reading.id, "av-heading", "focus is on the article's heading");
  assert.equal(reading.hash, firstResult);
  assert.ok(await visible("article h1"));
  assert.equal(await page.locator(".search-results").count(), 0, "the results are gone");

  // To 分享, Enter: the overlay at its sharing tab, focus inside it; Escape: closed, focus back on the button.
  await pressUntil(page, "Tab", (now) => now.id === "av-action-share", "the share button");
  await page.keyboard.press("Enter");
  await page.locator("[role=dialog]").waitFor();
  const inOverlay = await focused(page);
  assert.ok(inOverlay.inDialog, "focus moves into the overlay");
  assert.equal(await page.locator("[role=dialog] [role=tab][aria-selected=true]").getAttribute("id"),
    "av-tab-share-share");
  await page.keyboard.press("Escape");
  await page.locator("[role=dialog]").waitFor({ state: "detached" });
  assert.equal((await focused(page)).id, "av-action-share", "focus returns to the button");
  // Space opens it too, at another tab.
  await page.keyboard.press("Shift+Tab");
  const phoneButton = await focused(page);
  assert.equal(phoneButton.id, "av-action-phone");
  await page.keyboard.press(" ");
  await page.locator("[role=dialog] #av-tab-share-phone[aria-selected=true]").waitFor();
  assert.ok((await focused(page)).inDialog);
  await page.keyboard.press("Escape");
  await page.locator("[role=dialog]").waitFor({ state: "detached" });
  assert.equal((await focused(page)).id, "av-action-phone", "focus returns to the button");

  // Back up to the breadcrumb, Enter: the article's channel, then its tab; arrows switch channels.
  const opened = sample.articles.find((item) => firstResult.startsWith(`#/article/${item.id}?`));
  const channel = sample.channels.find((candidate) => candidate.id === opened.channel);
  await pressUntil(page, "Shift+Tab", (now) => now.href === `#/channel/${channel.id}`, "the breadcrumb's channel");
  await page.keyboard.press("Enter");
  await page.locator(`#av-tab-channels-${channel.id}[aria-selected=true]`).waitFor();
  assert.equal((await focused(page)).id, "av-heading", "focus is on the channel's heading");
  const tab = await pressUntil(page, "Tab", (now) => now.role === "tab", "the channel tabs", 5);
  assert.equal(tab.id, `av-tab-channels-${channel.id}`, "Tab enters the tab list at the selected tab");
  const index = sample.channels.indexOf(channel);
  const next = sample.channels[(index + 1) % sample.channels.length];
  await page.keyboard.press("ArrowRight");
  await page.locator(`#av-tab-channels-${next.id}[aria-selected=true]`).waitFor();
  const switched = await focused(page);
  assert.equal(switched.id, `av-tab-channels-${next.id}`, "focus follows the selection");
  assert.equal(switched.hash, `#/channel/${next.id}`);
  const listed = await page.locator(".article-list .article-link").first().getAttribute("href");
  const newest = sample.articles.filter((item) => item.channel === next.id).map((item) => `#/article/${item.id}`);
  assert.ok(newest.includes(listed), "the list is the new channel's");
  await page.keyboard.press("ArrowLeft");
  await page.locator(`#av-tab-channels-${channel.id}[aria-selected=true]`).waitFor();
  assert.equal((await focused(page)).id, `av-tab-channels-${channel.id}`);
  await page.keyboard.press("End");
  const last = sample.channels.at(-1);
  await page.locator(`#av-tab-channels-${last.id}[aria-selected=true]`).waitFor();
  assert.equal((await focused(page)).id, `av-tab-channels-${last.id}`);

  assert.deepEqual(problems, []);
  await context.close();
});

test("nothing moves for a reader who asks for reduced motion", async () => {
  const context = await readerContext(themes[3], { reducedMotion: "reduce" });
  /** Every element with motion: a transition or animation that takes time, or smooth scrolling. */
  const moving = (page) =>
    page.evaluate(() => {
      const found = [];
      const seconds = (list) => list.split(",").map((value) => parseFloat(value) * (value.trim().endsWith("ms") ? 0.001 : 1));
      const visit = (root) => {
        // The document's root element too (scroll-behavior lives there), but not a shadow root's host again.
        for (const element of [root.documentElement, ...root.querySelectorAll("*")].filter(Boolean)) {
          for (const pseudo of [null, "::before", "::after"]) {
            const style = getComputedStyle(element, pseudo);
            // Not rendered (an embed's fallback, outside its shadow tree): no style at all.
            if (!style.display) continue;
            const name = `${element.tagName.toLowerCase()}.${element.className}${pseudo ?? ""}`;
            if (seconds(style.transitionDuration).some((duration) => duration > 0)) {
              found.push(`${name}: transition ${style.transitionProperty} ${style.transitionDuration}`);
            }
            if (style.animationName !== "none" && seconds(style.animationDuration).some((duration) => duration > 0)) {
              found.push(`${name}: animation ${style.animationName} ${style.animationDuration}`);
            }
            if (style.scrollBehavior !== "auto") found.push(`${name}: scroll-behavior ${style.scrollBehavior}`);
          }
          if (element.shadowRoot) visit(element.shadowRoot);
        }
      };
      visit(document);
      return { reduce: matchMedia("(prefers-reduced-motion: reduce)").matches, found };
    });

  const { page, problems } = await open(context, "/", ".channel .article-list");
  assert.deepEqual(await moving(page), { reduce: true, found: [] }, "home");
  await go(page, `#/article/${article.id}?q=${encodeURIComponent(query)}`, "article mark");
  assert.deepEqual(await moving(page), { reduce: true, found: [] }, "an article");
  await page.locator("#av-action-share").click();
  await page.locator("[role=dialog]").waitFor();
  assert.deepEqual(await moving(page), { reduce: true, found: [] }, "the share overlay");
  await page.keyboard.press("Escape");
  await go(page, `#/search?q=${encodeURIComponent(query)}`, ".results .result");
  assert.deepEqual(await moving(page), { reduce: true, found: [] }, "search results");
  const partner = await open(context, "/partner-demo.html", "article-viewer article h1");
  assert.deepEqual(await moving(partner.page), { reduce: true, found: [] }, "the embeds");
  assert.deepEqual([...problems, ...partner.problems], []);
  await context.close();
});
