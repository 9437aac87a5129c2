import { InvalidOptionsError, type RunEvent, RuntimeDisposedError } from "@isobind/core";
import type { ChatCompletionMessageToolCall } from "openai/resources/chat/completions";
import type { ResponseOutputItem } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { fakeCodeTool } from "../test/support/fake-code-tool.ts";
import { handleChatToolCalls, handleResponsesToolCalls } from "./handle-tool-calls.ts";
import type { ToolCallOutcome, ToolCallRef } from "./types.ts";

function fn(id: string, name: string, args: string): ChatCompletionMessageToolCall {
  return { id, type: "function", function: { name, arguments: args } };
}
const code = (src: string) => JSON.stringify({ code: src });

describe("handleChatToolCalls", () => {
  it("returns one tool message per code call, in call order, while running them concurrently", async () => {
    const codeTool = fakeCodeTool();
    const finished: string[] = [];
    const messages = await handleChatToolCalls(
      [
        fn("call_a", "execute_code", code("wait 60; return 1")),
        fn("call_b", "execute_code", code("return 2")),
      ],
      { codeTool, onToolResult: (o) => finished.push(o.callId) },
    );
    expect(messages).toEqual([
      { role: "tool", tool_call_id: "call_a", content: "value: 1" },
      { role: "tool", tool_call_id: "call_b", content: "value: 2" },
    ]);
    // The second call finished first: they ran side by side, not one after the other.
    expect(finished).toEqual(["call_b", "call_a"]);
    expect(codeTool.inputs).toEqual([{ code: "wait 60; return 1" }, { code: "return 2" }]);
  });

  it("answers invalid JSON arguments with an error the model can fix, without running anything", async () => {
    const codeTool = fakeCodeTool();
    const [message] = await handleChatToolCalls(
      [fn("call_a", "execute_code", '{"code": "return 1')],
      {
        codeTool,
      },
    );
    expect(message?.tool_call_id).toBe("call_a");
    expect(message?.content).toMatch(
      /^INVALID_ARGUMENTS: the arguments of execute_code are not valid JSON \(/,
    );
    expect(codeTool.inputs).toEqual([]);
  });

  it("passes a failed run's text through as the tool message", async () => {
    const outcomes: ToolCallOutcome[] = [];
    const messages = await handleChatToolCalls([fn("c1", "execute_code", code("throw"))], {
      codeTool: fakeCodeTool(),
      onToolResult: (o) => outcomes.push(o),
    });
    expect(messages).toEqual([
      { role: "tool", tool_call_id: "c1", content: "GUEST_ERROR: boom (line 1)" },
    ]);
    expect(outcomes[0]).toMatchObject({ callId: "c1", isError: true, result: { exitCode: 1 } });
  });

  it("skips calls to unknown tools by default and answers them with UNKNOWN_TOOL on request", async () => {
    const calls = [
      fn("c1", "lookup_order", '{"id":1}'),
      fn("c2", "execute_code", code("return 3")),
    ];
    const skipped = await handleChatToolCalls(calls, { codeTool: fakeCodeTool() });
    expect(skipped.map((m) => m.tool_call_id)).toEqual(["c2"]);
    const answered = await handleChatToolCalls(calls, {
      codeTool: fakeCodeTool(),
      unknownTools: "error",
    });
    expect(answered[0]).toEqual({
      role: "tool",
      tool_call_id: "c1",
      content:
        'UNKNOWN_TOOL: there is no tool named "lookup_order". Available tools: execute_code.',
    });
  });

  it("routes other tools to their handlers with parsed arguments and the call's context", async () => {
    const seen: unknown[] = [];
    const messages = await handleChatToolCalls(
      [
        fn("c1", "lookup_order", '{"id":42}'),
        fn("c2", "greet", '{"name":"Ada"}'),
        fn("c3", "fail", "{}"),
        fn("c4", "lookup_order", "{not json"),
        fn("c5", "nothing", ""),
      ],
      {
        codeTool: fakeCodeTool(),
        handlers: {
          lookup_order: (args, ctx) => {
            seen.push(args, ctx.callId, ctx.name, ctx.signal.aborted);
            return { id: 42, status: "shipped" };
          },
          greet: (args) => `Hello ${(args as { name: string }).name}`,
          fail: () => {
            throw new Error("database is down");
          },
          nothing: (args) => {
            seen.push(args);
            return undefined;
          },
        },
      },
    );
    expect(messages.map((m) => m.content)).toEqual([
      '{"id":42,"status":"shipped"}',
      "Hello Ada",
      "Error: fail failed: database is down",
      expect.stringMatching(/^INVALID_ARGUMENTS: the arguments of lookup_order are not valid JSON/),
      "",
    ]);
    expect(seen).toEqual([{ id: 42 }, "c1", "lookup_order", false, {}]);
  });

  it("gives custom tool calls the raw input text", async () => {
    let received: unknown;
    const messages = await handleChatToolCalls(
      [{ id: "c1", type: "custom", custom: { name: "grammar", input: "SELECT 1" } }],
      {
        codeTool: fakeCodeTool(),
        handlers: {
          grammar: (input) => {
            received = input;
            return "ok";
          },
        },
      },
    );
    expect(received).toBe("SELECT 1");
    expect(messages).toEqual([{ role: "tool", tool_call_id: "c1", content: "ok" }]);
  });

  it("forwards run events with the call they belong to", async () => {
    const events: [RunEvent, ToolCallRef][] = [];
    await handleChatToolCalls([fn("c9", "execute_code", code("return 1"))], {
      codeTool: fakeCodeTool(),
      onRunEvent: (event, call) => events.push([event, call]),
    });
    expect(events).toEqual([
      [
        expect.objectContaining({ type: "console", text: "hi\n" }),
        { callId: "c9", name: "execute_code" },
      ],
    ]);
  });

  it("turns an unexpected executor failure into an error message but rethrows host misuse", async () => {
    const [message] = await handleChatToolCalls([fn("c1", "execute_code", code("crash"))], {
      codeTool: fakeCodeTool(),
    });
    expect(message?.content).toBe("INTERNAL_ERROR: the code could not be run: executor exploded");
    await expect(
      handleChatToolCalls([fn("c1", "execute_code", code("crash"))], {
        codeTool: fakeCodeTool("execute_code", new RuntimeDisposedError("run")),
      }),
    ).rejects.toThrow(RuntimeDisposedError);
  });

  it("returns nothing for a message without tool calls", async () => {
    expect(await handleChatToolCalls(undefined, { codeTool: fakeCodeTool() })).toEqual([]);
  });

  it("reports every bad option at once", async () => {
    const error = await handleChatToolCalls([], {
      codeTool: fakeCodeTool(),
      // @ts-expect-error: wrong on purpose
      handlers: { a: 1, execute_code: () => 1 },
      // @ts-expect-error: wrong on purpose
      unknownTools: "drop",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).issues.map((i) => i.path)).toEqual([
      "handlers.a",
      "handlers.execute_code",
      "unknownTools",
    ]);
  });
});

describe("handleResponsesToolCalls", () => {
  const output: ResponseOutputItem[] = [
    {
      type: "reasoning",
      id: "rs_1",
      summary: [],
    },
    {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "execute_code",
      arguments: code("return 5"),
      status: "completed",
    },
    { type: "custom_tool_call", id: "ctc_1", call_id: "call_2", name: "grammar", input: "x" },
    {
      type: "function_call",
      id: "fc_2",
      call_id: "call_3",
      name: "execute_code",
      arguments: "{",
      status: "completed",
    },
  ];

  it("answers function and custom calls with output items of the matching type, ignoring other items", async () => {
    const items = await handleResponsesToolCalls(output, {
      codeTool: fakeCodeTool(),
      handlers: { grammar: (input) => `parsed ${String(input)}` },
    });
    expect(items).toEqual([
      { type: "function_call_output", call_id: "call_1", output: "value: 5" },
      { type: "custom_tool_call_output", call_id: "call_2", output: "parsed x" },
      {
        type: "function_call_output",
        call_id: "call_3",
        output: expect.stringMatching(/^INVALID_ARGUMENTS: the arguments of execute_code/),
      },
    ]);
  });

  it("rejects a missing code tool", async () => {
    // @ts-expect-error: wrong on purpose
    await expect(handleResponsesToolCalls(output, {})).rejects.toThrow(
      /codeTool: must be a code tool from createCodeTool\(rt, options\)/,
    );
  });
});
