// Runs main.ts against a local server answering with scripted Chat Completions responses
// (fixtures/chat-completions.json) and checks (1) what it prints against expected.txt, (2) that
// the model was asked exactly twice: resuming did not ask it again for the turn it had made,
// and (3) that the second request answered the paused tool call with the refund's result.
// Exit code 1 on any difference. No network, no API key.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstDifference } from "@isobind/test-fixtures/example-check";
// The same local OpenAI API stand-in as the openai-loop example.
import { startReplayServer } from "../openai-loop/replay-server.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const server = await startReplayServer(
  new URL("./fixtures/chat-completions.json", import.meta.url),
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
if (server.requests.length !== 2 || server.remaining() !== 0) {
  problems.push(`the model was asked ${server.requests.length} times, not twice`);
}
const roles = server.requests[1]?.body?.messages?.map((m: { role: string }) => m.role);
const tool = server.requests[1]?.body?.messages?.[2];
if (JSON.stringify(roles) !== '["user","assistant","tool"]') {
  problems.push(`the second request sent ${JSON.stringify(roles)}`);
} else if (
  tool.tool_call_id !== "call_R7fK2mQx9Lp4Wn8Tz3Hb" ||
  !tool.content.includes('"amount":260')
) {
  problems.push(`the tool message did not carry the refund: ${JSON.stringify(tool)}`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
console.log("\n✓ paused, resumed in a second runtime, and the output matches expected.txt");
