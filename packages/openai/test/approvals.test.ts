// Approvals end to end: the real `openai` client against the local replay server, the real
// runtime. A paused loop stops without answering the model, its state survives JSON and a new
// runtime (same secret), and resuming never re-asks the model nor runs a handler twice.
import {
  ContinuationConsumedError,
  createCodeTool,
  InvalidContinuationError,
  InvalidOptionsError,
  NodeRuntime,
} from "@isobind/core";
import { REFUND_CODE, refundBindings, TEST_SECRET, TWO_REFUNDS_CODE } from "@isobind/test-fixtures";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  resumeChatCompletionsLoop,
  resumeChatToolCalls,
  resumeResponsesLoop,
  resumeResponsesToolCalls,
  runChatCompletionsLoop,
  runChatToolCalls,
  runResponsesLoop,
  runResponsesToolCalls,
} from "../src/index.ts";
import {
  chatAnswer,
  chatToolCallResponse,
  responsesAnswer,
  responsesToolCall,
} from "./support/refund-fixtures.ts";
import { type Exchange, type ReplayServer, startReplayServer } from "./support/replay-server.ts";

const log: string[] = [];
let first: NodeRuntime;
let second: NodeRuntime;
let server: ReplayServer | undefined;

beforeAll(async () => {
  // Two runtimes with the same secret and bindings: a pause made by one resumes in the other,
  // as it would in another process.
  first = await NodeRuntime.create({
    bindings: refundBindings(log),
    approvals: { secret: TEST_SECRET },
  });
  second = await NodeRuntime.create({
    bindings: refundBindings(log),
    approvals: { secret: TEST_SECRET },
  });
});
afterAll(async () => {
  await first.dispose();
  await second.dispose();
});
beforeEach(() => {
  log.length = 0;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function replay(exchanges: Exchange[]): Promise<OpenAI> {
  server = await startReplayServer(exchanges);
  return new OpenAI({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 });
}

const USER = { role: "user", content: "Refund order B-2" } as const;
const codeCall = (id: string, code: string) => ({ id, name: "execute_code", args: { code } });

describe("runChatCompletionsLoop with approvals", () => {
  it("stops at the approval, then resumes in another runtime without re-asking the model", async () => {
    const client = await replay([
      chatToolCallResponse([codeCall("call_1", REFUND_CODE)]),
      chatAnswer("Refunded 260 EUR."),
    ]);
    const params = { model: "gpt-4.1", messages: [USER] };
    const paused = await runChatCompletionsLoop(client, params, {
      codeTool: createCodeTool(first),
    });

    expect(paused.stopReason).toBe("approval");
    expect(paused.text).toBeNull();
    expect(paused.approvals).toEqual([
      {
        id: expect.stringMatching(/^call_1:/),
        callId: "call_1",
        binding: "payments.refund",
        path: ["payments", "refund"],
        input: { orderId: "B-2", amount: 260 },
        reason: "refund of 260 EUR",
      },
    ]);
    expect(log).toEqual(["get B-2"]);
    expect(server?.requests).toHaveLength(1);

    // The state is a string: store it anywhere, resume it anywhere with the same secret.
    const state = JSON.parse(JSON.stringify(paused.state)) as string;
    const id = paused.approvals[0]?.id as string;
    const done = await resumeChatCompletionsLoop(client, params, {
      codeTool: createCodeTool(second),
      state,
      decisions: { [id]: { approved: true } },
    });

    expect(done).toMatchObject({ stopReason: "answer", text: "Refunded 260 EUR.", steps: 2 });
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
    expect(done.outcomes[0]?.result?.stats).toMatchObject({ replayedCalls: 1, executedCalls: 1 });
    expect(server?.requests).toHaveLength(2);
    const sent = server?.requests[1]?.body.messages;
    expect(sent.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(sent[2]).toMatchObject({ tool_call_id: "call_1" });
    expect(sent[2].content).toContain('"amount":260');
    expect(server?.remaining()).toBe(0);

    await expect(
      resumeChatCompletionsLoop(client, params, {
        codeTool: createCodeTool(second),
        state,
        decisions: { [id]: { approved: true } },
      }),
    ).rejects.toBeInstanceOf(ContinuationConsumedError);
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
  });

  it("a denial reaches the guest as APPROVAL_DENIED and the handler never runs", async () => {
    const client = await replay([
      chatToolCallResponse([codeCall("call_1", REFUND_CODE)]),
      chatAnswer("The refund was refused."),
    ]);
    const codeTool = createCodeTool(first);
    const params = { model: "gpt-4.1", messages: [USER] };
    const paused = await runChatCompletionsLoop(client, params, { codeTool });
    const id = paused.approvals[0]?.id as string;
    const done = await resumeChatCompletionsLoop(client, params, {
      codeTool,
      state: paused.state as string,
      decisions: { [id]: { approved: false, reason: "over the monthly budget" } },
    });
    expect(done.stopReason).toBe("answer");
    expect(log).toEqual(["get B-2"]);
    const tool = server?.requests[1]?.body.messages[2];
    expect(tool.content).toContain("APPROVAL_DENIED");
    expect(tool.content).toContain("over the monthly budget");
  });

  it("checks decisions before anything runs, and refuses a tampered continuation", async () => {
    const client = await replay([chatToolCallResponse([codeCall("call_1", REFUND_CODE)])]);
    const codeTool = createCodeTool(first);
    const params = { model: "gpt-4.1", messages: [USER] };
    const paused = await runChatCompletionsLoop(client, params, { codeTool });
    const id = paused.approvals[0]?.id as string;
    const state = paused.state as string;

    const bad = resumeChatCompletionsLoop(client, params, {
      codeTool,
      state,
      decisions: { "call_9:1": { approved: true } },
    });
    await expect(bad).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(bad).rejects.toThrow(`decisions.${id}: is missing (payments.refund)`);
    await expect(bad).rejects.toThrow("decisions.call_9:1: is not a pending approval");

    const edited = await resumeChatCompletionsLoop(client, params, {
      codeTool,
      state,
      decisions: { [id]: { approved: true, input: { orderId: "B-2", amount: "all" } } },
    }).catch((e: unknown) => e);
    expect(edited).toBeInstanceOf(InvalidOptionsError);
    expect(String(edited)).toContain("inputSchema");

    const parsed = JSON.parse(state);
    parsed.batch.calls[0].continuation = `${parsed.batch.calls[0].continuation.slice(0, -4)}AAAA`;
    await expect(
      resumeChatCompletionsLoop(client, params, {
        codeTool,
        state: JSON.stringify(parsed),
        decisions: { [id]: { approved: true } },
      }),
    ).rejects.toBeInstanceOf(InvalidContinuationError);
    await expect(
      resumeChatCompletionsLoop(client, params, {
        codeTool,
        state: "{}",
        decisions: {},
      }),
    ).rejects.toThrow("state: is not a version-1 openai.chat-loop state");
    expect(log).toEqual(["get B-2"]);
    expect(server?.requests).toHaveLength(1);
  });
});

describe("runResponsesLoop with approvals", () => {
  it("resumes with an edited input and sends only the new output, chained", async () => {
    const client = await replay([
      responsesToolCall("resp_1", "call_1", REFUND_CODE),
      responsesAnswer("resp_2", "Refunded 200 EUR."),
    ]);
    const codeTool = createCodeTool(first);
    const params = { model: "gpt-4.1", input: "Refund order B-2" };
    const options = { codeTool, chaining: "previous_response_id" as const };
    const paused = await runResponsesLoop(client, params, options);
    expect(paused.stopReason).toBe("approval");
    expect(paused.approvals.map((a) => a.binding)).toEqual(["payments.refund"]);
    const id = paused.approvals[0]?.id as string;

    const done = await resumeResponsesLoop(client, params, {
      ...options,
      state: paused.state as string,
      decisions: { [id]: { approved: true, input: { orderId: "B-2", amount: 200 } } },
    });
    expect(done).toMatchObject({ stopReason: "answer", text: "Refunded 200 EUR.", steps: 2 });
    expect(log).toEqual(["get B-2", "refund B-2 200"]);
    const body = server?.requests[1]?.body;
    expect(body.previous_response_id).toBe("resp_1");
    expect(body.input).toEqual([
      { type: "function_call_output", call_id: "call_1", output: expect.stringContaining("200") },
    ]);
  });
});

describe("runChatToolCalls / runResponsesToolCalls", () => {
  it("holds the other calls' answers across the pause and pauses again for a later call", async () => {
    const handled: unknown[] = [];
    const options = {
      codeTool: createCodeTool(first),
      handlers: {
        lookup: (args: unknown) => {
          handled.push(args);
          return "found";
        },
      },
    };
    const toolCalls = [
      {
        id: "call_a",
        type: "function" as const,
        function: { name: "execute_code", arguments: JSON.stringify({ code: TWO_REFUNDS_CODE }) },
      },
      { id: "call_b", type: "function" as const, function: { name: "lookup", arguments: "{}" } },
    ];
    const one = await runChatToolCalls(toolCalls, options);
    if (one.status !== "paused") throw new Error("expected a pause");
    expect(one.approvals.map((a) => a.input)).toEqual([{ orderId: "A-1", amount: 150 }]);

    const two = await resumeChatToolCalls(
      one.state,
      { [one.approvals[0]?.id as string]: { approved: true } },
      { ...options, codeTool: createCodeTool(second) },
    );
    if (two.status !== "paused") throw new Error("expected a second pause");
    expect(two.approvals.map((a) => a.input)).toEqual([{ orderId: "B-2", amount: 250 }]);
    expect(log).toEqual(["refund A-1 150"]);

    const three = await resumeChatToolCalls(
      two.state,
      { [two.approvals[0]?.id as string]: { approved: true } },
      options,
    );
    expect(three.status).toBe("done");
    if (three.status !== "done") return;
    expect(three.outputs.map((m) => m.tool_call_id)).toEqual(["call_a", "call_b"]);
    expect(three.outputs[0]?.content).toContain("[150,250]");
    expect(three.outputs[1]?.content).toBe("found");
    expect(log).toEqual(["refund A-1 150", "refund B-2 250"]);
    expect(handled).toEqual([{}]);
  });

  it("answers with output items of the Responses API once resumed", async () => {
    const output = [
      {
        id: "fc_1",
        type: "function_call" as const,
        call_id: "call_1",
        name: "execute_code",
        arguments: JSON.stringify({ code: REFUND_CODE }),
      },
    ];
    const codeTool = createCodeTool(first);
    const paused = await runResponsesToolCalls(output, { codeTool });
    if (paused.status !== "paused") throw new Error("expected a pause");
    await expect(resumeChatToolCalls(paused.state, {}, { codeTool })).rejects.toThrow(
      "is not a version-1 openai.chat-tool-calls state",
    );
    const done = await resumeResponsesToolCalls(
      paused.state,
      { [paused.approvals[0]?.id as string]: { approved: true } },
      { codeTool },
    );
    expect(done).toEqual({
      status: "done",
      outputs: [
        { type: "function_call_output", call_id: "call_1", output: expect.stringContaining("260") },
      ],
    });
  });

  it("answers at once when nothing needs approval", async () => {
    const done = await runChatToolCalls(
      [
        {
          id: "call_1",
          type: "function",
          function: { name: "execute_code", arguments: '{"code":"return 1 + 1"}' },
        },
      ],
      { codeTool: createCodeTool(first) },
    );
    expect(done).toEqual({
      status: "done",
      outputs: [{ role: "tool", tool_call_id: "call_1", content: "Result: 2" }],
    });
  });
});
