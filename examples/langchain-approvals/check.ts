// Runs main.ts in a child process and compares what it prints with expected.txt. Exit code 1
// on any difference, so CI fails the moment the approvals flow drifts from what the docs show.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
// The source condition lets the example run from the workspace's TypeScript without a build.
const run = spawnSync(process.execPath, ["--conditions=@isobind/source", here("./main.ts")], {
  encoding: "utf8",
  timeout: 120_000,
  // LangChain must never try to reach LangSmith from an offline example.
  env: { ...process.env, LANGSMITH_TRACING: "false" },
});
const expected = readFileSync(here("./expected.txt"), "utf8");

process.stdout.write(run.stdout);
if (run.stderr) process.stderr.write(run.stderr);

if (run.status !== 0) {
  console.error(`\n✗ main.ts exited with ${run.status ?? run.signal}`);
  process.exit(1);
}
if (run.stdout !== expected) {
  const got = run.stdout.split("\n");
  const want = expected.split("\n");
  const line = want.findIndex((w, i) => got[i] !== w);
  console.error(`\n✗ output differs from expected.txt at line ${line + 1}:`);
  console.error(`  expected: ${JSON.stringify(want[line])}`);
  console.error(`  received: ${JSON.stringify(got[line])}`);
  process.exit(1);
}
console.log("\n✓ output matches expected.txt");
