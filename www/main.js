// Starts the viewer; everything else happens in Rust (src/app.rs).
import init from "./pkg/article_viewer.js";

init().catch((error) => {
  document.getElementById("app").textContent = "无法启动文章阅读器：此浏览器可能不支持 WebAssembly。";
  console.error(error);
});
