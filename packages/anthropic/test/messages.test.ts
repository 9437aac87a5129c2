// End to end: the real `@anthropic-ai/sdk` client, pointed at a local server replaying
// scripted Messages API responses (JSON and SSE), drives the real runtime: a hand-written loop
// with handleToolUses, and the SDK's own tool runner with toRunnableTool. No network, no key.
import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import { type CodeTool, createCodeTool, NodeRuntime } from "@isobind/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  bindingsFromAnthropicTools,
  handleToolUses,
  toAnthropicTool,
  toRunnableTool,
} from "../src/index.ts";
import { type ReplayServer, startReplayServer, type Turn } from "./support/replay-server.ts";
import { weatherHandlers, weatherTools } from "./support/weather-tools.ts";

const BAD = 'return await tools.getWeather({ town: "Paris" })';
const CHAIN = `
const [p, o] = await Promise.all([tools.getWeather({ city: "Paris" }), tools.getWeather({ city: "Oslo" })]);
console.log("Paris", p.temp_f, "Oslo", o.temp_f);
return { warmer: p.temp_f > o.temp_f ? "Paris" : "Oslo", difference: await tools.calculate({ a: p.temp_f, b: o.temp_f }) };`;
const FIX_SCRIPT: Turn[] = [
  { text: "Let me check.", toolUses: [{ name: "execute_code", input: { code: BAD } }] },
  { toolUses: [{ name: "execute_code", input: { code: CHAIN } }] },
  { text: "Paris is warmer by 14°F." },
];

const log: [string, unknown][] = [];
let rt: NodeRuntime;
let codeTool: CodeTool;
let server: ReplayServer | undefined;

beforeAll(async () => {
  rt = await NodeRuntime.create({
    bindings: bindingsFromAnthropicTools(weatherTools, weatherHandlers(log)),
  });
  codeTool = createCodeTool(rt);
});
afterAll(() => rt.dispose());
beforeEach(() => {
  log.length = 0;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function replay(turns: Turn[]): Promise<Anthropic> {
  server = await startReplayServer(turns);
  return new Anthropic({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 });
}

// biome-ignore lint/suspicious/noExplicitAny: wire blocks are read by their field names.
function toolResultsOf(body: any): any[] {
  const last = body.messages.at(-1);
  return last.role === "user" && Array.isArray(last.content)
    ? last.content.filter((b: { type: string }) => b.type === "tool_result")
    : [];
}

function expectFixSequence(s: ReplayServer): void {
  expect(s.remaining()).toBe(0);
  const [failed] = toolResultsOf(s.requests[1]?.body);
  expect(failed.is_error).toBe(true);
  expect(JSON.stringify(failed.content)).toContain("INVALID_INPUT");
  const [fixed] = toolResultsOf(s.requests[2]?.body);
  expect(fixed.is_error).not.toBe(true);
  const text = JSON.stringify(fixed.content);
  expect(text).toContain('\\"warmer\\":\\"Paris\\"');
  expect(text).toContain("Paris 61 Oslo 47");
  expect(log).toContainEqual(["calculate", { a: 61, b: 47 }]);
}

describe("a hand-written Messages loop with handleToolUses", () => {
  it.each([false, true])(
    "runs the code, reports a failed run as is_error, and the model fixes it (streaming: %s)",
    async (stream) => {
      const client = await replay(FIX_SCRIPT);
      const tools = [
        toAnthropicTool(codeTool, { fields: { cache_control: { type: "ephemeral" } } }),
      ];
      const messages: MessageParam[] = [
        { role: "user", content: "Is it warmer in Paris or Oslo?" },
      ];
      let text = "";
      for (let turn = 0; turn < 5; turn++) {
        const params = { model: "claude-test", max_tokens: 1024, messages, tools };
        const message = stream
          ? await client.messages.stream(params).finalMessage()
          : await client.messages.create(params);
        messages.push({ role: "assistant", content: message.content });
        if (message.stop_reason !== "tool_use") {
          text = message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
          break;
        }
        messages.push({ role: "user", content: await handleToolUses(message, { codeTool }) });
      }
      expect(text).toBe("Paris is warmer by 14°F.");
      const sent = server!.requests[0]?.body.tools;
      expect(sent).toEqual([
        {
          name: "execute_code",
          description: codeTool.description,
          input_schema: codeTool.inputSchema,
          cache_control: { type: "ephemeral" },
        },
      ]);
      expectFixSequence(server!);
    },
  );
});

describe("the SDK's tool runner with toRunnableTool", () => {
  it.each([false, true])(
    "loops until the model answers, with is_error for the failed run (stream: %s)",
    async (stream) => {
      const client = await replay(FIX_SCRIPT);
      const outcomes: boolean[] = [];
      const runner = client.beta.messages.toolRunner({
        model: "claude-test",
        max_tokens: 1024,
        messages: [{ role: "user", content: "Is it warmer in Paris or Oslo?" }],
        tools: [toRunnableTool(codeTool, { onToolResult: (o) => outcomes.push(o.isError) })],
        stream,
      });
      if (stream)
        for await (const s of runner)
          await (s as { finalMessage(): Promise<unknown> }).finalMessage();
      const final = await runner.runUntilDone();
      expect(final.content).toMatchObject([{ type: "text", text: "Paris is warmer by 14°F." }]);
      expect(outcomes).toEqual([true, false]);
      expectFixSequence(server!);
    },
  );
});
