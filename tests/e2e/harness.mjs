// What the end-to-end test files share: the sample bundle, and a server and a Chromium started before a file's
// tests and stopped after them.
import { after, before } from "node:test";
import { readFile } from "node:fs/promises";
import { launch, serve } from "./server.mjs";

export const sample = JSON.parse(await readFile(new URL("../../www/bundles/sample.json", import.meta.url), "utf8"));

// `session.server` and `session.browser` are set once the file's tests start.
export function startSession() {
  const session = {};
  before(async () => {
    session.server = await serve();
    session.browser = await launch();
  });
  after(async () => {
    await session.browser?.close();
    session.server?.close();
  });
  return session;
}
