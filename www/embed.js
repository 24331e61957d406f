// <article-viewer>: articles on partner sites. Once per page:
//   <script type="module" src="https://HOST/PATH/embed.js"></script>
// then anywhere, as many as wanted:
//   <article-viewer bundle="https://HOST/PATH/bundles/x.json" article="ID"><a href="…">the article</a></article-viewer>
//
// Each element renders in its own shadow root with the viewer's stylesheet (www/style.css, rewritten by
// src/embed.rs so the partner's root font size cannot scale it), routes in memory, and leaves the partner page's
// address, history, scroll and storage alone. Its children are the fallback, shown where the viewer cannot run.
// Files are found next to this script (import.meta.url), never relative to the partner's page. Every element on
// the page shares one instance of each wasm module (the reader; the search engine, once needed). The only global is
// the element's name.
import init, { Embed, embed_stylesheet } from "./pkg/article_viewer.js";

// The search engine, a module of its own: loaded when an element first needs it (or the browser is idle), once
// for every element, each of which gets a `Searcher` of its own.
let search = null;
const loadSearch = () =>
  (search ??= import(new URL("pkg/article_viewer_search.js", import.meta.url).href).then(async (module) => {
    await module.default();
    return module;
  })).then((module) => new module.Searcher());

// The wasm instance and the stylesheet, once for every element.
let shared = null;
const prepare = () =>
  (shared ??= Promise.all([
    init(),
    fetch(new URL("style.css", import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`style.css: HTTP ${response.status}`);
      return response.text();
    }),
  ]).then(([, css]) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(embed_stylesheet(css));
    return sheet;
  }));

class ArticleViewerElement extends HTMLElement {
  static observedAttributes = ["bundle", "article", "theme", "search", "lang"];

  #viewer = null;
  // Renders started; a later one (or removal) makes an earlier one's result stale.
  #renders = 0;

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#renders += 1;
    this.#viewer?.free();
    this.#viewer = null;
  }

  attributeChangedCallback(_name, before, after) {
    if (this.isConnected && before !== after) this.#render();
  }

  async #render() {
    const render = ++this.#renders;
    const bundle = this.getAttribute("bundle");
    if (!bundle) return;
    let sheet;
    try {
      sheet = await prepare();
    } catch (error) {
      // The fallback content stays in place.
      console.error("article-viewer:", error);
      return;
    }
    if (render !== this.#renders || !this.isConnected) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [sheet];
    this.#viewer?.free();
    const mount = document.createElement("div");
    mount.setAttribute("part", "viewer");
    shadow.replaceChildren(mount);
    const bundleUrl = new URL(bundle, document.baseURI).href;
    // The viewer's own page showing this bundle: where links that leave the embed lead.
    const viewerPage = new URL(`index.html?bundle=${encodeURIComponent(bundleUrl)}`, import.meta.url).href;
    this.#viewer = new Embed(
      mount,
      bundleUrl,
      this.getAttribute("article") || undefined,
      this.getAttribute("theme") || undefined,
      this.getAttribute("search") !== "off",
      this.getAttribute("lang") || undefined,
      viewerPage,
      loadSearch,
    );
  }
}

customElements.define("article-viewer", ArticleViewerElement);
