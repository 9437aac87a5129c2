// Runs the example (main.ts) in a child process and compares what it prints with expected.txt.
// Exit code 1 on any difference, so CI fails the moment the adapter, the runtime or the AI SDK
// changes what the example does.
import { checkExample } from "@isobind/test-fixtures/example-check";

checkExample(import.meta.url, {
  node: process.execArgv,
  success: "✓ the output matches expected.txt",
});
