// The code tool inside the SDK's own loop helpers, against the same recorded responses.
import { type CodeTool, createCodeTool, NodeRuntime } from "@isobind/core";
import OpenAI from "openai";
import { ResponsesToolRunner } from "openai/helpers/responses-tool-runner";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  bindingsFromOpenAITools,
  toResponsesRunnerFunction,
  toRunnableTool,
} from "../src/index.ts";
import { loadExchanges, type ReplayServer, startReplayServer } from "./support/replay-server.ts";
import { weatherHandlers, weatherTools } from "./support/weather-tools.ts";

const ANSWER = "Paris is warmer: 61°F against 47°F in Oslo, a difference of 14°F.";
let rt: NodeRuntime;
let codeTool: CodeTool;
const log: [string, unknown][] = [];
let server: ReplayServer | undefined;

beforeAll(async () => {
  rt = await NodeRuntime.create({
    bindings: bindingsFromOpenAITools(weatherTools, weatherHandlers(log)),
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

async function replay(fixture: string): Promise<OpenAI> {
  server = await startReplayServer(loadExchanges(fixture));
  return new OpenAI({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 });
}

describe("toRunnableTool", () => {
  it("runs the model's code inside client.chat.completions.runTools()", async () => {
    const client = await replay("chat-loop.json");
    const events: string[] = [];
    const runner = client.chat.completions.runTools({
      model: "gpt-4.1",
      messages: [{ role: "user", content: "Is it warmer in Paris or Oslo?" }],
      tools: [toRunnableTool(codeTool, { onRunEvent: (e) => events.push(e.type) })],
    });
    expect(await runner.finalContent()).toBe(ANSWER);
    expect(log.map(([name]) => name)).toEqual(["get_weather", "get_weather", "calculate"]);
    expect(events.filter((t) => t === "binding:start")).toHaveLength(3);
    const toolMessage = server?.requests[1]?.body.messages[2];
    expect(toolMessage).toMatchObject({
      role: "tool",
      tool_call_id: "call_Qm3kX9vTz2LrP8wYb4Hc1NdJ",
    });
    expect(toolMessage.content).toContain('"warmer":"Paris"');
    expect(server?.requests[0]?.body.tools[0].function).toMatchObject({
      name: "execute_code",
      strict: true,
    });
  });

  it("sends a failed run back through the runner as a result the model can fix", async () => {
    const client = await replay("chat-failing-run.json");
    const runner = client.chat.completions.runTools({
      model: "gpt-4.1",
      messages: [{ role: "user", content: "How warm is it in Paris?" }],
      tools: [toRunnableTool(codeTool)],
    });
    expect(await runner.finalContent()).toBe("It is 61°F in Paris right now.");
    const failure = server?.requests[1]?.body.messages[2];
    expect(failure).toMatchObject({ role: "tool", tool_call_id: "call_Vb7nK2xQm9Lt4Rz8Wp3Hy6Jc" });
    expect(failure.content).toContain("INVALID_INPUT: get_weather");
  });
});

describe("toResponsesRunnerFunction", () => {
  it("runs the model's code inside the SDK's ResponsesToolRunner", async () => {
    const client = await replay("responses-loop.json");
    const runner = new ResponsesToolRunner({ functions: [toResponsesRunnerFunction(codeTool)] });
    const response = await runner.run(client, {
      model: "gpt-4.1",
      input: "Is it warmer in Paris or Oslo?",
    });
    expect(response.output_text).toBe(ANSWER);
    expect(log.map(([name]) => name)).toEqual(["get_weather", "get_weather", "calculate"]);
    const output = server?.requests[1]?.body.input.find(
      (item: { type?: string }) => item.type === "function_call_output",
    );
    expect(output).toMatchObject({ call_id: "call_Wm8xK3tLz6Qn1Rv9Hp4Bc7Jd" });
    expect(output.output).toContain('"difference_f":14');
  });
});
