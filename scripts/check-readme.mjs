#!/usr/bin/env node
// The README shows the quickstart's 20-line example and what it prints; this keeps both
// identical to the files CI runs (examples/quickstart).
import { readFileSync } from "node:fs";

const read = (path) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
const readme = read("README.md");
const hello = read("examples/quickstart/hello.ts");
const expected = read("examples/quickstart/expected/hello.txt");
const problems = [];
if (!readme.includes(`\`\`\`ts title="hello.ts"\n${hello.trimEnd()}\n\`\`\``)) {
  problems.push("README.md's hello.ts block differs from examples/quickstart/hello.ts");
}
if (!readme.includes(`\`\`\`\n${expected.trimEnd()}\n\`\`\``)) {
  problems.push("README.md's output block differs from examples/quickstart/expected/hello.txt");
}
if (/\beval\(/.test(readme)) problems.push("README.md shows eval(: see guides/safe-bindings");
if (problems.length > 0) {
  console.error(problems.map((p) => `✗ ${p}`).join("\n"));
  process.exit(1);
}
console.log("✓ README.md matches examples/quickstart");
