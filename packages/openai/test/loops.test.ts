// End to end: the real `openai` client, pointed at a local server replaying recorded API
// responses, drives the real runtime through both loops. No network, no API key.
import { type CodeTool, createCodeTool, NodeRuntime } from "@isobind/core";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  bindingsFromOpenAITools,
  handleChatToolCalls,
  handleResponsesToolCalls,
  runChatCompletionsLoop,
  runResponsesLoop,
} from "../src/index.ts";
import { loadExchanges, type ReplayServer, startReplayServer } from "./support/replay-server.ts";
import { weatherHandlers, weatherTools } from "./support/weather-tools.ts";

const QUESTION = "Is it warmer in Paris or Oslo right now, and by how much?";
const ANSWER = "Paris is warmer: 61°F against 47°F in Oslo, a difference of 14°F.";
const CHAIN_VALUE = { warmer: "Paris", difference_f: 14 };
const CHAIN_CALLS = [
  ["get_weather", { city: "Paris" }],
  ["get_weather", { city: "Oslo" }],
  ["calculate", { op: "sub", a: 61, b: 47 }],
];

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

async function replay(fixture: string): Promise<{ client: OpenAI; server: ReplayServer }> {
  server = await startReplayServer(loadExchanges(fixture));
  return { client: new OpenAI({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 }), server };
}

/** The chained run's tool output: the value as JSON and the console line. */
function expectChainOutput(text: string): void {
  expect(text).toContain('"warmer":"Paris"');
  expect(text).toContain('"difference_f":14');
  expect(text).toContain("Paris 61°F, Oslo 47°F");
}

describe("runChatCompletionsLoop", () => {
  it("runs the model's code, which chains several bindings, and returns the final answer", async () => {
    const { client, server } = await replay("chat-loop.json");
    const result = await runChatCompletionsLoop(
      client,
      { model: "gpt-4.1", messages: [{ role: "user", content: QUESTION }] },
      { codeTool },
    );

    expect(result).toMatchObject({
      text: ANSWER,
      stopReason: "answer",
      steps: 2,
      pendingToolCalls: [],
    });
    expect(log).toEqual(CHAIN_CALLS);
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]?.result?.value).toEqual(CHAIN_VALUE);
    expect(server.remaining()).toBe(0);

    const [first, second] = server.requests;
    expect(first?.headers.authorization).toBe("Bearer test");
    expect(first?.body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "execute_code",
          description: codeTool.description,
          parameters: codeTool.inputSchema,
          strict: true,
        },
      },
    ]);
    expect(codeTool.description).toContain("getWeather");
    expect(codeTool.description).toContain("calculate");

    // The second request carries the assistant's tool call and the tool message answering it.
    const messages = second?.body.messages;
    expect(messages).toHaveLength(3);
    expect(messages[0]).toEqual({ role: "user", content: QUESTION });
    expect(messages[1]).toMatchObject({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_Qm3kX9vTz2LrP8wYb4Hc1NdJ", type: "function" }],
    });
    expect(messages[2]).toEqual({
      role: "tool",
      tool_call_id: "call_Qm3kX9vTz2LrP8wYb4Hc1NdJ",
      content: result.outcomes[0]?.output,
    });
    expectChainOutput(messages[2].content);
    expect(result.messages).toEqual([...messages, { role: "assistant", content: ANSWER }]);
  });

  it("streams: assembles the tool-call deltas, runs the code and streams the answer's text", async () => {
    const { client, server } = await replay("chat-stream.json");
    const deltas: string[] = [];
    const result = await runChatCompletionsLoop(
      client,
      { model: "gpt-4.1", messages: [{ role: "user", content: QUESTION }] },
      { codeTool, stream: true, onTextDelta: (d) => deltas.push(d) },
    );

    expect(result.text).toBe(ANSWER);
    expect(deltas.join("")).toBe(ANSWER);
    expect(deltas.length).toBeGreaterThan(1);
    expect(log).toEqual(CHAIN_CALLS);
    expect(server.requests.map((r) => r.body.stream)).toEqual([true, true]);
    const toolMessage = server.requests[1]?.body.messages[2];
    expect(toolMessage).toMatchObject({
      role: "tool",
      tool_call_id: "call_Rk5nW8xLq2Tz7Mv4Hc9Bp1Jd",
    });
    expectChainOutput(toolMessage.content);
    expect(result.completion.usage?.total_tokens).toBe(1028);
  });

  it("sends a failed run back as an error result the model can fix", async () => {
    const { client, server } = await replay("chat-failing-run.json");
    const result = await runChatCompletionsLoop(
      client,
      { model: "gpt-4.1", messages: [{ role: "user", content: "How warm is it in Paris?" }] },
      { codeTool },
    );

    expect(result).toMatchObject({ text: "It is 61°F in Paris right now.", steps: 3 });
    const [failed, fixed] = result.outcomes;
    expect(failed).toMatchObject({
      isError: true,
      result: { exitCode: 1, error: { code: "GUEST_ERROR" } },
    });
    expect(failed?.result?.error?.bindingCode).toBe("INVALID_INPUT");
    expect(fixed).toMatchObject({ isError: false, result: { exitCode: 0, value: 61 } });

    const sentFailure = server.requests[1]?.body.messages[2];
    expect(sentFailure.role).toBe("tool");
    expect(sentFailure.content).toBe(failed?.output);
    expect(sentFailure.content).toContain("INVALID_INPUT");
    expect(sentFailure.content).toContain("get_weather");
    expect(sentFailure.content).toContain("city");
    expect(log).toEqual([["get_weather", { city: "Paris" }]]);
  });

  it("answers invalid JSON arguments and unknown tools with errors, then goes on", async () => {
    const { client, server } = await replay("chat-invalid-json.json");
    const result = await runChatCompletionsLoop(
      client,
      { model: "gpt-4.1", messages: [{ role: "user", content: "How warm is it in Tokyo?" }] },
      { codeTool },
    );

    expect(result.text).toBe("It is 68°F in Tokyo.");
    const answers = server.requests[1]?.body.messages.slice(2);
    expect(answers).toEqual([
      {
        role: "tool",
        tool_call_id: "call_Jx4mR7tQz1Wn8Lp5Kv2Hb9Yc",
        content: expect.stringMatching(
          /^INVALID_ARGUMENTS: the arguments of execute_code are not valid JSON/,
        ),
      },
      {
        role: "tool",
        tool_call_id: "call_Np6wT3kLx9Qm2Rz7Hv4Bc8Jd",
        content: 'UNKNOWN_TOOL: there is no tool named "get_time". Available tools: execute_code.',
      },
    ]);
    // Nothing ran for the broken call; the retry ran once.
    expect(log).toEqual([["get_weather", { city: "Tokyo" }]]);
    expect(result.outcomes.map((o) => o.isError)).toEqual([true, true, false]);
  });

  it("stops at the step limit without running the pending calls", async () => {
    const { client, server } = await replay("chat-loop.json");
    const result = await runChatCompletionsLoop(
      client,
      { model: "gpt-4.1", messages: [{ role: "user", content: QUESTION }] },
      { codeTool, maxSteps: 1 },
    );
    expect(result).toMatchObject({ text: null, stopReason: "max_steps", steps: 1 });
    expect(result.pendingToolCalls.map((c) => c.id)).toEqual(["call_Qm3kX9vTz2LrP8wYb4Hc1NdJ"]);
    expect(server.requests).toHaveLength(1);
    expect(log).toEqual([]);
  });
});

describe("runChatCompletionsLoop cancellation", () => {
  it("aborts the running code and the loop when the signal aborts", async () => {
    const { client, server } = await replay("chat-loop.json");
    let handlerSawAbort = false;
    await using slow = await NodeRuntime.create({
      bindings: bindingsFromOpenAITools(weatherTools, {
        get_weather: (_args: unknown, ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener("abort", () => {
              handlerSawAbort = true;
              resolve({ temp_f: 0 });
            });
          }),
        calculate: () => ({ result: 0 }),
      }),
    });
    const controller = new AbortController();
    const outcomes: { isError: boolean; code?: string }[] = [];
    const loop = runChatCompletionsLoop(
      client,
      { model: "gpt-4.1", messages: [{ role: "user", content: QUESTION }] },
      {
        codeTool: createCodeTool(slow),
        signal: controller.signal,
        onRunEvent: (event) => {
          if (event.type === "binding:start") controller.abort();
        },
        onToolResult: (o) => outcomes.push({ isError: o.isError, code: o.result?.error?.code }),
      },
    );
    await expect(loop).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(handlerSawAbort).toBe(true);
    expect(outcomes).toEqual([{ isError: true, code: "ABORTED" }]);
    // The aborted run's result was never sent: the loop stopped before the next request.
    expect(server.requests).toHaveLength(1);
  });
});

describe("handleChatToolCalls with the SDK's own response", () => {
  it("returns the exact tool message to append", async () => {
    const { client } = await replay("chat-loop.json");
    const completion = await client.chat.completions.create({
      model: "gpt-4.1",
      messages: [{ role: "user", content: QUESTION }],
      tools: [],
    });
    const messages = await handleChatToolCalls(completion.choices[0]?.message.tool_calls, {
      codeTool,
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      role: "tool",
      tool_call_id: "call_Qm3kX9vTz2LrP8wYb4Hc1NdJ",
    });
    expectChainOutput(messages[0]?.content as string);
  });
});

describe("runResponsesLoop", () => {
  it("runs the function_call and replays the output items with a function_call_output", async () => {
    const { client, server } = await replay("responses-loop.json");
    const result = await runResponsesLoop(
      client,
      { model: "gpt-4.1", input: QUESTION },
      { codeTool },
    );

    expect(result).toMatchObject({ text: ANSWER, stopReason: "answer", steps: 2 });
    expect(log).toEqual(CHAIN_CALLS);
    expect(server.requests[0]?.body.tools).toEqual([
      {
        type: "function",
        name: "execute_code",
        description: codeTool.description,
        parameters: codeTool.inputSchema,
        strict: true,
      },
    ]);
    const input = server.requests[1]?.body.input;
    expect(input).toHaveLength(3);
    expect(input[0]).toEqual({ role: "user", content: QUESTION });
    expect(input[1]).toMatchObject({
      type: "function_call",
      call_id: "call_Wm8xK3tLz6Qn1Rv9Hp4Bc7Jd",
    });
    expect(input[2]).toEqual({
      type: "function_call_output",
      call_id: "call_Wm8xK3tLz6Qn1Rv9Hp4Bc7Jd",
      output: result.outcomes[0]?.output,
    });
    expectChainOutput(input[2].output);
  });

  it("chains with previous_response_id when asked, sending only the new items", async () => {
    const { client, server } = await replay("responses-loop.json");
    await runResponsesLoop(
      client,
      { model: "gpt-4.1", input: QUESTION },
      { codeTool, chaining: "previous_response_id" },
    );
    const second = server.requests[1]?.body;
    expect(second.previous_response_id).toBe("resp_0c2f7a9e41b3d8f60068f1a2b3c4d5e6");
    expect(second.input).toEqual([
      expect.objectContaining({
        type: "function_call_output",
        call_id: "call_Wm8xK3tLz6Qn1Rv9Hp4Bc7Jd",
      }),
    ]);
  });

  it("streams: reads the events to response.completed and streams the answer's text", async () => {
    const { client, server } = await replay("responses-stream.json");
    const deltas: string[] = [];
    const result = await runResponsesLoop(
      client,
      { model: "gpt-4.1", input: QUESTION },
      { codeTool, stream: true, onTextDelta: (d) => deltas.push(d) },
    );
    expect(result.text).toBe(ANSWER);
    expect(result.response.output_text).toBe(ANSWER);
    expect(deltas.join("")).toBe(ANSWER);
    expect(log).toEqual(CHAIN_CALLS);
    const output = server.requests[1]?.body.input[2];
    expect(output).toMatchObject({
      type: "function_call_output",
      call_id: "call_Zt2kN7xLm4Qw9Rv1Hc6Bp3Jd",
    });
    expectChainOutput(output.output);
  });
});

describe("runResponsesLoop with other tools", () => {
  it("routes calls of the app's other function tools to their handlers, next to the code", async () => {
    const { client, server } = await replay("responses-mixed-tools.json");
    const timeCalls: unknown[] = [];
    const result = await runResponsesLoop(
      client,
      {
        model: "gpt-4.1",
        input: "What time is it in Oslo, and how warm?",
        tools: [
          {
            type: "function",
            name: "get_local_time",
            description: "Local time in a city",
            parameters: {
              type: "object",
              properties: { city: { type: "string" } },
              required: ["city"],
              additionalProperties: false,
            },
            strict: true,
          },
        ],
      },
      {
        codeTool,
        handlers: {
          get_local_time: (args, ctx) => {
            timeCalls.push(args, ctx.callId);
            return { time: "14:05" };
          },
        },
      },
    );

    expect(result.text).toBe("In Oslo it is 14:05 and 47°F.");
    expect(timeCalls).toEqual([{ city: "Oslo" }, "call_Bq7xM2kLz9Wn4Rt6Hv1Cp8Jd"]);
    expect(log).toEqual([["get_weather", { city: "Oslo" }]]);
    expect(server.requests[0]?.body.tools.map((t: { name: string }) => t.name)).toEqual([
      "get_local_time",
      "execute_code",
    ]);
    const outputs = server.requests[1]?.body.input.slice(3);
    expect(outputs).toEqual([
      {
        type: "function_call_output",
        call_id: "call_Bq7xM2kLz9Wn4Rt6Hv1Cp8Jd",
        output: '{"time":"14:05"}',
      },
      {
        type: "function_call_output",
        call_id: "call_Kd3nW6xQm1Lz8Rv5Tp2Hc9Jb",
        output: expect.stringContaining("47"),
      },
    ]);
    expect(result.outcomes.map((o) => [o.name, o.isError])).toEqual([
      ["get_local_time", false],
      ["execute_code", false],
    ]);
  });
});

describe("handleResponsesToolCalls with the SDK's own response", () => {
  it("returns the exact function_call_output item to send back", async () => {
    const { client } = await replay("responses-loop.json");
    const response = await client.responses.create({ model: "gpt-4.1", input: QUESTION });
    const items = await handleResponsesToolCalls(response.output, { codeTool });
    expect(items).toEqual([
      {
        type: "function_call_output",
        call_id: "call_Wm8xK3tLz6Qn1Rv9Hp4Bc7Jd",
        output: expect.any(String),
      },
    ]);
    expectChainOutput(items[0]?.output as string);
  });
});
