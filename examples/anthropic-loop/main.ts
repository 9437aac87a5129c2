// An app that already has Claude tools (get_weather, calculate) switches to Code Mode: the
// tools become bindings, the model gets one execute_code tool, and the SDK's own tool runner
// (client.beta.messages.toolRunner) runs the conversation to its answer. Four tool calls, one
// model round trip.
//
// Runs against the real API with ANTHROPIC_API_KEY set, or against any server through
// ANTHROPIC_BASE_URL (check.ts points it at a local server replaying recorded responses).
import Anthropic from "@anthropic-ai/sdk";
import type { Tool } from "@anthropic-ai/sdk/resources/messages/messages";
import { bindingsFromAnthropicTools, toRunnableTool } from "@isobind/anthropic";
import { createCodeTool, NodeRuntime } from "@isobind/core";

//#region tools
// The tool set as it was written for plain Claude tool use.
const tools: Tool[] = [
  {
    name: "get_weather",
    description: "Current temperature of a city, in °F",
    input_schema: {
      type: "object",
      properties: { city: { type: "string", description: "City name, e.g. Paris" } },
      required: ["city"],
    },
  },
  {
    name: "calculate",
    description: "Apply an arithmetic operation to two numbers",
    input_schema: {
      type: "object",
      properties: {
        op: { type: "string", enum: ["add", "sub", "mul", "div"] },
        a: { type: "number" },
        b: { type: "number" },
      },
      required: ["op", "a", "b"],
    },
  },
];

const TEMPERATURES_F: Record<string, number> = { Paris: 61, Oslo: 47, Tokyo: 68 };
const calls: string[] = [];
const handlers = {
  get_weather: ({ city }: { city: string }) => {
    calls.push("get_weather");
    const temp = TEMPERATURES_F[city];
    if (temp === undefined) throw new Error(`no weather station in ${city}`);
    return { city, temp_f: temp };
  },
  calculate: ({ op, a, b }: { op: string; a: number; b: number }) => {
    calls.push("calculate");
    return op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : a / b;
  },
};
//#endregion

//#region code-mode
// Code Mode: the tools become bindings, the model gets one tool, the SDK's runner drives it.
await using rt = await NodeRuntime.create({
  bindings: bindingsFromAnthropicTools(tools, handlers),
});
const codeTool = createCodeTool(rt);

const client = new Anthropic(); // reads ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL)
const runner = client.beta.messages.toolRunner({
  model: process.env.ANTHROPIC_MODEL ?? "claude-sonnet-5-5",
  max_tokens: 1024,
  messages: [
    {
      role: "user",
      content: "Which of Paris, Oslo and Tokyo is warmest and coldest, and what is the spread?",
    },
  ],
  tools: [
    toRunnableTool(codeTool, {
      onToolResult: ({ name, isError, result }) => {
        console.log(`tool call: ${name} (${isError ? "failed" : "ok"})`);
        console.log(`  console: ${result?.stdout.trimEnd()}`);
        console.log(`  value:   ${JSON.stringify(result?.value)}`);
      },
    }),
  ],
});
const final = await runner.runUntilDone();
//#endregion

console.log(`binding calls: ${calls.sort().join(", ")}`);
console.log(`answer: ${final.content.map((b) => (b.type === "text" ? b.text : "")).join("")}`);
