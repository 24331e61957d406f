// What the end-to-end test files share: the sample bundle, and a server and a Chromium started before a file's
// tests and stopped after them.
import { after, before } from "node:test";
import { readFile } from "node:fs/promises";
import { serve } from "./server.mjs";
import { launch } from "./engines.mjs";

export const sample = JSON.parse(await readFile(new URL("../../www/bundles/sample.json", import.meta.url), "utf8"));

// An init script for a browser that is never idle: the search module, else prefetched when the browser is idle,
// then loads only when search is first used.
export const neverIdle = () => {
  window.requestIdleCallback = () => 0;
};

/**
 * Whether a request really failed. One the page itself cancelled by leaving (a reload during the search module's
 * idle prefetch, say) did not: the browser reports those as aborted.
 */
export const failed = (request) => request.failure()?.errorText !== "net::ERR_ABORTED";

// `session.server` (started with `serverOptions`, see `serve`) and `session.browser` are set once the file's tests start.
export function startSession(serverOptions = {}) {
  const session = {};
  before(async () => {
    session.server = await serve(serverOptions);
    session.browser = await launch();
  });
  after(async () => {
    await session.browser?.close();
    session.server?.close();
  });
  return session;
}

/**
 * Opens `path` in a new page of the session, collecting console errors, failed requests and CSP violations;
 * `init`, a function, runs in the page before its own scripts.
 */
export async function openPage(session, path, { init } = {}) {
  const page = await session.browser.newPage();
  const { problems } = await watch(page);
  page.on("response", (response) => response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`));
  if (init) await page.addInitScript(init);
  await page.goto(new URL(path, session.server.url).href);
  return { page, problems };
}

/**
 * Watches `page` before it loads anything: `problems` collects console errors, page errors, failed requests and
 * CSP violations; `requests`, the URL of every request it makes.
 */
export async function watch(page) {
  const problems = [];
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => failed(request) && problems.push(`request failed: ${request.url()}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { problems, requests };
}

/**
 * Back and forward in the page's history, as the browser's buttons go. The viewer's views are one document, so
 * nothing loads: Firefox's driver, asked to go back, waits for a load that never comes.
 */
export const back = (page) => page.evaluate(() => history.back());
export const forward = (page) => page.evaluate(() => history.forward());
