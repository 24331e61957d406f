// Issue 21: hosting as the README promises. `make serve`'s host (this folder's server.mjs run as a command, www/
// alone) sends every header the README's "What the host must send" lists; the README's own embed snippet works on a
// partner page of another origin under a strict CSP; the oEmbed response of every article of `render` shows the
// article in its iframe; and no page makes a request to a third party before the reader clicks one of its links.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { readdir, readFile } from "node:fs/promises";
import { pagePolicy, serve } from "./server.mjs";
import { launch } from "./engines.mjs";
import { sample, watch } from "./harness.mjs";

const repo = new URL("../../", import.meta.url);
const article = sample.articles[0];

let host; // `make serve`'s host: its URL, ending in /
let serving; // its process
let testServer; // the test server (same code, with the test folders: target/site/ and target/site-index/)
let partner; // another origin, for partners' pages
let browser;

before(async () => {
  serving = spawn(process.execPath, [new URL("server.mjs", import.meta.url).pathname, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  host = await new Promise((resolve, reject) => {
    let printed = "";
    serving.stdout.on("data", (chunk) => {
      printed += chunk;
      const url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed)?.[1];
      if (url) resolve(url);
    });
    serving.once("exit", (code) => reject(new Error(`the server exited with ${code}: ${printed}`)));
  });
  testServer = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  serving?.kill();
  testServer?.close();
  partner?.close();
});

/** GETs `url` with `headers` (none by default, not even Accept-Encoding): status, headers and body's length. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      let length = 0;
      response.on("data", (chunk) => (length += chunk.length));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, length }));
    })
      .on("error", reject)
      .end();
  });
}

test("make serve's host sends what the README says a host must send", async () => {
  // Pages: the reader page's CSP as a header, where frame-ancestors counts; embed.html may be framed by anyone.
  for (const [path, framedBy] of [["", "'none'"], ["index.html", "'none'"], ["embed.html", "*"]]) {
    const page = await get(new URL(path, host), { "accept-encoding": "gzip" });
    assert.equal(page.status, 200, path);
    assert.equal(page.headers["content-type"], "text/html; charset=utf-8", path);
    assert.equal(page.headers["content-security-policy"], `${pagePolicy}; frame-ancestors ${framedBy}`, path);
    assert.equal(page.headers["content-encoding"], "gzip", path);
    assert.equal(page.headers["x-content-type-options"], "nosniff", path);
    assert.equal(page.headers["access-control-allow-origin"], undefined, `${path}: pages need no CORS`);
    // Not content-named: cached, but revalidated with its ETag every time.
    assert.equal(page.headers["cache-control"], "no-cache", path);
    const again = await get(new URL(path, host), { "if-none-match": page.headers.etag });
    assert.equal(again.status, 304, path);
    assert.equal(again.length, 0, path);
  }
  // What a partner's page fetches from here: CORS, its type, compressed as the reader's browser accepts.
  const partnerFiles = [
    ["embed.js", "text/javascript; charset=utf-8"],
    ["pkg/article_viewer.js", "text/javascript; charset=utf-8"],
    ["pkg/article_viewer_bg.wasm", "application/wasm"],
    ["pkg/article_viewer_search.js", "text/javascript; charset=utf-8"],
    ["pkg/article_viewer_search_bg.wasm", "application/wasm"],
    ["style.css", "text/css; charset=utf-8"],
    ["bundles/sample.json", "application/json; charset=utf-8"],
  ];
  for (const [path, type] of partnerFiles) {
    const plain = await get(new URL(path, host));
    assert.equal(plain.status, 200, path);
    assert.equal(plain.headers["content-type"], type, path);
    assert.equal(plain.headers["access-control-allow-origin"], "*", path);
    assert.equal(plain.headers.vary, "Accept-Encoding", path);
    assert.equal(plain.headers["content-encoding"], undefined, `${path}: sent as stored to a client that takes no encoding`);
    assert.equal(Number(plain.headers["content-length"]), plain.length, path);
    const brotli = await get(new URL(path, host), { "accept-encoding": "gzip, deflate, br" });
    assert.equal(brotli.headers["content-encoding"], "br", path);
    assert.ok(brotli.length < plain.length, `${path}: brotli ${brotli.length} < ${plain.length}`);
    const gzip = await get(new URL(path, host), { "accept-encoding": "gzip" });
    assert.equal(gzip.headers["content-encoding"], "gzip", path);
    assert.ok(brotli.length <= gzip.length, `${path}: brotli ${brotli.length} <= gzip ${gzip.length}`);
  }
  assert.equal((await get(new URL("no-such-file.js", host))).status, 404);
  assert.equal((await get(new URL("test-data/partly-bad.json", host))).status, 404, "www/ alone: no test folders");
});

test("a site index's content-named files are read as byte ranges and cached for good", async () => {
  // The same code as make serve's host, on the test server's copy of the sample published as a big site.
  const files = await readdir(new URL("target/site-index/search/", repo));
  const volume = files.find((name) => /^chars-[0-9a-f]{16}\.bin$/.test(name));
  assert.ok(volume, files.join(" "));
  const url = new URL(`site-index/search/${volume}`, testServer.url);
  const whole = await get(url, { "accept-encoding": "gzip, br" });
  assert.equal(whole.status, 200);
  assert.equal(whole.headers["content-encoding"], undefined, "never compressed in transit: ranges are of the file");
  assert.equal(whole.headers["accept-ranges"], "bytes");
  assert.equal(whole.headers["cache-control"], "public, max-age=31536000, immutable");
  assert.equal(whole.headers["access-control-allow-origin"], "*");
  assert.match(whole.headers["access-control-expose-headers"], /\bContent-Range\b/);
  const part = await get(url, { range: "bytes=10-19", "accept-encoding": "gzip, br" });
  assert.equal(part.status, 206);
  assert.equal(part.headers["content-range"], `bytes 10-19/${whole.length}`);
  assert.equal(part.length, 10);
  assert.equal((await get(url, { range: `bytes=${whole.length}-` })).status, 416);
  const manifestResponse = await get(new URL("site-index/search/index.txt", testServer.url));
  assert.equal(manifestResponse.headers["cache-control"], "no-cache", "the manifest names the files: revalidated");
});

/** The README's embed snippet, as written there, for `viewer` (ending in /) in place of https://HOST/PATH/. */
async function readmeSnippet(viewer) {
  const readme = await readFile(new URL("README.md", repo), "utf8");
  const snippet = /Partner sites show articles[^]*?```html\n([^]*?)```/.exec(readme)?.[1];
  assert.ok(snippet?.includes("<article-viewer"), "the README has its embed snippet");
  return snippet.replaceAll("https://HOST/PATH/", viewer);
}

/** Opens `html` as a partner's page on another origin, collecting problems and every request's URL. */
async function openPartnerPage(html) {
  partner?.close();
  partner = await serve({ pages: { "/partner.html": html } });
  const page = await browser.newPage();
  const { problems, requests } = await watch(page);
  await page.goto(new URL("partner.html", partner.url).href);
  return { page, problems, requests };
}

/** Every request in `urls` went to one of `origins` (data: and blob: URLs are the page's own). */
function assertOnlyTo(urls, origins, what) {
  const elsewhere = urls.filter((url) => !/^(data|blob):/.test(url) && !origins.includes(new URL(url).origin));
  assert.deepEqual(elsewhere, [], `${what}: requests to third parties`);
}

test("the README's embed snippet shows the article on a partner's origin under its strict CSP", async () => {
  const viewer = host.replace(/\/$/, "");
  const csp = `default-src 'none'; script-src ${viewer} 'wasm-unsafe-eval'; connect-src ${viewer}; img-src ${viewer}; style-src 'self'`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}"><title>合作网站</title>
<link rel="icon" href="${viewer}/favicon.svg"></head>
<body><h1>合作网站</h1>
${await readmeSnippet(host)}
</body></html>`;
  const { page, problems, requests } = await openPartnerPage(html);
  const title = page.locator("article-viewer article h1");
  await title.waitFor();
  assert.equal(await title.textContent(), article.title);
  assert.equal(await page.locator("article-viewer .article-body p").count() > 0, true);
  // Opening the share overlay draws its QR codes here; 微博 and QQ are links, followed only when clicked.
  await page.locator("article-viewer #av-action-share").click();
  await page.locator("article-viewer .dialog").waitFor();
  assert.deepEqual(problems, []);
  assertOnlyTo(requests, [new URL(host).origin, new URL(partner.url).origin], "the embed");
  await page.close();
});

test("every article's oEmbed response shows the article in its iframe, on a partner's page", async () => {
  // target/site is `render` of the sample, published at the site's URL: the test server serves it at /site/.
  const published = sample.site.url;
  const local = new URL("site/", testServer.url).href;
  for (const { id, title } of sample.articles) {
    const page = await readFile(new URL(`target/site/article/${id}.html`, repo), "utf8");
    const href = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(page)?.[1];
    assert.equal(href, `${published}oembed/${id}.json`, id);
    const response = await fetch(href.replace(published, local));
    assert.equal(response.status, 200, id);
    assert.match(response.headers.get("content-type"), /^application\/json/, id);
    const oembed = await response.json();
    assert.equal(oembed.type, "rich", id);
    assert.equal(oembed.version, "1.0", id);
    // The iframe as a consumer (WordPress, Discourse) pastes it, pointing at the test server instead.
    const iframe = oembed.html
      .replaceAll(published, local)
      .replaceAll(encodeURIComponent(published), encodeURIComponent(local));
    const viewer = new URL(testServer.url).origin;
    const html = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; frame-src ${viewer}; img-src ${viewer}">
<title>论坛</title><link rel="icon" href="${viewer}/favicon.svg"></head><body><p>编辑粘贴了链接：</p>${iframe}</body></html>`;
    const { page: partnerPage, problems, requests } = await openPartnerPage(html);
    const frame = partnerPage.frameLocator("iframe");
    await frame.locator("article h1").waitFor();
    assert.equal(await frame.locator("article h1").textContent(), title, id);
    // The room it asks for, inside the browser's default iframe border.
    const size = await partnerPage.locator("iframe").evaluate((frame) => [frame.clientWidth, frame.clientHeight]);
    assert.deepEqual(size, [oembed.width, oembed.height], id);
    assert.deepEqual(problems, [], id);
    assertOnlyTo(requests, [viewer, new URL(partner.url).origin], `${id}'s oEmbed iframe`);
    await partnerPage.close();
  }
});

test("the reader page and a static page ask nothing of third parties before a click", async () => {
  for (const url of [
    new URL(`#/article/${article.id}`, host).href,
    new URL(`site/article/${article.id}.html`, testServer.url).href,
  ]) {
    const page = await browser.newPage();
    const { problems, requests } = await watch(page);
    await page.goto(url);
    await page.locator("article h1").waitFor();
    // The viewer takes the page over (the static page too), then the share overlay opens with its QR codes.
    await page.locator("#av-action-share").click();
    await page.locator(".dialog").waitFor();
    await page.waitForLoadState("networkidle");
    assertOnlyTo(requests, [new URL(url).origin], url);
    assert.deepEqual(problems, [], url);
    await page.close();
  }
});
