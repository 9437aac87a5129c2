#!/usr/bin/env node
// The README shows the seed example; this keeps it identical to the file CI runs.
import { readFileSync } from "node:fs";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const main = readFileSync(
  new URL("../examples/weather-calculate/main.ts", import.meta.url),
  "utf8",
);
const expected = readFileSync(
  new URL("../examples/weather-calculate/expected.txt", import.meta.url),
  "utf8",
);
const problems = [];
if (!readme.includes(`\`\`\`ts\n${main.trimEnd()}\n\`\`\``)) {
  problems.push("README.md's first code block differs from examples/weather-calculate/main.ts");
}
if (!readme.includes(`\`\`\`\n${expected.trimEnd()}\n\`\`\``)) {
  problems.push("README.md's output block differs from examples/weather-calculate/expected.txt");
}
if (problems.length > 0) {
  console.error(problems.map((p) => `✗ ${p}`).join("\n"));
  process.exit(1);
}
console.log("✓ README.md matches examples/weather-calculate");
