// The Chat Completions loop written by hand with the adapter's two building blocks:
// toChatCompletionTool (the tool definition) and handleChatToolCalls (the answers to the
// model's calls). The bindings are plain isobind bindings, no OpenAI tool set needed.
//
// The client talks to a local server replaying the recorded responses of
// examples/openai-loop, so this runs offline; with OPENAI_API_KEY and no replay it is the real API.
import { createCodeTool, NodeRuntime } from "@isobind/core";
import { handleChatToolCalls, toChatCompletionTool } from "@isobind/openai";
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { startReplayServer } from "../../../../examples/openai-loop/replay-server.ts";

const replay = await startReplayServer(
  new URL(
    "../../../../examples/openai-loop/fixtures/recorded/chat-completions.json",
    import.meta.url,
  ),
);
const client = new OpenAI({ baseURL: replay.baseURL, apiKey: "test", maxRetries: 0 });
const model = "gpt-4.1";
const temperatures: Record<string, number> = { Paris: 61, Oslo: 47, Tokyo: 68 };

await using rt = await NodeRuntime.create({
  bindings: {
    get_weather: {
      description: "Current temperature of a city, in °F",
      inputSchema: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
      handler: ({ city }: { city: string }) => ({ city, temp_f: temperatures[city] }),
    },
    calculate: {
      description: "Apply an arithmetic operation to two numbers",
      inputSchema: {
        type: "object",
        properties: {
          op: { type: "string", enum: ["add", "sub", "mul", "div"] },
          a: { type: "number" },
          b: { type: "number" },
        },
        required: ["op", "a", "b"],
      },
      handler: ({ op, a, b }: { op: string; a: number; b: number }) => ({
        result: op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : a / b,
      }),
    },
  },
});

//#region definition
const codeTool = createCodeTool(rt);
const definition = toChatCompletionTool(codeTool);
console.log(definition.type, definition.function.name, "strict:", definition.function.strict);
console.log(JSON.stringify(definition.function.parameters));
//#endregion

//#region loop
const messages: ChatCompletionMessageParam[] = [
  { role: "user", content: "Which is warmest right now: Paris, Oslo or Tokyo? And the spread?" },
];
for (let step = 1; step <= 10; step++) {
  const completion = await client.chat.completions.create({
    model,
    messages,
    tools: [definition],
  });
  const message = completion.choices[0]?.message;
  if (!message) break;
  if (!message.tool_calls?.length) {
    console.log(`answer after ${step} requests: ${message.content}`);
    break;
  }
  const answers = await handleChatToolCalls(message.tool_calls, { codeTool });
  for (const answer of answers)
    console.log(`tool message for ${answer.tool_call_id}:\n${answer.content}`);
  messages.push(message, ...answers);
}
//#endregion

// Every recorded response was asked for: the loop really made both requests.
if (replay.remaining() !== 0) throw new Error(`${replay.remaining()} recorded responses unused`);
await replay.close();
