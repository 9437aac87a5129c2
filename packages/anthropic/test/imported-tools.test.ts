// The SDK's runnable tools (betaZodTool, betaTool) as bindings, driven by the real client's
// tool runner against the local replay server; and cancellation of a hand-written loop's run.
import Anthropic from "@anthropic-ai/sdk";
import { betaTool } from "@anthropic-ai/sdk/helpers/beta/json-schema";
import { betaZodTool } from "@anthropic-ai/sdk/helpers/beta/zod";
import { ToolError } from "@anthropic-ai/sdk/lib/tools/ToolError";
import { type BindingContext, createCodeTool, NodeRuntime } from "@isobind/core";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { bindingsFromAnthropicTools, handleToolUses, toRunnableTool } from "../src/index.ts";
import { messageFor, type ReplayServer, startReplayServer } from "./support/replay-server.ts";

let server: ReplayServer | undefined;
let rt: NodeRuntime | undefined;
afterEach(async () => {
  await server?.close();
  await rt?.dispose();
  server = undefined;
  rt = undefined;
});

const getWeather = betaZodTool({
  name: "get_weather",
  description: "Current temperature in a city",
  inputSchema: z.object({ city: z.string(), unit: z.enum(["f", "c"]).optional() }),
  run: async ({ city, unit }) => {
    if (city === "Atlantis") throw new ToolError("no weather station in Atlantis");
    return JSON.stringify({ city, temp: city === "Paris" ? 61 : 47, unit: unit ?? "f" });
  },
});
const shout = betaTool({
  name: "shout",
  description: "Upper-cases text",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  run: async ({ text }) => [{ type: "text", text: text.toUpperCase() }],
});

describe("bindingsFromAnthropicTools with the SDK's runnable tools", () => {
  it("lets code call betaZodTool and betaTool tools inside the tool runner's loop", async () => {
    rt = await NodeRuntime.create({ bindings: bindingsFromAnthropicTools([getWeather, shout]) });
    const codeTool = createCodeTool(rt);
    expect(codeTool.description).toContain("getWeather(input:");
    const code = `
      const p = await tools.getWeather({ city: "Paris" });
      let failure;
      try { await tools.getWeather({ city: "Atlantis" }); } catch (e) { failure = e.code + ": " + e.message; }
      return { p, loud: await tools.shout({ text: "hi" }), failure };`;
    server = await startReplayServer([
      { toolUses: [{ name: "execute_code", input: { code } }] },
      { text: "done" },
    ]);
    const client = new Anthropic({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 });
    const final = await client.beta.messages.toolRunner({
      model: "claude-test",
      max_tokens: 1024,
      messages: [{ role: "user", content: "go" }],
      tools: [toRunnableTool(codeTool)],
    });
    expect(final.content).toMatchObject([{ type: "text", text: "done" }]);
    const result = server.requests[1]?.body.messages.at(-1).content[0];
    expect(result.is_error).not.toBe(true);
    // The JSON text result reached the guest parsed: the program read its fields.
    expect(result.content).toContain('"p":{"city":"Paris","temp":61,"unit":"f"}');
    expect(result.content).toContain("HANDLER_ERROR");
    expect(result.content).toContain("no weather station in Atlantis");
    expect(result.content).toContain('"loud":"HI"');
  });
});

describe("handleToolUses", () => {
  it("aborts running code when the signal aborts, and tells the model", async () => {
    const seen: boolean[] = [];
    const controller = new AbortController();
    rt = await NodeRuntime.create({
      bindings: {
        hang: {
          description: "Waits for the run to end",
          inputSchema: { type: "object" },
          handler: (_input: unknown, ctx: BindingContext) =>
            new Promise((resolve) =>
              ctx.signal.addEventListener("abort", () => resolve(seen.push(true))),
            ),
        },
      },
    });
    const message = messageFor({
      toolUses: [{ name: "execute_code", input: { code: "await tools.hang({})" } }],
    });
    const results = await handleToolUses(message as never, {
      codeTool: createCodeTool(rt),
      signal: controller.signal,
      onRunEvent: (event) => {
        if (event.type === "binding:start") controller.abort();
      },
    });
    expect(results).toHaveLength(1);
    expect(results[0]?.is_error).toBe(true);
    expect(results[0]?.content).toContain("ABORTED");
    expect(seen).toEqual([true]);
  });
});
