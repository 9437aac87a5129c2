// Runs the example (main.ts) in a child process and compares what it prints with expected.txt.
// Exit code 1 on any difference, so CI fails the moment the adapter, the runtime or the AI SDK
// changes what the example does.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const run = spawnSync(process.execPath, [...process.execArgv, here("./main.ts")], {
  encoding: "utf8",
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
  let line = 0;
  while (got[line] === want[line]) line += 1;
  console.error(`\n✗ output differs from expected.txt at line ${line + 1}:`);
  console.error(`  expected: ${JSON.stringify(want[line])}`);
  console.error(`  received: ${JSON.stringify(got[line])}`);
  process.exit(1);
}
console.log("\n✓ the output matches expected.txt");
