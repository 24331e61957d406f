// The iframe variant of the embed (www/embed.html): one <article-viewer> with the attributes of the page's query, in
// its `main` (the viewer is the whole page, and an embedded viewer leaves landmarks to the page it is in),
// and the page's height posted to the parent whenever it changes, so that the iframe needs no fixed height.
import "./embed.js";

const query = new URLSearchParams(location.search);
const viewer = document.createElement("article-viewer");
for (const name of customElements.get("article-viewer").observedAttributes) {
  const value = query.get(name);
  if (value !== null) viewer.setAttribute(name, value);
}
document.querySelector("main").append(viewer);

const postHeight = () =>
  parent.postMessage(
    { type: "article-viewer:height", height: Math.ceil(document.documentElement.getBoundingClientRect().height) },
    "*",
  );
new ResizeObserver(postHeight).observe(document.documentElement);

