// A static server for end-to-end checks: www/ at /, tests/data/ at /test-data/, target/bench/ at /bench/,
// target/site/ (the static pages `article-viewer render` writes) at /site/, target/site-index/ (the sample split
// and indexed, as a big site publishes it) at /site-index/, target/sw/ (the same with the offline cache on) at /sw/, target/xss/ (the XSS corpus that tests/xss.rs writes) at /xss/, target/import-batch/ (saved pages imported and packed) at /import-batch/,
// generated bundles at
// /bundles/generated/<n>.json (next to the sample, so its media resolve), and the 20 MB bundle of 10,000 articles at
// /bundles/huge.json, on 127.0.0.1 and a free port. Any file asked for with `?slow` comes slowly.
// It gzips what a production server would, so transfer sizes are realistic, and counts the requests it answers and
// the bytes it sends (`stats`: in all and by path, with the requests by path; zeroed by `resetStats()`), for benchmarks of what a reader
// downloads.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { generatedBundle } from "./generate.mjs";

const repo = resolve(import.meta.dirname, "../..");
const roots = [
  ["/test-data/", join(repo, "tests/data")],
  ["/bench/", join(repo, "target/bench")],
  ["/site/", join(repo, "target/site")],
  ["/site-index/", join(repo, "target/site-index")],
  ["/sw/", join(repo, "target/sw")],
  ["/xss/", join(repo, "target/xss")],
  ["/import-batch/", join(repo, "target/import-batch")],
  ["/", join(repo, "www")],
];
/** The file the server sends for `path`, for figures about it (such as its brotli size); null if it makes one up. */
export function localFile(path) {
  const [prefix, root] = roots.find(([prefix]) => path.startsWith(prefix));
  const file = normalize(join(root, path.slice(prefix.length)));
  if (!file.startsWith(root)) return null;
  return path.endsWith("/") ? join(file, "index.html") : file;
}

export const compressibleTypes = new Set([".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".txt"]);

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".txt": "text/plain; charset=utf-8",
};
const compressible = compressibleTypes;

// Compressed once per file content, as a production server's cache or precompressed files would be.
const gzipCache = new Map();
let hugeBody;
function gzipped(file, body) {
  const key = `${file}:${body.length}:${body.subarray(0, 64).toString("hex")}`;
  if (!gzipCache.has(key)) gzipCache.set(key, gzipSync(body, { level: 9 }));
  return gzipCache.get(key);
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

// Options: `cors` sends `Access-Control-Allow-Origin: *` (a viewer host that partners embed from); `pages` maps
// paths to HTML served as written (a partner's page, made by a test). Files sent as they are stored answer
// `Range` requests, as production hosts do, until `setRanges(false)` makes the server send whole files instead,
// as some hosts do.
export async function serve({ cors = false, pages = {} } = {}) {
  let ranges = true;
  // Bytes sent in all and, by path, what each file cost.
  const stats = { requests: 0, bytes: 0, byPath: new Map(), requestsByPath: new Map() };
  const server = createServer(async (request, response) => {
    if (cors) response.setHeader("access-control-allow-origin", "*");
    stats.requests += 1;
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
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
    if (pages[path]) return void response.writeHead(200, { "content-type": types[".html"] }).end(pages[path]);
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
    // `?slow` on any path: the body as over a slow network, uncompressed, with its length, in 20 pieces 40 ms apart.
    const slowly = new URL(request.url, "http://x").searchParams.has("slow");
    const send = async (type, body) => {
      if (!slowly) return void response.writeHead(200, { "content-type": type }).end(body);
      response.writeHead(200, { "content-type": type, "content-length": body.length });
      const piece = Math.ceil(body.length / 20);
      for (let start = 0; start < body.length; start += piece) {
        response.write(body.subarray(start, start + piece));
        count(Math.min(piece, body.length - start));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      end();
    };
    if (path === "/bundles/huge.json") {
      hugeBody ??= Buffer.from(JSON.stringify(generatedBundle(10_000, 16)));
      return send(types[".json"], hugeBody);
    }
    const file = localFile(path);
    if (!file) return void response.writeHead(403).end();
    try {
      let body = await readFile(file);
      const type = types[extname(file)] ?? "application/octet-stream";
      if (slowly) return await send(type, body);
      const headers = { "content-type": type, "cache-control": "no-cache" };
      if (compressible.has(extname(file)) && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
        body = gzipped(file, body);
        headers["content-encoding"] = "gzip";
      } else if (ranges) {
        headers["accept-ranges"] = "bytes";
        const range = askedRange(request.headers.range, body.length);
        if (range === "unsatisfiable") {
          return void response.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
        }
        if (range) {
          headers["content-range"] = `bytes ${range.start}-${range.end}/${body.length}`;
          return void response.writeHead(206, headers).end(body.subarray(range.start, range.end + 1));
        }
      }
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
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

export async function launch() {
  const { chromium } = await import("../../.tools/node_modules/playwright-core/index.mjs");
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--no-first-run", "--disable-sync"],
  });
}
