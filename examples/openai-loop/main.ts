// An app that already has OpenAI function tools (get_weather, calculate) switches to Code
// Mode: the tools become bindings, the model gets one execute_code tool and answers a
// question that needs four tool calls in a single round trip of code.
//
// Runs against the real API with OPENAI_API_KEY set, or against any OpenAI-compatible server
// through OPENAI_BASE_URL (check.ts points it at a local server replaying recorded responses).
import { createCodeTool, NodeRuntime } from "@isobind/core";
import { bindingsFromOpenAITools, runChatCompletionsLoop } from "@isobind/openai";
import OpenAI from "openai";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";

// The tool set as it was written for plain OpenAI tool calling.
const tools: ChatCompletionFunctionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current temperature of a city, in °F",
      parameters: {
        type: "object",
        properties: { city: { type: "string", description: "City name, e.g. Paris" } },
        required: ["city"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
  {
    type: "function",
    function: {
      name: "calculate",
      description: "Apply an arithmetic operation to two numbers",
      parameters: {
        type: "object",
        properties: {
          op: { type: "string", enum: ["add", "sub", "mul", "div"] },
          a: { type: "number" },
          b: { type: "number" },
        },
        required: ["op", "a", "b"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
];

const temperatures: Record<string, number> = { Paris: 61, Oslo: 47, Tokyo: 68 };

const handlers = {
  get_weather: ({ city }: { city: string }) => {
    const temp_f = temperatures[city];
    if (temp_f === undefined) throw new Error(`no weather station in ${city}`);
    return { city, temp_f };
  },
  calculate: ({ op, a, b }: { op: "add" | "sub" | "mul" | "div"; a: number; b: number }) => ({
    result: op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : a / b,
  }),
};

await using rt = await NodeRuntime.create({ bindings: bindingsFromOpenAITools(tools, handlers) });

const bindingCalls: string[] = [];
const result = await runChatCompletionsLoop(
  new OpenAI(),
  {
    model: process.env.OPENAI_MODEL ?? "gpt-4.1",
    messages: [
      {
        role: "user",
        content: "Which is warmest right now: Paris, Oslo or Tokyo? And the spread?",
      },
    ],
  },
  {
    codeTool: createCodeTool(rt),
    onRunEvent: (event) => {
      if (event.type === "binding:start") bindingCalls.push(event.name);
    },
  },
);

for (const outcome of result.outcomes) {
  console.log(`tool call: ${outcome.name} (${outcome.isError ? "failed" : "ok"})`);
  console.log(`  console: ${outcome.result?.stdout.trim()}`);
  console.log(`  value:   ${JSON.stringify(outcome.result?.value)}`);
}
console.log(`binding calls: ${bindingCalls.sort().join(", ")}`);
console.log(`model requests: ${result.steps}`);
console.log(`answer: ${result.text}`);
