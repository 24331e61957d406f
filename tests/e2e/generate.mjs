// Deterministic bundles of any size, for measurements: `generated/<n>.json` on the e2e server, and `huge.json`, the
// 10,000 articles of about 2 kB each (20 MB) that must load without freezing the tab.
const channels = [
  { id: "focus", name: "焦点图" },
  { id: "economy", name: "经济动态" },
  { id: "industry", name: "产业发展" },
  { id: "culture", name: "文旅融合" },
  { id: "ecology", name: "生态保护" },
];
const phrases = ["黄河流域生态保护", "高质量发展", "招商引资", "5G+智慧矿山", "新能源汽车", "文旅融合", "数字经济", "现代农业"];

export function generatedBundle(count, paragraphCount = 6) {
  const articles = [];
  for (let index = 0; index < count; index++) {
    const channel = channels[index % channels.length];
    const day = new Date(Date.UTC(2024, 0, 1) + index * 3_600_000 * 7);
    const published = day.toISOString().replace(/\.\d+Z$/, "+08:00");
    const phrase = phrases[index % phrases.length];
    const paragraphs = Array.from({ length: paragraphCount }, (_, paragraph) =>
      `第${paragraph + 1}段：${phrase}持续推进，全省各地围绕${phrases[(index + paragraph) % phrases.length]}开展工作，项目编号${index}-${paragraph}。`);
    articles.push({
      id: `article-${index}`,
      channel: channel.id,
      title: `${channel.name}第${index}篇：${phrase}取得新进展`,
      published,
      source: index % 3 ? "投资山西" : "山西日报",
      author: "编辑部",
      ...(index % 4 === 0 ? { lead: { src: "media/lead.svg", alt: "示意图", caption: "示意图" } } : {}),
      body: paragraphs.join("\n\n"),
    });
  }
  return {
    format: "article-bundle",
    version: 1,
    site: { name: "投资山西", url: "https://invest.example.cn/" },
    channels,
    articles,
  };
}
