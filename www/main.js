// Starts the viewer; everything else happens in Rust (src/app.rs).
//
// Over http(s) it imports the ES module build. Opened from file:// (a site copied to a disk), browsers refuse
// modules and fetch, so it runs the classic-script build instead and reads every file through its `.js` twin,
// a script that hands over the file's bytes (written by `article-viewer offline`): only then does it define
// the globals `wasm_bindgen`, `articleViewerFile` and `articleViewerRead`.
(() => {
  const app = document.getElementById("app");
  const failed = (error) => {
    app.textContent = "无法启动文章阅读器：此浏览器可能不支持 WebAssembly。";
    console.error(error);
  };
  // The page requires Trusted Types: only our own scripts, beside this page, may be loaded by URL.
  const policy = window.trustedTypes?.createPolicy("article-viewer", {
    createScriptURL(url) {
      const parsed = new URL(url, location.href);
      const local = parsed.protocol === "file:" || parsed.origin === location.origin;
      const ours = parsed.protocol === location.protocol && local;
      if (!ours || !parsed.pathname.endsWith(".js")) throw new TypeError(`not one of this site's scripts: ${url}`);
      return parsed.href;
    },
  });
  const scriptUrl = (url) => (policy ? policy.createScriptURL(url) : url);

  if (location.protocol !== "file:") {
    // The wasm, and the bundle the viewer will show (as src/app.rs `run` picks it), are fetched here, at once and
    // side by side with the module's JS, and the fetches are handed to the module: not preloaded with
    // <link rel=preload as=fetch>, which WebKit never uses to answer a fetch(), so that it downloads each twice.
    // Only this site's own bundles: no address in `?bundle=` makes the page reach elsewhere before the viewer has
    // checked it. A failed fetch is reported by whoever awaits it, not as an unhandled rejection here.
    const started = (url) => {
      const response = fetch(url);
      response.catch(() => {});
      return response;
    };
    const wasm = started(new URL("pkg/article_viewer_bg.wasm", document.currentScript.src));
    const bundle = new URL(new URLSearchParams(location.search).get("bundle") ?? app.dataset.bundle
      ?? "bundles/sample.json", location.href);
    const bundleResponse = bundle.origin === location.origin ? started(bundle) : undefined;
    // The search engine is a module of its own, loaded when search is first needed (or the browser is idle).
    const loadSearch = () =>
      import("./pkg/article_viewer_search.js").then(async (search) => {
        await search.default();
        return new search.Searcher();
      });
    import("./pkg/article_viewer.js")
      .then(async (viewer) => {
        await viewer.default({ module_or_path: wasm });
        viewer.run(loadSearch, bundleResponse);
      })
      .catch(failed);
    // The optional offline cache (www/sw.js), where the page asks for it.
    if (app.hasAttribute("data-offline-cache") && "serviceWorker" in navigator) {
      navigator.serviceWorker.register(scriptUrl(new URL("sw.js", document.currentScript.src).href)).catch(console.warn);
    }
    return;
  }

  const load = (url) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = scriptUrl(url);
      script.onload = () => resolve(script);
      script.onerror = () => reject(new Error(`${url}: 找不到此文件（本地打开时需先运行 article-viewer offline）`));
      document.head.append(script);
    });
  // A twin calls this with its file's bytes, as base64, while it runs.
  const waiting = new Map();
  window.articleViewerFile = (base64) => waiting.get(document.currentScript?.src)?.(base64);
  // The bytes of the file at `url`, read through its twin `url + ".js"` (which runs before its load event).
  window.articleViewerRead = async (url) => {
    const twin = new URL(`${url}.js`, location.href).href;
    let base64 = null;
    waiting.set(twin, (handed) => (base64 = handed));
    try {
      (await load(twin)).remove();
    } finally {
      waiting.delete(twin);
    }
    if (typeof base64 !== "string") throw new Error(`${twin}: 不是 article-viewer offline 写的文件`);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };
  // The classic glue declares `wasm_bindgen` (the reader) and `articleViewerSearch` (the search engine) with `let`:
  // global names, not properties of `window`.
  const loadSearch = () =>
    load("pkg/classic/article_viewer_search.js")
      .then(() => window.articleViewerRead("pkg/article_viewer_search_bg.wasm"))
      .then((wasm) => articleViewerSearch({ module_or_path: wasm }))
      .then(() => new articleViewerSearch.Searcher());
  load("pkg/classic/article_viewer.js")
    .then(() => window.articleViewerRead("pkg/article_viewer_bg.wasm"))
    .then((wasm) => wasm_bindgen({ module_or_path: wasm }))
    .then(() => wasm_bindgen.run(loadSearch))
    .catch(failed);
})();
