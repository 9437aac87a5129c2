// The built pages show what the examples print and what the benchmarks measured: the text of
// each "Running it prints" block and each results table, checked against the files it comes from.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readResultsFile } from "../src/lib/bench-results.ts";
import { fromRepo } from "../src/lib/paths.ts";
import { parseRuntimeResults } from "../src/lib/runtime-results.ts";
import { defaultRows, parseTokenResults } from "../src/lib/token-results.ts";
import { ensureBuilt } from "./site-server.ts";

const clientDir = fileURLToPath(new URL("../dist/client", import.meta.url));

/** The visible text of a built page, one line per line of its code blocks. */
function pageText(path: string): string {
  const html = readFileSync(`${clientDir}${path}index.html`, "utf8");
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<div\b|<\/div>|<\/figcaption>|<br\s*\/?>/g, (tag) => `\n${tag}`)
    .replace(/<[^>]+>/g, "")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Lines of `expected` (trimmed, non-empty) that the page text does not contain. */
function missingLines(text: string, expected: string): string[] {
  const lines = new Set(text.split("\n").map((l) => l.trim()));
  return expected
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !lines.has(l));
}

describe("built pages", () => {
  beforeAll(() => ensureBuilt());

  it.each([
    ["/adapters/mcp/", "examples/mcp-bridge/expected.txt"],
    ["/adapters/openai/", "examples/openai-loop/expected.txt"],
    ["/adapters/langchain/", "examples/langchain-agent/expected.txt"],
    ["/adapters/ai-sdk/", "examples/ai-sdk-agent/expected.txt"],
    ["/adapters/anthropic/", "examples/anthropic-loop/expected.txt"],
    ["/guides/observability/", "examples/observability/expected.txt"],
  ])("%s shows what its example prints (%s)", (path, expectedFile) => {
    const expected = readFileSync(fromRepo(expectedFile), "utf8");
    expect(missingLines(pageText(path), expected)).toEqual([]);
  });

  it("shows the trace waterfall drawn from the observability example's exported spans", () => {
    const html = readFileSync(`${clientDir}/guides/observability/index.html`, "utf8");
    expect(html).toContain('src="/observability-trace.svg"');
    const svg = readFileSync(`${clientDir}/observability-trace.svg`, "utf8");
    const spans = JSON.parse(
      readFileSync(fromRepo("examples/observability/trace.json"), "utf8"),
    ) as unknown[];
    expect(svg.match(/<rect class="bar/g)).toHaveLength(spans.length);
  });

  it("shows the MCP CLI's config files and what the CLI answered over stdio and HTTP", () => {
    const text = pageText("/adapters/mcp/");
    for (const file of ["servers.json", "client-config.json"]) {
      const json = readFileSync(fromRepo(`apps/docs/examples/mcp/${file}`), "utf8");
      expect(missingLines(text, json)).toEqual([]);
    }
    expect(text).toContain("stdio tools: execute_code");
    expect(text).toContain("http run (process 2): 0");
    expect(text).toContain("session id: none");
  });

  it("shows the measured token numbers on the introduction and the benchmarks page", () => {
    const file = readResultsFile("tokens.json");
    const intro = pageText("/");
    const bench = pageText("/benchmarks/");
    if (!file) {
      expect(intro).toContain("Not yet measured");
      return;
    }
    const results = parseTokenResults(file.data, file.path);
    const n = (x: number) => x.toLocaleString("en-US");
    for (const row of defaultRows(results)) {
      expect(intro).toContain(n(row.codeModeTokens));
      expect(intro).toContain(n(row.individualTokens));
    }
    for (const row of results.rows) {
      expect(bench).toContain(n(row.mcpTokens));
      // "Saved" is against the pruned function tools (the fair baseline), when measured.
      expect(bench).toContain(`${row.savedPercentVsPruned ?? row.savedPercent}%`);
    }
  });

  it("shows the runtime benchmark's targets when it has run", () => {
    const file = readResultsFile("runtime.json");
    const bench = pageText("/benchmarks/");
    if (!file) {
      expect(bench).toContain("bench/results/runtime.json does not exist yet");
      return;
    }
    const results = parseRuntimeResults(file.data, file.path);
    for (const target of results.targets) expect(bench).toContain(target.measured);
    expect(bench).toContain(results.environment.gitCommit);
  });

  it("renders the security page from packages/core/docs/security.md once it exists", () => {
    const doc = fromRepo("packages/core/docs/security.md");
    const text = pageText("/security/");
    if (!existsSync(doc)) {
      expect(text).toContain("The guest has capabilities, not access");
      return;
    }
    const headings = [...readFileSync(doc, "utf8").matchAll(/^#{2,3}\s+(.+)$/gm)].map((m) =>
      (m[1] ?? "").replace(/[`*_]/g, ""),
    );
    expect(headings.length).toBeGreaterThan(0);
    for (const heading of headings) expect(text).toContain(heading);
  });
});
