// The section of BENCHMARKS.md that `make bench-index` writes and `make bench` keeps when it rewrites the rest.
export const BIG_SITE_HEADING = "## Search on a big site, against Pagefind";

/** `markdown` with its big-site section replaced by `section`, or `section` appended when it has none. */
export function replaceSection(markdown, section) {
  const start = markdown.indexOf(BIG_SITE_HEADING);
  if (start < 0) return `${markdown.trimEnd()}\n\n${section}`;
  const next = markdown.indexOf("\n## ", start + BIG_SITE_HEADING.length);
  const rest = next < 0 ? "" : markdown.slice(next + 1);
  return `${markdown.slice(0, start)}${section.trimEnd()}\n${rest ? `\n${rest}` : ""}`;
}

/** The big-site section of `markdown`, if it has one. */
export function bigSiteSection(markdown) {
  const start = markdown.indexOf(BIG_SITE_HEADING);
  if (start < 0) return null;
  const next = markdown.indexOf("\n## ", start + BIG_SITE_HEADING.length);
  return markdown.slice(start, next < 0 ? undefined : next + 1).trimEnd() + "\n";
}
