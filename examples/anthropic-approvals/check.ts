// Runs main.ts against a local server answering with scripted Messages API responses and checks
// (1) what it prints against expected.txt and (2) that the model was asked exactly twice and
// the second request answered the paused tool_use with the refund's result. Exit code 1 on any
// difference. No network, no API key.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstDifference } from "@isobind/test-fixtures/example-check";
// The same local Messages API stand-in as the anthropic-loop example.
import { startReplayServer } from "../anthropic-loop/replay-server.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const server = await startReplayServer(new URL("./fixtures/messages.json", import.meta.url));

// Async spawn: the replay server lives in this process and must keep answering.
const child = spawn(process.execPath, [...process.execArgv, here("./main.ts")], {
  env: { ...process.env, ANTHROPIC_BASE_URL: server.baseURL, ANTHROPIC_API_KEY: "test" },
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
if (server.requests.length !== 2)
  problems.push(`the model was asked ${server.requests.length} times`);
const answer = server.requests[1]?.body?.messages
  ?.at(-1)
  ?.content?.find((b: { type: string }) => b.type === "tool_result");
if (answer?.tool_use_id !== "toolu_01Rf8Kd2Mq7Wz3Lp") {
  problems.push("the second request carried no tool_result for toolu_01Rf8Kd2Mq7Wz3Lp");
} else if (
  answer.is_error === true ||
  !JSON.stringify(answer.content).includes('\\"amount\\":260')
) {
  problems.push(`the tool_result did not carry the refund: ${JSON.stringify(answer)}`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
console.log("\n✓ paused, resumed in a second runtime, and the output matches expected.txt");
