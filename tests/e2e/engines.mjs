// Which browser engine runs the end-to-end suite: `E2E_ENGINE` is chromium (the default), firefox or webkit, and
// `make test-e2e` runs the suite once in each, in sequence. Tests are written once, against Playwright's API:
// Chromium and Firefox are driven by playwright-core (Firefox over WebDriver BiDi, Debian's firefox-esr), WebKit
// by Debian's WebKitWebDriver through `webdriver.mjs`, which offers the part of that API the suite uses.
//
// Where an engine truly cannot do something, a test says so: `test(name, unsupportedIn({ webkit: "why" }), fn)`
// skips it there, and node's test runner prints the engine and the reason and counts the skip.

/** The engine under test. */
export const engine = process.env.E2E_ENGINE ?? "chromium";

const names = { chromium: "Chromium", firefox: "Firefox", webkit: "WebKit" };
if (!names[engine]) throw new Error(`E2E_ENGINE=${engine}: expected chromium, firefox or webkit`);

/** The engine's name as people write it. */
export const engineName = names[engine];

/** Options for `test()` that skip it in the engines of `reasons` (`{ webkit: "no clipboard permission" }`). */
export function unsupportedIn(reasons) {
  const reason = reasons[engine];
  return reason ? { skip: `${engineName}: ${reason}` } : {};
}

const playwright = () => import("../../.tools/node_modules/playwright-core/index.mjs");

/**
 * A browser of the engine under test, headless, with Playwright's `Browser` API; `prefs`, Firefox preferences to
 * start it with (see `newContext`).
 */
export async function launch({ prefs = {} } = {}) {
  switch (engine) {
    case "chromium": {
      const { chromium } = await playwright();
      return chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
          "--no-first-run", "--disable-sync"],
      });
    }
    case "firefox": {
      const { firefox } = await playwright();
      return firefox.launch({
        channel: "moz-firefox",
        executablePath: "/usr/lib/firefox-esr/firefox-esr",
        headless: true,
        firefoxUserPrefs: prefs,
      });
    }
    case "webkit": {
      const { launchWebKit } = await import("./webdriver.mjs");
      return launchWebKit();
    }
  }
}

/**
 * A new context of `browser` with Playwright's context options. Over WebDriver BiDi, Firefox can emulate neither
 * `prefers-color-scheme` nor `prefers-reduced-motion` per context, nor turn JavaScript off: there the context is
 * the only one of a browser of its own, started with the preferences that do the same, and closed with it.
 */
export async function newContext(browser, options = {}) {
  const { colorScheme, reducedMotion, javaScriptEnabled, ...rest } = options;
  const needsPrefs = colorScheme || reducedMotion || javaScriptEnabled === false;
  if (engine !== "firefox" || !needsPrefs) return browser.newContext(options);
  const prefs = {};
  if (colorScheme) prefs["layout.css.prefers-color-scheme.content-override"] = colorScheme === "dark" ? 0 : 1;
  if (reducedMotion) prefs["ui.prefersReducedMotion"] = reducedMotion === "reduce" ? 1 : 0;
  if (javaScriptEnabled === false) prefs["javascript.enabled"] = false;
  const own = await launch({ prefs });
  const context = await own.newContext(rest);
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    await own.close();
  };
  return context;
}

/** A new page in a context of its own with `options` (see `newContext`); closing the page closes the context. */
export async function newPage(browser, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  const close = page.close.bind(page);
  page.close = async () => {
    await close();
    await context.close();
  };
  return page;
}
