// Runs main.ts in a child process and compares what it prints with expected.txt (the span tree
// of the run: names, nesting and attributes, no timings), then draws the spans it exported
// with render-trace.ts and checks the picture has a bar per span. Exit code 1 on any difference.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { firstDifference } from "@isobind/test-fixtures/example-check";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "isobind-observability-"));
const node = (args: string[]) =>
  spawnSync(process.execPath, [...process.execArgv, ...args], { encoding: "utf8" });

try {
  const traceJson = join(dir, "trace.json");
  const run = node([here("./main.ts"), traceJson]);
  process.stdout.write(run.stdout);
  if (run.stderr) process.stderr.write(run.stderr);
  if (run.status !== 0) fail(`main.ts exited with ${run.status ?? run.signal}`);
  const expected = readFileSync(here("./expected.txt"), "utf8");
  const difference = firstDifference(run.stdout, expected);
  if (difference !== undefined) fail(`output differs ${difference}`);

  const svgPath = join(dir, "trace.svg");
  const render = node([here("./render-trace.ts"), traceJson, svgPath]);
  if (render.status !== 0) fail(`render-trace.ts exited with ${render.status}: ${render.stderr}`);
  const spans = JSON.parse(readFileSync(traceJson, "utf8")) as { name: string }[];
  const svg = readFileSync(svgPath, "utf8");
  const bars = svg.match(/<rect class="bar/g)?.length ?? 0;
  if (!svg.startsWith("<svg") || bars !== spans.length) {
    fail(`the waterfall has ${bars} bars for ${spans.length} spans`);
  }
  console.log(`\n✓ output matches expected.txt; the waterfall draws all ${bars} spans`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}
