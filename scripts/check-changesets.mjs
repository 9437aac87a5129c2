#!/usr/bin/env node
// Every changeset must parse: frontmatter of `"<published package>": major|minor|patch` lines.
// (A Markdown formatter once turned the frontmatter into a heading; `changeset version` then fails
// at release time, long after the change landed.)
import { readdirSync, readFileSync } from "node:fs";

const dir = new URL("../.changeset/", import.meta.url);
const published = new Set([
  "@isobind/core",
  "@isobind/mcp",
  "@isobind/openai",
  "@isobind/langchain",
  "@isobind/ai-sdk",
  "@isobind/anthropic",
]);
const problems = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md")) {
  const text = readFileSync(new URL(file, dir), "utf8");
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) {
    problems.push(
      `.changeset/${file}: no frontmatter (it must start with ---, package lines, ---)`,
    );
    continue;
  }
  const lines = match[1].split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) problems.push(`.changeset/${file}: the frontmatter names no package`);
  for (const line of lines) {
    const m = /^"(@isobind\/[a-z-]+)": (major|minor|patch)$/.exec(line.trim());
    if (!m)
      problems.push(`.changeset/${file}: "${line}" is not \`"<package>": major|minor|patch\``);
    else if (!published.has(m[1]))
      problems.push(`.changeset/${file}: ${m[1]} is not a published package`);
  }
  if (text.slice(match[0].length).trim() === "") problems.push(`.changeset/${file}: no summary`);
}
if (problems.length > 0) {
  console.error(problems.map((p) => `✗ ${p}`).join("\n"));
  process.exit(1);
}
console.log("✓ changesets parse");
