// The baseline of `make bench`: the same article shown the usual JavaScript way, in a minimal page. The bundle is
// fetched, the body turned into HTML by markdown-it, the page's HTML sanitized by DOMPurify and set with innerHTML.
const id = decodeURIComponent(location.hash.slice("#/article/".length)) || "yellow-river-corridor-2024";
const escape = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

fetch("sample.json")
  .then((response) => response.json())
  .then((bundle) => {
    const article = bundle.articles.find((candidate) => candidate.id === id);
    const lead = article.lead
      ? `<figure class="lead"><img src="${escape(article.lead.src)}" alt="${escape(article.lead.alt)}">`
        + `<figcaption>${escape(article.lead.caption)}</figcaption></figure>`
      : "";
    const html = `<article class="article"><h1>${escape(article.title)}</h1>`
      + `<p class="meta">${escape(article.published)} ${escape(article.source)} ${escape(article.author)}</p>`
      + `${lead}<div class="body">${window.markdownit().render(article.body)}</div></article>`;
    document.getElementById("app").innerHTML = DOMPurify.sanitize(html);
  });
