// Runs main.ts against a local server replaying recorded Chat Completions responses and
// checks (1) what it prints against expected.txt and (2) that the loop really sent the code's
// result back to the model. Exit code 1 on any difference. No network, no API key.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstDifference } from "@isobind/test-fixtures/example-check";
import { startReplayServer } from "./replay-server.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const server = await startReplayServer(
  new URL("./fixtures/recorded/chat-completions.json", import.meta.url),
);

// Async spawn: the replay server lives in this process and must keep answering.
const child = spawn(process.execPath, [...process.execArgv, here("./main.ts")], {
  env: {
    ...process.env,
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: "test",
    OPENAI_MODEL: "gpt-4.1",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
let stdout = "";
child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
  stdout += chunk;
});
const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
await server.close();
process.stdout.write(stdout);

const problems: string[] = [];
if (status !== 0) problems.push(`main.ts exited with ${status}`);
const expected = readFileSync(here("./expected.txt"), "utf8");
const difference = firstDifference(stdout, expected);
if (difference !== undefined) problems.push(`output differs from expected.txt ${difference}`);
if (server.remaining() !== 0)
  problems.push(`${server.remaining()} recorded responses were never requested`);
const toolMessage = server.requests[1]?.body?.messages?.find(
  (m: { role: string }) => m.role === "tool",
);
if (toolMessage?.tool_call_id !== "call_Lp4xN8kQz2Wm6Rt9Hv3Bc7Jd") {
  problems.push(
    "the second request carried no tool message answering call_Lp4xN8kQz2Wm6Rt9Hv3Bc7Jd",
  );
} else if (!String(toolMessage.content).includes('"spread_f":21')) {
  problems.push(
    `the tool message did not carry the code's result: ${JSON.stringify(toolMessage.content)}`,
  );
}

if (problems.length > 0) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
console.log("\n✓ the loop ran end to end and the output matches expected.txt");
