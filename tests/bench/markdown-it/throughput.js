// Markdown to DOM in one page, ours against markdown-it + DOMPurify + innerHTML, on generated Chinese articles of
// the sizes `window.sizes` names. Ours: the viewer's update and render of a one-article bundle (Markdown to node
// tree to DOM, read from its User Timing measures `article-viewer:show` and `article-viewer:render`). Theirs:
// markdown-it's render, DOMPurify's sanitize and innerHTML. Each median of `window.reps` runs lands in
// `window.results` as milliseconds.
import init, { Embed } from "/pkg/article_viewer.js";

await init();
const markdownIt = window.markdownit();
const words = ["黄河流域", "生态保护", "高质量发展", "招商引资", "数字经济", "文旅融合", "新能源汽车", "现代农业", "5G+智慧矿山",
  "营商环境", "产业集群", "重点项目", "科技创新", "乡村振兴"];

// Paragraphs of Chinese with the inline and block Markdown an article has: emphasis, links, lists, headings.
function chineseMarkdown(bytes) {
  const blocks = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const word = (k) => words[(n * 7 + k * 3) % words.length];
    let block;
    if (n % 9 === 8) block = `## ${word(1)}与${word(2)}`;
    else if (n % 9 === 4) block = [1, 2, 3].map((k) => `- **${word(k)}**：${word(k + 1)}稳步推进，成效明显。`).join("\n");
    else {
      block = `${word(0)}持续推进，全省各地围绕**${word(1)}**开展工作，`
        + `[${word(2)}](https://invest.example.cn/news/${n}.html)取得新进展。`
        + `据统计，今年以来共签约项目${n}个，总投资${n * 13}亿元，*${word(3)}*成为新的增长点。`;
    }
    blocks.push(block);
    size += new TextEncoder().encode(block).length + 2;
  }
  return blocks.join("\n\n");
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const until = async (done) => { while (!done()) await new Promise((resolve) => setTimeout(resolve, 1)); };

window.results = {};
for (const size of window.sizes ?? [30_000, 200_000]) {
  const body = chineseMarkdown(size);
  const bundle = {
    format: "article-bundle", version: 1, site: { name: "投资山西", url: "https://invest.example.cn/" },
    channels: [{ id: "focus", name: "焦点图" }],
    articles: [{ id: "a", channel: "focus", title: "标题", published: "2024-03-01T08:00:00+08:00", body }],
  };
  const url = URL.createObjectURL(new Blob([JSON.stringify(bundle)], { type: "application/json" }));
  const ours = [];
  const theirs = [];
  for (let rep = 0; rep < (window.reps ?? 15); rep++) {
    performance.clearMeasures();
    const root = document.body.appendChild(document.createElement("div"));
    const embed = new Embed(root, url, "a", "light", false, "zh", undefined);
    await until(() => performance.getEntriesByName("article-viewer:render").length > 0);
    const [show] = performance.getEntriesByName("article-viewer:show");
    const [render] = performance.getEntriesByName("article-viewer:render");
    ours.push(show.duration + render.duration);
    embed.free();
    root.remove();

    const element = document.body.appendChild(document.createElement("div"));
    const start = performance.now();
    element.innerHTML = DOMPurify.sanitize(markdownIt.render(body));
    theirs.push(performance.now() - start);
    element.remove();
  }
  window.results[size] = { bytes: new TextEncoder().encode(body).length, ours: median(ours), theirs: median(theirs),
    oursRange: [Math.min(...ours), Math.max(...ours)], theirsRange: [Math.min(...theirs), Math.max(...theirs)] };
}
window.done = true;
