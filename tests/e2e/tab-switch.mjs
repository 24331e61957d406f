// Measures channel tab switches in headless Chromium on a bundle of 1,000 articles (200 a channel):
// from the click on a tab to the new list in the DOM, and to the next frame. Not a test: `make measure`.
import { launch, serve } from "./server.mjs";

const count = Number(process.env.ARTICLES ?? 1000);
const switches = Number(process.env.SWITCHES ?? 50);
const server = await serve();
const browser = await launch();
const page = await browser.newPage();
await page.goto(new URL(`/?bundle=bundles/generated/${count}.json`, server.url).href);
await page.locator("[role=tab][aria-selected=true]").waitFor();
const timings = await page.evaluate(async (switches) => {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  const samples = [];
  for (let index = 1; index <= switches; index++) {
    const tab = tabs[index % tabs.length];
    const panel = document.querySelector("[role=tabpanel]");
    const switched = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (panel.getAttribute("aria-labelledby") === tab.id) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(panel, { attributes: true });
    });
    const start = performance.now();
    tab.click();
    const inDom = await switched;
    const painted = await new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()))));
    samples.push({ dom: inDom - start, frame: painted - start, items: document.querySelectorAll(".article-item").length });
  }
  return samples;
}, switches);
await browser.close();
server.close();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const summary = (name) => {
  const values = timings.map((timing) => timing[name]);
  return `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
};
console.log(`tab switch, ${count} articles, ${timings[0].items} in each list, ${switches} switches`);
console.log(`  click → new list in the DOM: ${summary("dom")}`);
console.log(`  click → next frame:          ${summary("frame")}`);
