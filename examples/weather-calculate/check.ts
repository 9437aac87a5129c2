// Runs the seed's example (main.ts, verbatim but for its import line) in a child process and
// compares what it prints with what the seed says it prints (expected.txt). Exit code 1 on any
// difference, so CI fails the moment the runtime drifts from the seed.
import { checkExample } from "@isobind/test-fixtures/example-check";

checkExample(import.meta.url, {
  expectedName: "the seed",
  success: "✓ output matches the seed exactly",
});
