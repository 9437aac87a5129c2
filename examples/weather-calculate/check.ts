// Runs the seed's example (main.ts, verbatim but for its import line) in a child process and
// compares what it prints with what the seed says it prints (expected.txt). Exit code 1 on any
// difference, so CI fails the moment the runtime drifts from the seed.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const run = spawnSync(process.execPath, [here("./main.ts")], { encoding: "utf8" });
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
  console.error(`\n✗ output differs from the seed at line ${line + 1}:`);
  console.error(`  expected: ${JSON.stringify(want[line])}`);
  console.error(`  received: ${JSON.stringify(got[line])}`);
  process.exit(1);
}
console.log("\n✓ output matches the seed exactly");
