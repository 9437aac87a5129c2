// Runs the agent (main.ts) in a child process and compares what it prints with expected.txt.
// Exit code 1 on any difference, so CI fails the moment the adapter, the runtime or LangChain
// changes what the agent does.
import { checkExample } from "@isobind/test-fixtures/example-check";

checkExample(import.meta.url, {
  // LangChain must never try to reach LangSmith from an offline example.
  env: { ...process.env, LANGSMITH_TRACING: "false" },
  success: "✓ the agent's output matches expected.txt",
});
