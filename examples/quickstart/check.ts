// Runs the quickstart's programs (main.ts, hello.ts) in child processes and compares what they
// print with expected/<name>.txt. Exit code 1 on any difference: the docs show these programs
// and their output, so CI fails the moment either drifts.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
let failed = false;
for (const name of ["main", "hello"]) {
  const run = spawnSync(process.execPath, [here(`./${name}.ts`)], { encoding: "utf8" });
  const expected = readFileSync(here(`./expected/${name}.txt`), "utf8");
  if (run.status !== 0 || run.stdout !== expected) {
    failed = true;
    console.error(`✗ ${name}.ts exited with ${run.status ?? run.signal}; it printed:`);
    console.error(run.stdout + run.stderr);
    console.error(`expected:\n${expected}`);
  } else {
    console.log(`✓ ${name}.ts prints expected/${name}.txt`);
  }
}
process.exit(failed ? 1 : 0);
