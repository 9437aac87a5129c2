// Runs main.ts in a child process and compares what it prints with expected.txt. Exit code 1
// on any difference, so CI fails the moment the approvals flow drifts from what the docs show.
import { checkExample } from "@isobind/test-fixtures/example-check";

checkExample(import.meta.url, {
  // The source condition lets the example run from the workspace's TypeScript without a build.
  node: ["--conditions=@isobind/source"],
  timeoutMs: 120_000,
});
