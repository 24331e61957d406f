// A static server for end-to-end checks: www/ at /, tests/data/ at /test-data/, target/bench/ at /bench/,
// target/site/ (the static pages `article-viewer render` writes) at /site/, target/site-index/ (the sample split
// and indexed, as a big site publishes it) at /site-index/, target/sw/ (the same with the offline cache on) at /sw/, target/xss/ (the XSS corpus that tests/xss.rs writes) at /xss/, target/import-batch/ (saved pages imported and packed) at /import-batch/,
// generated bundles at
// /bundles/generated/<n>.json (next to the sample, so its media resolve), and the 20 MB bundle of 10,000 articles at
// /bundles/huge.json, on 127.0.0.1 and a free port. Any file asked for with `?slow` comes slowly.
// It sends what a production host sends (see `hostHeaders`, and the README's "What the host must send"), so that
// transfer sizes are realistic and what a newcomer serves is what the benchmarks measure, and counts the requests it
// answers and the bytes it sends (`stats`: in all and by path, with the requests by path; zeroed by `resetStats()`),
// for benchmarks of what a reader downloads.
//
// `make serve` runs this file: `node tests/e2e/server.mjs [--port N]` serves www/ alone, as a production host would,
// on 127.0.0.1, and prints its address (port 0, a free one).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { basename, extname, join, normalize, resolve } from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { generatedBundle } from "./generate.mjs";

const repo = resolve(import.meta.dirname, "../..");
const www = join(repo, "www");
const testRoots = [
  ["/test-data/", join(repo, "tests/data")],
  ["/bench/", join(repo, "target/bench")],
  ["/site/", join(repo, "target/site")],
  ["/site-index/", join(repo, "target/site-index")],
  ["/sw/", join(repo, "target/sw")],
  ["/xss/", join(repo, "target/xss")],
  ["/import-batch/", join(repo, "target/import-batch")],
];
const roots = [...testRoots, ["/", www]];
/** The file the server sends for `path`, for figures about it (such as its brotli size); null if it makes one up. */
export function localFile(path, servedRoots = roots) {
  const [prefix, root] = servedRoots.find(([prefix]) => path.startsWith(prefix));
  const file = normalize(join(root, path.slice(prefix.length)));
  if (!file.startsWith(root)) return null;
  return path.endsWith("/") ? join(file, "index.html") : file;
}

/** The reader page's Content-Security-Policy, as its meta tag in www/index.html writes it: one policy, one place. */
export const pagePolicy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(
  readFileSync(join(www, "index.html"), "utf8"),
)[1];

/** Files named by their content (`chars-c3acdee75a96769f.bin`): a new content is a new name, so they never change. */
const contentNamed = (file) => /-[0-9a-f]{16}\.[a-z0-9]+$/.test(basename(file));

/**
 * The headers a production host sends with `file` besides its type and encoding, as the README promises and an
 * e2e test checks: the page's CSP on HTML, as a header so that `frame-ancestors` counts (embed.html may be framed
 * by any partner, other pages by none); CORS on everything a partner's page fetches from here; caching for ever for
 * content-named files and revalidation (ETag) for the rest.
 */
export function hostHeaders(file, { size, mtimeMs }) {
  const headers = { "x-content-type-options": "nosniff" };
  // The baselines that benchmarks measure against (target/bench/: markdown-it's page, Pagefind's) are not ours.
  const ours = !file.startsWith(join(repo, "target/bench"));
  if (extname(file) === ".html" && ours) {
    const framedBy = basename(file) === "embed.html" ? "*" : "'none'";
    headers["content-security-policy"] = `${pagePolicy}; frame-ancestors ${framedBy}`;
    headers["referrer-policy"] = "strict-origin-when-cross-origin";
  } else if (extname(file) !== ".html") {
    headers["access-control-allow-origin"] = "*";
    headers["access-control-expose-headers"] = "Content-Range, Content-Length, ETag";
  }
  headers["cache-control"] = contentNamed(file) ? "public, max-age=31536000, immutable" : "no-cache";
  headers.etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  return headers;
}

export const compressibleTypes = new Set([".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".txt"]);

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".txt": "text/plain; charset=utf-8",
};
const compressible = compressibleTypes;

// Compressed once per file content and encoding, as a production server's cache or precompressed files would be:
// brotli at its highest quality, gzip at 9.
const compressedCache = new Map();
let hugeBody;
function compressed(file, body, encoding) {
  const key = `${encoding}:${file}:${body.length}:${body.subarray(0, 64).toString("hex")}`;
  if (!compressedCache.has(key)) {
    compressedCache.set(
      key,
      encoding === "br"
        ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : gzipSync(body, { level: 9 }),
    );
  }
  return compressedCache.get(key);
}

/** The encoding to send for an `Accept-Encoding` header: brotli when the client takes it, else gzip, else none. */
function chosenEncoding(header = "") {
  const accepted = new Map(
    header.split(",").map((part) => {
      const [name, ...parameters] = part.trim().toLowerCase().split(";");
      const q = parameters.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
      return [name, q ? Number(q[1]) : 1];
    }),
  );
  return ["br", "gzip"].find((encoding) => (accepted.get(encoding) ?? accepted.get("*") ?? 0) > 0) ?? null;
}

/**
 * The part of `body` a `Range` header asks for, as a static host answers it: `{ start, end }` (inclusive) for one
 * satisfiable range, `"unsatisfiable"`, or null to send the whole file (no header, several ranges, or a header
 * that is not understood, which a host may ignore).
 */
function askedRange(header, length) {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? "").trim());
  if (!match || (!match[1] && !match[2])) return null;
  const [start, end] = match[1]
    ? [Number(match[1]), match[2] ? Math.min(Number(match[2]), length - 1) : length - 1]
    : [Math.max(0, length - Number(match[2])), length - 1];
  return start > end || start >= length ? "unsatisfiable" : { start, end };
}

// ---- A hook for the WebKit adapter (webdriver.mjs), which WebDriver classic gives no view of the network and no
// way to run a script before a page's own. While `probe` is set (a WebKit run is on), every HTML page this process
// serves gets `<script src="/__e2e/probe.js">` first in its <head>: a classic same-origin script, so allowed by
// `script-src 'self'` and run before any CSP meta tag and any of the page's scripts; `probe(request)` writes it.
// `request(request, response)` sees every request. `route(request, response)` may then answer it (resolving to
// true), or change `request.url` to send it on to another path of this server (resolving to false): the adapter's
// `page.route` and `context.setOffline`. Unset, the server sends exactly what it did.
export const e2eHooks = { probe: null, request: null, route: null };
const probePath = "/__e2e/probe.js";
function withProbe(html) {
  if (!e2eHooks.probe) return html;
  const text = String(html);
  const head = /<head\b[^>]*>/i.exec(text) ?? /^\s*(<!doctype[^>]*>)?/i.exec(text);
  const at = head.index + head[0].length;
  return `${text.slice(0, at)}<script src="${probePath}"></script>${text.slice(at)}`;
}
// ---- End of the hook.

// Options: `pages` maps paths to HTML served as written (a partner's page, made by a test); `tests: false` serves
// www/ alone, without the test folders and made-up bundles (`make serve`); `port` (default: a free one). Files sent
// as they are stored answer `Range` requests, as production hosts do, until `setRanges(false)` makes the server
// send whole files instead, as some hosts do.
export async function serve({ pages = {}, tests = true, port = 0 } = {}) {
  const servedRoots = tests ? roots : [["/", www]];
  let ranges = true;
  // Bytes sent in all and, by path, what each file cost.
  const stats = { requests: 0, bytes: 0, byPath: new Map(), requestsByPath: new Map() };
  const server = createServer(async (request, response) => {
    e2eHooks.request?.(request, response);
    if (e2eHooks.route && (await e2eHooks.route(request, response))) return;
    const url = new URL(request.url, "http://x");
    const path = decodeURIComponent(url.pathname);
    if (e2eHooks.probe && path === probePath) {
      return void response.writeHead(200, { "content-type": types[".js"], "cache-control": "no-store" }).end(e2eHooks.probe(request));
    }
    stats.requests += 1;
    stats.requestsByPath.set(path, (stats.requestsByPath.get(path) ?? 0) + 1);
    const count = (bytes) => {
      stats.bytes += bytes;
      stats.byPath.set(path, (stats.byPath.get(path) ?? 0) + bytes);
    };
    const end = response.end.bind(response);
    response.end = (body, ...rest) => {
      if (body) count(Buffer.byteLength(body));
      return end(body, ...rest);
    };
    // `?slow` on any path: the body as over a slow network, uncompressed, with its length, in 20 pieces 40 ms apart.
    const slowly = tests && url.searchParams.has("slow");
    const send = async (headers, body) => {
      if (!slowly) return void response.writeHead(200, headers).end(body);
      response.writeHead(200, { ...headers, "content-length": body.length });
      const piece = Math.ceil(body.length / 20);
      for (let start = 0; start < body.length; start += piece) {
        response.write(body.subarray(start, start + piece));
        count(Math.min(piece, body.length - start));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      end();
    };

    if (pages[path]) return void response.writeHead(200, { "content-type": types[".html"] }).end(withProbe(pages[path]));
    if (tests) {
      // Fetch-level failures for the malformed-bundle checks: a redirect loop, and a page where a bundle should be.
      if (path === "/bundles/loop.json") return void response.writeHead(302, { location: "/bundles/loop.json" }).end();
      if (path === "/bundles/page.json") {
        return void response.writeHead(200, { "content-type": types[".html"] }).end("<!doctype html><title>Not found</title>");
      }
      const generated = path.match(/^\/bundles\/generated\/(\d+)\.json$/);
      if (generated) {
        const body = JSON.stringify(generatedBundle(Number(generated[1])));
        return void response.writeHead(200, { "content-type": types[".json"] }).end(body);
      }
      if (path === "/bundles/huge.json") {
        hugeBody ??= Buffer.from(JSON.stringify(generatedBundle(10_000, 16)));
        return send({ "content-type": types[".json"] }, hugeBody);
      }
    }

    const file = localFile(path, servedRoots);
    if (!file) return void response.writeHead(403).end();
    let body;
    let headers;
    try {
      const info = await stat(file);
      body = await readFile(file);
      if (extname(file) === ".html") body = Buffer.from(withProbe(body));
      headers = { "content-type": types[extname(file)] ?? "application/octet-stream", ...hostHeaders(file, info) };
    } catch {
      return void response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    }
    if (slowly) return send(headers, body);
    if (request.headers["if-none-match"] === headers.etag) return void response.writeHead(304, headers).end();
    const bodyless = request.method === "HEAD";
    if (compressible.has(extname(file))) {
      headers.vary = "Accept-Encoding";
      const encoding = chosenEncoding(request.headers["accept-encoding"]);
      if (encoding) {
        body = compressed(file, body, encoding);
        headers["content-encoding"] = encoding;
      }
    } else if (ranges) {
      headers["accept-ranges"] = "bytes";
      const range = askedRange(request.headers.range, body.length);
      if (range === "unsatisfiable") {
        return void response.writeHead(416, { ...headers, "content-range": `bytes */${body.length}` }).end();
      }
      if (range) {
        headers["content-range"] = `bytes ${range.start}-${range.end}/${body.length}`;
        body = body.subarray(range.start, range.end + 1);
        response.writeHead(206, { ...headers, "content-length": body.length });
        return void response.end(bodyless ? undefined : body);
      }
    }
    response.writeHead(200, { ...headers, "content-length": body.length });
    response.end(bodyless ? undefined : body);
  });
  await new Promise((done, fail) => server.once("error", fail).listen(port, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => server.close(),
    stats,
    resetStats: () => Object.assign(stats, { requests: 0, bytes: 0, byPath: new Map(), requestsByPath: new Map() }),
    setRanges: (on) => {
      ranges = on;
    },
  };
}

/** What `requests` (Playwright's, finished) brought over the wire: bytes of bodies and headers, and each file. */
export async function transferred(requests) {
  let bytes = 0;
  const files = [];
  for (const request of requests) {
    const sizes = await request.sizes();
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    files.push(`${new URL(request.url()).pathname} ${sizes.responseBodySize}`);
  }
  return { bytes, files };
}

/** Headless Chromium, for the benchmarks (the end-to-end tests run in every engine: see engines.mjs). */
export async function launch() {
  const { chromium } = await import("../../.tools/node_modules/playwright-core/index.mjs");
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--no-first-run", "--disable-sync"],
  });
}

// `node tests/e2e/server.mjs [--port N]`: www/ as a production host serves it (`make serve`).
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const at = process.argv.indexOf("--port");
  const port = at > 0 ? Number(process.argv[at + 1]) : 8000;
  try {
    const { url } = await serve({ tests: false, port });
    console.log(`article-viewer: open ${url}  (static pages: ${url}static/)  (Ctrl-C stops)`);
  } catch (error) {
    console.error(`article-viewer: cannot serve on 127.0.0.1:${port}: ${error.message} (PORT=… make serve picks another)`);
    process.exit(1);
  }
}
