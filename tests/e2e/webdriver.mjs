// WebKit for the end-to-end suite: Debian's WebKitGTK (MiniBrowser) driven through /usr/bin/WebKitWebDriver, over
// WebDriver classic, behind the part of Playwright's API the tests use, so that each test is written once.
//
// WebDriver classic has no network events, no console, and no way to run a script before a page's own. So:
// - Every page served by this process's test servers (server.mjs's `e2eHooks`) starts with a probe, a classic script
//   that records console messages, uncaught errors, unhandled rejections, CSP violations and dialogs in the page, and
//   then runs the context's and the page's init scripts, before any script of the page. The adapter reads what it
//   recorded after every command. A page from elsewhere (file://, another process) gets the probe only once loaded.
// - The test servers, and the adapter's proxy for other origins (below), tell the adapter of every request; the
//   browser's user agent names its context, so each request is the context's, with its headers, status and sizes
//   (exact). What reaches neither is seen in the page's resource timing (URL only). Console messages the browser
//   writes itself are approximated: the HTTP errors of the test servers' responses, and CSP violations, as the probe
//   sees them.
// - Each context is a WebKitWebDriver and a browser of its own (fresh profile); its pages are its windows.
// - Selectors are Playwright's CSS, piercing open shadow roots, resolved by a script in the page; clicks and keys
//   are WebDriver actions (trusted events), at the point Playwright would click once the element is hit there.
// - Requests can be routed (`page.route`, `context.route`: held, answered, sent on to another path of the same
//   server, refused) and are refused while a context is offline (`context.setOffline`). The test servers ask the
//   adapter before answering; requests to other origins go through a proxy of the adapter's (https ones too, with a
//   certificate made for the run, which the browser is told to accept), where only a route can answer them.
// What cannot be done over WebDriver classic (print media, permissions) throws an error that says so.
import { execFileSync, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { e2eHooks } from "./server.mjs";

// PNG, to cut an element's screenshot out of the viewport's (the suite's own copy, as share.test.mjs uses).
const { PNG } = createRequire(import.meta.url)("../../.tools/node_modules/pngjs");

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const TIMEOUT = 30_000;
// WebKitGTK's own user agent, with a token that tells the test servers which context a request comes from.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15";
const TOKEN = /\bav-e2e\/(\d+)/;
// Playwright's key names, as WebDriver's key codes.
const KEYS = {
  Enter: "\uE007", Escape: "\uE00C", Tab: "\uE004", Backspace: "\uE003", Delete: "\uE017", Shift: "\uE008",
  Control: "\uE009", Alt: "\uE00A", Meta: "\uE03D", ArrowLeft: "\uE012", ArrowUp: "\uE013", ArrowRight: "\uE014",
  ArrowDown: "\uE015", Home: "\uE011", End: "\uE010", PageUp: "\uE00E", PageDown: "\uE00F", Space: " ",
};
const STATUS_TEXT = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 416: "Range Not Satisfiable", 500: "Internal Server Error" };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const impossible = (what, why) => new Error(`WebKit over WebDriver classic cannot ${what}: ${why}`);

/** Runs in the page (as the source of a function): finds a locator's elements, as Playwright's CSS does. */
function inPage() {
  // A selector list as chains of compound selectors, each with the combinator that joins it to the one before.
  const parse = (selector) => {
    const chains = [[]];
    let compound = "";
    let combinator = null;
    let depth = 0;
    let quote = null;
    const flush = () => {
      if (!compound) return;
      const chain = chains.at(-1);
      chain.push({ compound, combinator: chain.length ? combinator ?? " " : null });
      compound = "";
      combinator = null;
    };
    for (const char of selector) {
      if (quote) quote = char === quote ? null : quote;
      else if (char === '"' || char === "'") quote = char;
      else if (char === "(" || char === "[") depth += 1;
      else if (char === ")" || char === "]") depth -= 1;
      else if (!depth && char === ",") {
        flush();
        chains.push([]);
        continue;
      } else if (!depth && /[\s>+~]/.test(char)) {
        flush();
        if (char.trim()) combinator = char;
        continue;
      }
      compound += char;
    }
    flush();
    return chains;
  };
  // Shadow roots are crossed: a shadow root's top elements have its host for parent.
  const parent = (element) => element.parentElement ?? element.parentNode?.host ?? null;
  const matches = (element, chain, index) => {
    if (!element.matches(chain[index].compound)) return false;
    if (index === 0) return true;
    const { combinator } = chain[index];
    if (combinator === ">") return Boolean(parent(element)) && matches(parent(element), chain, index - 1);
    if (combinator === "+" || combinator === "~") {
      for (let sibling = element.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
        if (matches(sibling, chain, index - 1)) return true;
        if (combinator === "+") return false;
      }
      return false;
    }
    for (let ancestor = parent(element); ancestor; ancestor = parent(ancestor)) {
      if (matches(ancestor, chain, index - 1)) return true;
    }
    return false;
  };
  function* descendants(root) {
    if (root.shadowRoot) yield* descendants(root.shadowRoot);
    for (const element of root.querySelectorAll("*")) {
      yield element;
      if (element.shadowRoot) yield* descendants(element.shadowRoot);
    }
  }
  const normal = (text) => text.replace(/\s+/g, " ").trim().toLowerCase();
  const query = (steps) => {
    let found = [document];
    for (const step of steps) {
      if (step.css) {
        const chains = parse(step.css);
        const next = new Set();
        for (const scope of found) {
          for (const element of descendants(scope)) {
            if (chains.some((chain) => matches(element, chain, chain.length - 1))) next.add(element);
          }
        }
        found = [...next];
      }
      if (step.hasText) found = found.filter((element) => normal(element.textContent).includes(normal(step.hasText)));
      if (step.nth !== undefined) found = found.slice(step.nth).slice(0, 1);
    }
    return found;
  };
  // Playwright's visibility: a box that is not empty, and not visibility: hidden.
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden";
  };
  // The element a click at (x, y) reaches, inside open shadow roots.
  const hit = (x, y) => {
    let element = document.elementFromPoint(x, y);
    for (let inner; element?.shadowRoot && (inner = element.shadowRoot.elementFromPoint(x, y)) && inner !== element; ) {
      element = inner;
    }
    return element;
  };
  const contains = (ancestor, element) => {
    for (let node = element; node; node = parent(node)) if (node === ancestor) return true;
    return false;
  };
  // Values as JSON that keeps undefined, NaN and the infinities.
  const serialize = (value) =>
    JSON.stringify({ value }, (key, item) =>
      item === undefined ? { $undefined: 1 } : typeof item === "number" && !Number.isFinite(item) ? { $number: String(item) } : item);
  return { query, visible, hit, contains, serialize };
}

const revive = (item) =>
  item?.$undefined ? undefined
    : item?.$number ? Number(item.$number)
    : Array.isArray(item) ? item.map(revive)
    : item && typeof item === "object" ? Object.fromEntries(Object.entries(item).map(([key, value]) => [key, revive(value)]))
    : item;
const deserialize = (text) => revive(JSON.parse(text).value);

/**
 * Runs in the page first (the probe's first part): records what the page's console and errors say, for the adapter
 * to read in `window.__e2e`. Returns false where it already ran.
 */
function recorder() {
  if (window.__e2e) return false;
  const log = [];
  Object.defineProperty(window, "__e2e", { value: { log, seen: new WeakSet() } });
  const text = (value) => {
    if (typeof value === "string") return value;
    if (value instanceof Error) return String(value);
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  };
  for (const [method, type] of [["error", "error"], ["warn", "warning"], ["log", "log"], ["info", "info"]]) {
    const original = console[method];
    console[method] = function (...values) {
      log.push({ kind: "console", type, text: values.map(text).join(" ") });
      return original.apply(this, values);
    };
  }
  const error = (value) => ({ kind: "pageerror", name: value?.name ?? "Error", message: value?.message ?? String(value), stack: value?.stack });
  addEventListener("error", (event) => event instanceof ErrorEvent && log.push(error(event.error ?? event.message)));
  addEventListener("unhandledrejection", (event) => log.push(error(event.reason)));
  // The message the browser writes to its console for a violation, which the probe cannot read.
  document.addEventListener("securitypolicyviolation", (event) => log.push({
    kind: "console",
    type: "error",
    text: `Refused to load ${event.blockedURI} because it does not appear in the ${event.violatedDirective} directive of the Content Security Policy.`,
  }));
  // Dialogs are dismissed at once, as Playwright does when nobody handles them; the adapter tells the page's
  // "dialog" listeners afterwards.
  for (const [type, dismissed] of [["alert", undefined], ["confirm", false], ["prompt", null]]) {
    window[type] = (message = "") => {
      log.push({ kind: "dialog", type, message: String(message) });
      return dismissed;
    };
  }
  return true;
}

/** The probe's source: the recorder, then `scripts` (init scripts, `{ source, arg }`) if it was not there yet. */
function probeSource(scripts) {
  const run = scripts.map(({ source, arg }) =>
    `try { (${source})(${arg === undefined ? "" : JSON.stringify(arg)}); } catch (error) { ` +
    `window.__e2e.log.push({ kind: "pageerror", name: error?.name, message: String(error?.message ?? error), stack: error?.stack }); }`);
  return `(() => {\nif (!(${recorder})()) return;\n${run.join("\n")}\n})();\n`;
}

/** Runs in the page: what the probe recorded since the last call, and resource timing entries not seen yet. */
function drain() {
  const probe = window.__e2e;
  const entries = probe
    ? [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
        .filter((entry) => !probe.seen.has(entry) && probe.seen.add(entry))
    : [];
  return JSON.stringify({
    url: location.href,
    probed: Boolean(probe),
    log: probe ? probe.log.splice(0) : [],
    resources: entries.map((entry) => ({ url: entry.name, status: entry.responseStatus })),
    frames: window.frames.length,
  });
}

// Every context by its number, for the test servers' hook; the origins the test servers answer, and those the proxy
// for other origins has been asked for: their requests are recorded as they are made, not read from the page.
const contexts = new Map();
const localOrigins = new Set();
const proxiedOrigins = new Set();
let contextsMade = 0;
// The drivers running, stopped (and with them their browsers) if the tests end without closing them.
const drivers = new Set();
process.once("exit", () => drivers.forEach((driver) => driver.kill()));

function hook() {
  e2eHooks.request = (request, response) => {
    localOrigins.add(`http://${request.headers.host}`);
    const context = contexts.get(TOKEN.exec(request.headers["user-agent"])?.[1]);
    // Not the probe, nor the site's icon, which the browser fetches for itself (Playwright does not tell of it).
    const icon = request.headers["sec-fetch-dest"] === "image" && request.headers.accept === "*/*";
    if (context && !icon && !request.url.startsWith("/__e2e/")) context.record(request, response);
  };
  e2eHooks.route = (request, response) => {
    const context = contexts.get(TOKEN.exec(request.headers["user-agent"])?.[1]);
    if (!context || request.url.startsWith("/__e2e/")) return false;
    // What a lost network does to a request: the connection goes, no response.
    if (context._offline) return refuse(request, "net::ERR_INTERNET_DISCONNECTED");
    return routed(context, request, response, `http://${request.headers.host}${request.url}`);
  };
  e2eHooks.probe = (request) => {
    const context = contexts.get(TOKEN.exec(request.headers["user-agent"])?.[1]);
    return probeSource(context ? context.initScriptsFor(context.pageFor(request)) : []);
  };
}

/** Fails a request as the browser would name the failure (`errorText`), by dropping its connection; answered. */
function refuse(request, errorText) {
  request.errorText = errorText;
  request.socket.destroy();
  return true;
}

/**
 * Hands a request to the first of its context's routes that matches `url` (the page's before the context's), and
 * resolves to whether the route answered it: false when none matches or the route let it through.
 */
function routed(context, request, response, url) {
  const page = context.pageFor(request);
  const route = [...(page?._routes ?? []), ...context._routes].find(({ matches }) => matches(url));
  if (!route) return false;
  return new Promise((resolve) => {
    const held = new Route(context, { url, method: request.method, headers: request.headers }, request, response, resolve);
    Promise.resolve(held).then(route.handler).catch((error) => {
      console.error(`a route handler for ${url} failed: ${error.stack}`);
      held.abort();
    });
  });
}

let proxy = null;
/**
 * The address (`host:port`) of the proxy every context's browser sends other origins' requests to, started once.
 * Plain http requests come whole; https ones come as a CONNECT tunnel, answered here with TLS and a certificate made
 * by openssl for the run. A route answers a request, or it fails as one to an unreachable host does.
 */
function otherOrigins() {
  proxy ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "av-webkit-tls-"));
    try {
      execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "2", "-subj", "/CN=article-viewer e2e", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
      { stdio: "ignore" });
      const [key, cert] = await Promise.all(["key.pem", "cert.pem"].map((name) => readFile(join(dir, name))));
      const answer = async (request, response, url) => {
        const context = contexts.get(TOKEN.exec(request.headers["user-agent"] ?? "")?.[1]);
        if (!context) return void request.socket.destroy();
        proxiedOrigins.add(new URL(url).origin);
        context.record(request, response, url);
        if (context._offline) return refuse(request, "net::ERR_INTERNET_DISCONNECTED");
        if (!(await routed(context, request, response, url))) refuse(request, "net::ERR_NAME_NOT_RESOLVED");
      };
      const tls = createHttpsServer({ key, cert }, (request, response) =>
        answer(request, response, `https://${request.headers.host}${request.url}`));
      const server = createHttpServer((request, response) => answer(request, response, request.url));
      server.on("connect", (request, socket, head) => {
        socket.on("error", () => {});
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length) socket.unshift(head);
        tls.emit("connection", socket);
      });
      await new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
      // It does not keep the tests' process alive.
      server.unref();
      return `127.0.0.1:${server.address().port}`;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return proxy;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Playwright's URL pattern (a glob where `**` is any text and `*` any but `/`, a RegExp, or a predicate of a URL). */
function urlMatcher(pattern) {
  if (pattern instanceof RegExp) return (url) => pattern.test(url);
  if (typeof pattern === "function") return (url) => pattern(new URL(url));
  const source = pattern.split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const glob = new RegExp(`^${source}$`);
  return (url) => glob.test(url);
}

/** A request to a test server held for a route's handler, as Playwright's `Route`; the server waits for `decide`. */
class Route {
  constructor(context, entry, incoming, response, decide) {
    this._entry = entry;
    this._incoming = incoming;
    this._response = response;
    this._decide = (answered) => {
      context._held.delete(this);
      decide(answered);
    };
    context._held.add(this);
  }
  request() { return new Request(this._entry); }
  /** Lets the server answer it, or (`url`) answer another path of the same server instead. */
  async continue({ url } = {}) {
    if (url) {
      const to = new URL(url);
      if (to.origin !== new URL(this._entry.url).origin) throw impossible("send a request on to another origin", to.origin);
      this._incoming.url = to.pathname + to.search;
    }
    this._decide(false);
  }
  async fulfill({ status = 200, contentType, headers = {}, body = "" } = {}) {
    const bytes = Buffer.from(body);
    const type = contentType ? { "content-type": contentType } : {};
    this._response.writeHead(status, { ...headers, ...type, "content-length": bytes.length }).end(bytes);
    this._decide(true);
  }
  async abort() {
    this._incoming.socket.destroy();
    this._decide(true);
  }
}

/** A request as Playwright's `Request`, from what a test server saw (or, elsewhere, from resource timing). */
class Request {
  constructor(entry) {
    this.entry = entry;
  }
  url() { return this.entry.url; }
  headers() { return this.entry.headers ?? {}; }
  async allHeaders() { return this.headers(); }
  // The browser let go of it before its response was sent: cancelled, as Chromium names it.
  failure() { return this.entry.failed ? { errorText: this.entry.errorText ?? "net::ERR_ABORTED" } : null; }
  async sizes() {
    return { requestBodySize: 0, requestHeadersSize: 0, responseBodySize: this.entry.bodyBytes ?? 0, responseHeadersSize: this.entry.headerBytes ?? 0 };
  }
}

class Response {
  constructor(request) {
    this._request = request;
  }
  url() { return this._request.url(); }
  status() { return this._request.entry.status; }
  request() { return this._request; }
}

class Browser {
  constructor() {
    this._contexts = new Set();
  }
  async newContext(options = {}) {
    const context = new Context(this, options);
    this._contexts.add(context);
    await context._start().catch(async (error) => {
      await context.close();
      throw error;
    });
    return context;
  }
  /** A page in a context of its own, closed with it, as Playwright's `browser.newPage()`. */
  async newPage(options = {}) {
    const context = await this.newContext(options);
    const page = await context.newPage();
    page._ownsContext = true;
    return page;
  }
  async close() {
    await Promise.all([...this._contexts].map((context) => context.close()));
  }
}

class Context {
  constructor(browser, options) {
    this.browser = browser;
    this.options = options;
    this.id = String((contextsMade += 1));
    this._pages = [];
    this._scripts = [];
    this._lock = Promise.resolve();
    this._routes = [];
    this._held = new Set();
    this._offline = false;
  }

  async _start() {
    const { colorScheme, reducedMotion, javaScriptEnabled = true, permissions = [], offline, geolocation } = this.options;
    this._offline = Boolean(offline);
    if (geolocation || permissions.some((name) => !name.startsWith("clipboard"))) {
      throw impossible(`grant ${permissions.join(", ")}`, "WebDriver classic has no permissions");
    }
    // MiniBrowser has no headless mode: without a display, it never starts and the session never comes.
    if (!process.env.DISPLAY) throw new Error("WebKit (MiniBrowser) needs a display: run the tests under xvfb-run -a");
    // GTK's settings of the browser's own (XDG_CONFIG_HOME): its animations setting is the page's
    // prefers-reduced-motion, and its toolbar is squeezed so that its window can be as narrow as a phone.
    this._config = await mkdtemp(join(tmpdir(), "av-webkit-"));
    await mkdir(join(this._config, "gtk-3.0"));
    await writeFile(join(this._config, "gtk-3.0/settings.ini"),
      `[Settings]\ngtk-enable-animations=${reducedMotion === "reduce" ? 0 : 1}\n`);
    await writeFile(join(this._config, "gtk-3.0/gtk.css"),
      "* { min-width: 0; min-height: 0; padding: 0; margin: 0; border-width: 0; font-size: 1px; }\n");
    const port = await freePort();
    // Other origins through the proxy: WebKitGTK applies the proxy capability to http only, the environment's to both.
    const proxy = `http://${await otherOrigins()}`;
    this._driver = spawn("/usr/bin/WebKitWebDriver", [`--port=${port}`], {
      env: { ...process.env, XDG_CONFIG_HOME: this._config, http_proxy: proxy, https_proxy: proxy, no_proxy: "127.0.0.1,localhost" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    drivers.add(this._driver);
    let said = "";
    this._driver.stderr.on("data", (chunk) => (said += chunk));
    this._base = `http://127.0.0.1:${port}`;
    for (const deadline = Date.now() + 10_000; ; await sleep(50)) {
      if (await fetch(`${this._base}/status`).then(() => true, () => false)) break;
      if (Date.now() > deadline || this._driver.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${said}`);
    }
    const args = [
      "--automation",
      `--user-agent=${USER_AGENT} av-e2e/${this.id}`,
      ...(colorScheme === "dark" ? ["--dark-mode"] : []),
      ...(javaScriptEnabled ? [] : ["--enable-javascript=false"]),
      // What Playwright's clipboard permissions grant: the page reads and writes the clipboard.
      ...(permissions.length ? ["--javascript-can-access-clipboard=true"] : []),
    ];
    const { sessionId } = await this._call("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          "webkitgtk:browserOptions": { args },
          acceptInsecureCerts: true,
        },
      },
    }, { timeout: 60_000 });
    this._session = `/session/${sessionId}`;
    this._spare = await this._command("GET", "/window");
    if (contexts.size === 0) hook();
    contexts.set(this.id, this);
  }

  async _call(method, path, body, { timeout } = {}) {
    const response = await fetch(this._base + path, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body && JSON.stringify(body),
      signal: timeout && AbortSignal.timeout(timeout),
    });
    const { value } = await response.json();
    if (value?.error) throw Object.assign(new Error(`${value.error}: ${value.message}`), { code: value.error });
    return value;
  }

  _command(method, path, body) {
    return this._call(method, this._session + path, body);
  }

  /** Runs `fn` with the session to itself: WebDriver does one thing at a time. */
  _serial(fn) {
    const run = this._lock.then(fn);
    this._lock = run.catch(() => {});
    return run;
  }

  /** Runs `fn` with the session to itself, in `page`'s window. */
  _exclusive(page, fn) {
    return this._serial(async () => {
      if (page._closed) throw new Error("Target page, context or browser has been closed");
      await this._switch(page._handle);
      this._active = page;
      return fn();
    });
  }

  async _switch(handle) {
    if (this._current === handle) return;
    await this._command("POST", "/window", { handle });
    this._current = handle;
  }

  async newPage() {
    // A new window (not a tab: a tab bar would take from the other pages' viewports) is opened from an open one
    // (the spare, if there is one, is the only one).
    const handle = this._spare ?? await this._serial(async () => {
      await this._switch(this.pages()[0]._handle);
      return (await this._command("POST", "/window/new", { type: "window" })).handle;
    });
    this._spare = null;
    const page = new Page(this, handle);
    this._pages.push(page);
    const { width = 1280, height = 720 } = this.options.viewport ?? {};
    await page.setViewportSize({ width, height });
    return page;
  }

  pages() { return this._pages.filter((page) => !page._closed); }

  async addInitScript(script, arg) {
    this._scripts.push({ source: String(script), arg });
  }

  initScriptsFor(page) {
    return [...this._scripts, ...(page?._scripts ?? [])];
  }

  /**
   * The page a request comes from: the context's only page; else the one whose document sent it (the referrer is
   * its address, or its origin for another origin's files); else the page the adapter last worked in.
   */
  pageFor(request) {
    const pages = this.pages();
    if (pages.length === 1) return pages[0];
    const referrer = request.headers.referer ?? "";
    const from = pages.filter((page) => page._url.split("#")[0] === referrer || `${new URL(page._url, "http://x").origin}/` === referrer);
    return from.length === 1 ? from[0] : this._active;
  }

  /** Keeps what a test server, or the proxy for other origins (`url`), does with `request` for its page: its headers, status and sizes. */
  record(request, response, url = `http://${request.headers.host}${request.url}`) {
    const entry = { url, method: request.method, headers: request.headers, bodyBytes: 0 };
    for (const name of ["write", "end"]) {
      const send = response[name];
      response[name] = function (chunk, ...rest) {
        if (chunk && typeof chunk !== "function") entry.bodyBytes += Buffer.byteLength(chunk);
        return send.call(this, chunk, ...rest);
      };
    }
    response.once("finish", () => {
      entry.status = response.statusCode;
      entry.headerBytes = Buffer.byteLength(response._header ?? "");
      entry.done = Date.now();
    });
    response.once("close", () => {
      entry.failed = !entry.done;
      entry.errorText = request.errorText;
      entry.done ??= Date.now();
    });
    this._quiet = Date.now();
    response.once("close", () => (this._quiet = Date.now()));
    this.pageFor(request)?._requests.push(entry);
  }

  _busy() {
    return this.pages().some((page) => page._requests.some((entry) => !entry.done));
  }

  /** Offline, the test servers refuse the context's requests; other origins are out of reach (and not asked for). */
  async setOffline(offline) {
    this._offline = offline;
  }
  async route(pattern, handler) {
    this._routes.push({ matches: urlMatcher(pattern), handler });
  }

  async close() {
    if (this._closed) return;
    this._closed = true;
    for (const page of this._pages) page._closed = true;
    for (const held of this._held) held.abort();
    await this._lock;
    contexts.delete(this.id);
    if (contexts.size === 0) Object.assign(e2eHooks, { probe: null, request: null, route: null });
    this.browser._contexts.delete(this);
    if (this._session) await this._command("DELETE", "").catch(() => {});
    this._driver?.kill();
    drivers.delete(this._driver);
    if (this._config) await rm(this._config, { recursive: true, force: true });
  }
}

/** A message of the page's console, as Playwright's `ConsoleMessage`. */
class ConsoleMessage {
  constructor(type, text) {
    this._type = type;
    this._text = text;
  }
  type() { return this._type; }
  text() { return this._text; }
}

class Page extends EventEmitter {
  constructor(context, handle) {
    super();
    this._context = context;
    this._handle = handle;
    this._url = "about:blank";
    this._scripts = [];
    this._requests = [];
    this._routes = [];
    this.keyboard = {
      press: (key) => this._act(() => this._keys(key)),
      type: (text) => this._act(() => this._type(text)),
    };
    this._mouse = { x: 0, y: 0 };
    this.mouse = {
      move: (x, y) => this._act(() => this._pointer([{ type: "pointerMove", x: Math.round(x), y: Math.round(y), origin: "viewport", duration: 0 }], { x, y })),
      wheel: (deltaX, deltaY) => this._act(() => this._actions([{
        type: "wheel",
        id: "wheel",
        actions: [{ type: "scroll", x: Math.round(this._mouse.x), y: Math.round(this._mouse.y), deltaX, deltaY, origin: "viewport" }],
      }])),
    };
  }

  context() { return this._context; }
  url() { return this._url; }

  _command(method, path, body) {
    return this._context._command(method, path, body);
  }

  /**
   * Does `fn` in this page's window, then tells the page's listeners what happened meanwhile (before a navigation,
   * `leaves`, also what the document it leaves recorded). A response that ends once the command has begun is told
   * of with the next command, as Playwright's come after the command's own answer, unless the command `waits` (for
   * a load, an element, a time).
   */
  async _act(fn, { leaves = false, waits = leaves } = {}) {
    return this._context._exclusive(this, async () => {
      const began = Date.now();
      if (leaves) await this._drain();
      const result = await fn();
      await this._drain(waits ? Infinity : began);
      return result;
    });
  }

  /** Reads what the probe recorded (and puts it in a page that was served without it), and tells the listeners. */
  async _drain(until = Infinity) {
    let state;
    try {
      state = JSON.parse(await this._command("POST", "/execute/sync", { script: `return (${drain})()`, args: [] }));
    } catch {
      return; // Between two documents: next time.
    }
    this._url = state.url;
    if (!state.probed && state.url !== "about:blank") {
      const probe = probeSource(this._context.initScriptsFor(this));
      await this._command("POST", "/execute/sync", { script: probe, args: [] }).catch(() => {});
    }
    const found = [state];
    for (let frame = 0; frame < state.frames; frame += 1) {
      try {
        await this._command("POST", "/frame", { id: frame });
        found.push(JSON.parse(await this._command("POST", "/execute/sync", { script: `return (${drain})()`, args: [] })));
      } catch {
        // A frame that is gone, or not loaded yet.
      } finally {
        await this._command("POST", "/frame", { id: null }).catch(() => {});
      }
    }
    for (const { log, resources } of found) {
      for (const item of log) this._tell(item);
      // Files from elsewhere than the test servers, which only the page knows of.
      for (const { url, status } of resources) {
        const { origin } = new URL(url);
        if (localOrigins.has(origin) || proxiedOrigins.has(origin)) continue;
        const request = new Request({ url, status: status || undefined, done: true });
        this.emit("request", request);
        if (status) this.emit("response", new Response(request));
        this.emit("requestfinished", request);
      }
    }
    this._tellRequests(until);
  }

  _tell(item) {
    if (item.kind === "console") this.emit("console", new ConsoleMessage(item.type, item.text));
    if (item.kind === "pageerror") {
      this.emit("pageerror", Object.assign(new Error(item.message), { name: item.name ?? "Error", stack: item.stack }));
    }
    if (item.kind === "dialog") {
      this.emit("dialog", {
        type: () => item.type,
        message: () => item.message,
        defaultValue: () => "",
        accept: async () => {},
        dismiss: async () => {},
      });
    }
  }

  /** Tells the listeners of the requests the test servers saw from this page, as far as each had gone by `until`. */
  _tellRequests(until) {
    for (const entry of this._requests) {
      if (!entry.request) {
        entry.request = new Request(entry);
        this.emit("request", entry.request);
      }
      if (!(entry.done <= until)) continue;
      this._requests = this._requests.filter((other) => other !== entry);
      if (entry.failed) {
        this.emit("requestfailed", entry.request);
        continue;
      }
      this.emit("response", new Response(entry.request));
      if (entry.status >= 400) {
        this.emit("console", new ConsoleMessage("error",
          `Failed to load resource: the server responded with a status of ${entry.status} (${STATUS_TEXT[entry.status] ?? "Error"})`));
      }
      this.emit("requestfinished", entry.request);
    }
  }

  async _script(script, args = [], { async = false } = {}) {
    return this._command("POST", `/execute/${async ? "async" : "sync"}`, { script, args });
  }

  async goto(url) {
    await this._act(() => this._command("POST", "/url", { url }), { leaves: true });
    return null;
  }
  async reload() {
    await this._act(() => this._command("POST", "/refresh", {}), { leaves: true });
    return null;
  }
  async goBack() {
    await this._act(() => this._command("POST", "/back", {}), { leaves: true });
    return null;
  }
  async goForward() {
    await this._act(() => this._command("POST", "/forward", {}), { leaves: true });
    return null;
  }
  async title() {
    return this._act(() => this._command("GET", "/title"));
  }
  async addInitScript(script, arg) {
    this._scripts.push({ source: String(script), arg });
  }
  async setViewportSize({ width, height }) {
    // The window's size is set; the viewport is what is left of it once the toolbar has its part. The window
    // manager takes its time, so the viewport is read until it holds still.
    const viewport = async () => {
      for (let last = null; ; await sleep(50)) {
        const now = await this._script("return [innerWidth, innerHeight]");
        if (String(now) === String(last)) return now;
        last = now;
      }
    };
    await this._act(async () => {
      for (let tries = 0; tries < 5; tries += 1) {
        const [innerWidth, innerHeight] = await viewport();
        if (innerWidth === width && innerHeight === height) return;
        const outer = await this._command("GET", "/window/rect");
        await this._command("POST", "/window/rect", { width: outer.width + width - innerWidth, height: outer.height + height - innerHeight });
      }
      throw new Error(`WebKit: a viewport of ${width}×${height} was asked for, ${await viewport()} was had`);
    });
  }

  /** `fn` (a function, or a script's source, run as a function's body) in the page with `arg`; awaited. */
  async evaluate(fn, arg) {
    return this._act(() => this._evaluate(fn, arg));
  }
  async _evaluate(fn, arg) {
    const call = typeof fn === "function"
      ? `(${fn})(${arg === undefined ? "" : JSON.stringify(arg)})`
      : `(() => {\n${fn}\n})()`;
    const script = `const done = arguments[0]; const $ = (${inPage})();
Promise.resolve().then(() => ${call}).then((value) => done({ value: $.serialize(value) }), (error) => done({ thrown: String(error) }));`;
    const result = await this._script(script, [], { async: true });
    if (result.thrown) throw new Error(`page.evaluate: ${result.thrown}`);
    return deserialize(result.value);
  }

  async waitForFunction(fn, arg, { timeout = TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    const check = typeof fn === "function" ? `(${fn})(${arg === undefined ? "" : JSON.stringify(arg)})` : fn;
    // Polls in the page a second at a time, so that a navigation only costs the second it interrupts.
    const script = `const done = arguments[0]; const until = performance.now() + 1000;
(async () => { for (;;) { const value = await (${check}); if (value) return true; if (performance.now() > until) return false;
await new Promise((resolve) => setTimeout(resolve, 20)); } })().then(done, (error) => done({ thrown: String(error) }));`;
    for (;;) {
      const result = await this._act(() => this._script(script, [], { async: true }).catch(() => false), { waits: true });
      if (result === true) return true;
      if (result?.thrown) throw new Error(`page.waitForFunction: ${result.thrown}`);
      if (Date.now() > deadline) throw new Error(`page.waitForFunction: Timeout ${timeout}ms exceeded`);
    }
  }

  async waitForTimeout(ms) {
    await sleep(ms);
    await this._act(() => {}, { waits: true });
  }

  /** "networkidle": no request of this context in flight, nor ended, for 500 ms (as the test servers see them). */
  async waitForLoadState(state = "load", { timeout = TIMEOUT } = {}) {
    await this.waitForFunction(state === "domcontentloaded" ? "document.readyState !== 'loading'" : "document.readyState === 'complete'",
      undefined, { timeout });
    const deadline = Date.now() + timeout;
    while (state === "networkidle" && (this._context._busy() || Date.now() - (this._context._quiet ?? 0) < 500)) {
      if (Date.now() > deadline) throw new Error(`page.waitForLoadState: Timeout ${timeout}ms exceeded`);
      await sleep(100);
    }
    await this._act(() => {}, { waits: true });
  }

  /** Waits for `event` with `predicate` true of it, reading the page every 100 ms. */
  async waitForEvent(event, predicate = () => true, { timeout = TIMEOUT } = {}) {
    if (typeof predicate === "object") ({ predicate = () => true, timeout = TIMEOUT } = predicate);
    let seen;
    const listener = async (value) => {
      if (await predicate(value)) seen ??= { value };
    };
    this.on(event, listener);
    try {
      for (const deadline = Date.now() + timeout; !seen; await sleep(100)) {
        if (Date.now() > deadline) throw new Error(`page.waitForEvent: Timeout ${timeout}ms exceeded waiting for "${event}"`);
        await this._act(() => {}, { waits: true });
      }
      return seen.value;
    } finally {
      this.off(event, listener);
    }
  }
  waitForResponse(match, options) {
    const predicate = typeof match === "function" ? match : (response) => response.url() === String(match);
    return this.waitForEvent("response", predicate, options);
  }

  locator(selector, options) {
    return new Locator(this, [], []).locator(selector, options);
  }
  frameLocator(selector) {
    return new FrameLocator(this, [[{ css: selector }]]);
  }
  fill(selector, value) { return this.locator(selector).fill(value); }
  press(selector, key) { return this.locator(selector).press(key); }

  async _actions(actions) {
    await this._command("POST", "/actions", { actions });
  }
  async _pointer(actions, at) {
    await this._actions([{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }]);
    if (at) this._mouse = at;
  }
  async _click(x, y) {
    await this._pointer([
      { type: "pointerMove", x: Math.round(x), y: Math.round(y), origin: "viewport", duration: 0 },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
    ], { x, y });
  }
  /** "Shift+Tab" as WebDriver key actions: the modifiers down, the key down and up, the modifiers up. */
  async _keys(combination) {
    const keys = combination.split(/\+(?!$)/).map((key) => KEYS[key] ?? key);
    const actions = [
      ...keys.map((value) => ({ type: "keyDown", value })),
      ...keys.reverse().map((value) => ({ type: "keyUp", value })),
    ];
    await this._actions([{ type: "key", id: "keyboard", actions }]);
  }
  async _type(text) {
    const actions = [...text].flatMap((value) => [{ type: "keyDown", value }, { type: "keyUp", value }]);
    await this._actions([{ type: "key", id: "keyboard", actions }]);
  }

  async emulateMedia() {
    throw impossible("emulate media", "WebDriver classic has no emulation of media types or features");
  }
  async route(pattern, handler) {
    this._routes.push({ matches: urlMatcher(pattern), handler });
  }

  async close() {
    if (this._closed) return;
    if (this._ownsContext) return this._context.close();
    await this._act(async () => {
      if (this._context.pages().length > 1) {
        await this._command("DELETE", "/window");
        this._context._current = null;
      } else {
        // A session lives as long as its last window: this one is kept, blank, for the next page.
        await this._command("POST", "/url", { url: "about:blank" });
        this._context._spare = this._handle;
      }
    });
    this._closed = true;
  }
}

/** A locator's frames, as Playwright's `FrameLocator`. */
class FrameLocator {
  constructor(page, frames) {
    this._page = page;
    this._frames = frames;
  }
  locator(selector, options) {
    return new Locator(this._page, this._frames, []).locator(selector, options);
  }
  frameLocator(selector) {
    return new FrameLocator(this._page, [...this._frames, [{ css: selector }]]);
  }
}

class Locator {
  constructor(page, frames, steps) {
    this._page = page;
    this._frames = frames;
    this._steps = steps;
  }
  toString() {
    return this._steps.map((step) =>
      step.css ? `locator(${JSON.stringify(step.css)}${step.hasText ? `, { hasText: ${JSON.stringify(step.hasText)} }` : ""})`
        : step.hasText ? `filter({ hasText: ${JSON.stringify(step.hasText)} })` : `nth(${step.nth})`).join(".");
  }

  locator(selector, { hasText } = {}) {
    return new Locator(this._page, this._frames, [...this._steps, { css: selector, hasText }]);
  }
  filter({ hasText } = {}) { return new Locator(this._page, this._frames, [...this._steps, { hasText }]); }
  nth(index) { return new Locator(this._page, this._frames, [...this._steps, { nth: index }]); }
  first() { return this.nth(0); }
  last() { return this.nth(-1); }
  async all() {
    return Array.from({ length: await this.count() }, (_, index) => this.nth(index));
  }

  /**
   * In the locator's frame, waits until its element is in `state` (attached, visible, hidden, detached), then runs
   * `action` (a function's source) on it in the page, with `arg`: its value, or `{ retry: why }` to wait on. Returns
   * `{ value, element }` (element, a WebDriver reference, if `action` returns `{ element }`).
   */
  async _when(state, action, { arg, timeout = TIMEOUT, what = "", waits = false } = {}) {
    const deadline = Date.now() + timeout;
    const script = `const [steps, state, arg, done] = arguments; const $ = (${inPage})(); const until = performance.now() + 1000;
const action = ${action ?? "() => undefined"};
(async () => {
  for (let why = ""; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const found = $.query(steps);
    if (found.length > 1) return { thrown: "strict mode violation: resolved to " + found.length + " elements" };
    const [element] = found;
    const ready = state === "attached" ? Boolean(element) : state === "visible" ? Boolean(element) && $.visible(element)
      : state === "detached" ? !element : !element || !$.visible(element);
    if (ready) {
      const value = await action(element, arg, $);
      if (!value?.retry) return value?.element ? { element: value.element } : { value: $.serialize(value) };
      why = value.retry;
    }
    if (performance.now() > until) return { waiting: why || (element ? "not " + state : "no element") };
  }
})().then(done, (error) => done({ thrown: String(error) }));`;
    for (let waiting = "no element"; ;) {
      const result = await this._page._act(() => this._inFrames(() => this._page._script(script, [this._steps, state, arg], { async: true })), { waits })
        .catch((error) => ({ waiting: error.message }));
      if (result.thrown) throw new Error(`${what}: ${this}: ${result.thrown}`);
      if (!result.waiting) return { value: result.value && deserialize(result.value), element: result.element?.[ELEMENT] };
      waiting = result.waiting;
      if (Date.now() > deadline) {
        throw new Error(`${what}: Timeout ${timeout}ms exceeded waiting for ${this} to be ${state} (${waiting})`);
      }
    }
  }

  /** Runs `fn` with the session in this locator's frame, then back in the page. */
  async _inFrames(fn) {
    if (!this._frames.length) return fn();
    const find = `const [steps] = arguments; return (${inPage})().query(steps)[0] ?? null;`;
    try {
      for (const steps of this._frames) {
        const frame = await this._page._script(find, [steps]);
        if (!frame) throw new Error(`no frame ${JSON.stringify(steps[0].css)} yet`);
        await this._page._command("POST", "/frame", { id: frame });
      }
      return await fn();
    } finally {
      await this._page._command("POST", "/frame", { id: null });
    }
  }

  /** `fn` over every element the locator finds now, without waiting. */
  async _now(fn, arg) {
    const script = `const [steps, arg] = arguments; const $ = (${inPage})(); return $.serialize((${fn})($.query(steps), arg));`;
    return deserialize(await this._page._act(() => this._inFrames(() => this._page._script(script, [this._steps, arg]))));
  }

  async waitFor({ state = "visible", timeout } = {}) {
    await this._when(state, null, { timeout, what: "locator.waitFor", waits: true });
  }
  async count() {
    return this._now((elements) => elements.length);
  }
  async isVisible() {
    return this._now((elements) => {
      if (elements.length > 1) throw new Error(`strict mode violation: resolved to ${elements.length} elements`);
      const box = elements[0]?.getBoundingClientRect();
      return Boolean(box?.width && box.height) && getComputedStyle(elements[0]).visibility !== "hidden";
    });
  }
  async allTextContents() {
    return this._now((elements) => elements.map((element) => element.textContent));
  }
  async evaluateAll(fn, arg) {
    return this._now(fn, arg);
  }
  async textContent(options) {
    return (await this._when("attached", "(element) => element.textContent", { ...options, what: "locator.textContent" })).value;
  }
  async innerText(options) {
    return (await this._when("attached", "(element) => element.innerText", { ...options, what: "locator.innerText" })).value;
  }
  async inputValue(options) {
    return (await this._when("attached", "(element) => element.value", { ...options, what: "locator.inputValue" })).value;
  }
  async getAttribute(name, options) {
    return (await this._when("attached", "(element, name) => element.getAttribute(name)", { ...options, arg: name, what: "locator.getAttribute" })).value;
  }
  async boundingBox(options) {
    return (await this._when("attached", "(element) => { const { x, y, width, height } = element.getBoundingClientRect(); return { x, y, width, height }; }",
      { ...options, what: "locator.boundingBox" })).value;
  }
  async evaluate(fn, arg, options) {
    // The function is the page's, as written: its source goes in the script.
    const action = `async (element, arg) => (${fn})(element, arg)`;
    return (await this._when("attached", action, { ...options, arg, what: "locator.evaluate" })).value;
  }
  async focus(options) {
    await this._when("attached", "(element) => { element.focus(); }", { ...options, what: "locator.focus" });
  }
  async scrollIntoViewIfNeeded(options) {
    await this._when("visible", "(element) => { element.scrollIntoViewIfNeeded(true); }", { ...options, what: "locator.scrollIntoViewIfNeeded" });
  }

  /**
   * Clicks where Playwright would: the middle of the element, scrolled into view, once it is enabled and nothing
   * else is hit there (unless `force`).
   */
  async click({ force = false, ...options } = {}) {
    const { value } = await this._when(force ? "attached" : "visible", `(element, force, $) => {
      if (element.disabled && !force) return { retry: "disabled" };
      element.scrollIntoViewIfNeeded(true);
      const box = element.getBoundingClientRect();
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      const hit = $.hit(x, y);
      return force || $.contains(element, hit) ? { x, y } : { retry: "<" + hit?.localName + "> would get the click" };
    }`, { ...options, arg: force, what: "locator.click" });
    await this._page._act(() => this._inFrames(() => this._page._click(value.x, value.y)));
  }

  /** Types `value` into the field in place of what it held, as a reader would (trusted input events). */
  async fill(value, options) {
    await this._when("visible", "(element) => { element.focus(); element.select?.(); }", { ...options, what: "locator.fill" });
    await this._page._act(() => this._inFrames(async () => {
      if (!value) await this._page._keys("Backspace");
      else await this._page._type(value);
    }));
  }

  async press(key, options) {
    await this.focus(options);
    await this._page.keyboard.press(key);
  }

  /**
   * The element as on screen, a PNG: cut from a screenshot of the viewport, as WebKit's own element screenshot
   * misplaces an element of fixed position in a scrolled page.
   */
  async screenshot(options) {
    // As Playwright does, once the element has been painted and holds still: two frames (a QR code drawn just
    // after a tab switch was sometimes caught half painted).
    await this._when("visible", "() => true", { ...options, what: "locator.screenshot" });
    await this._page.evaluate(() => new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted))));
    const { value: box } = await this._when("visible", `(element) => {
      element.scrollIntoViewIfNeeded(true);
      const { left, top, right, bottom } = element.getBoundingClientRect();
      return { left: Math.max(0, Math.round(left)), top: Math.max(0, Math.round(top)), right: Math.min(innerWidth, Math.round(right)),
        bottom: Math.min(innerHeight, Math.round(bottom)), scale: devicePixelRatio };
    }`, { ...options, what: "locator.screenshot" });
    const shot = await this._page._act(() => this._page._command("GET", "/screenshot"));
    const viewport = PNG.sync.read(Buffer.from(shot, "base64"));
    const [x, y, width, height] = [box.left, box.top, box.right - box.left, box.bottom - box.top].map((n) => Math.round(n * box.scale));
    const cut = new PNG({ width, height });
    PNG.bitblt(viewport, cut, x, y, width, height, 0, 0);
    return PNG.sync.write(cut);
  }
}

/** A browser of Debian's WebKitGTK, with the part of Playwright's `Browser` API the suite uses. */
export async function launchWebKit() {
  return new Browser();
}
