// Approvals in a hand-written Messages API loop: the real `@anthropic-ai/sdk` client against the
// local replay server, the real runtime. A paused turn is not answered; its state survives JSON
// and a new runtime (same secret); resuming answers the same tool_use_id and runs nothing twice.
import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import {
  ContinuationConsumedError,
  createCodeTool,
  InvalidOptionsError,
  NodeRuntime,
} from "@isobind/core";
import { REFUND_CODE, refundBindings, TEST_SECRET } from "@isobind/test-fixtures";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resumeToolUses, runToolUses, toAnthropicTool, toRunnableTool } from "../src/index.ts";
import { type ReplayServer, startReplayServer, type Turn } from "./support/replay-server.ts";

const log: string[] = [];
const bindings = refundBindings(log);

let first: NodeRuntime;
let second: NodeRuntime;
let server: ReplayServer | undefined;
beforeAll(async () => {
  first = await NodeRuntime.create({ bindings, approvals: { secret: TEST_SECRET } });
  second = await NodeRuntime.create({ bindings, approvals: { secret: TEST_SECRET } });
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

async function replay(turns: Turn[]): Promise<Anthropic> {
  server = await startReplayServer(turns);
  return new Anthropic({ apiKey: "test", baseURL: server.baseURL, maxRetries: 0 });
}

/** The first turn: the model calls the code tool (and, optionally, another tool). */
async function firstTurn(extra: Turn["toolUses"] = []) {
  const client = await replay([
    { toolUses: [{ name: "execute_code", input: { code: REFUND_CODE } }, ...extra] },
    { text: "Done." },
  ]);
  const codeTool = createCodeTool(first);
  const messages: MessageParam[] = [{ role: "user", content: "Refund order B-2" }];
  const message = await client.messages.create({
    model: "claude-sonnet-5-5",
    max_tokens: 1024,
    messages,
    tools: [toAnthropicTool(codeTool)],
  });
  messages.push({ role: "assistant", content: message.content });
  return { client, codeTool, messages, message };
}

describe("runToolUses / resumeToolUses", () => {
  it("pauses the turn, then answers the same tool_use_id from another runtime", async () => {
    const handled: unknown[] = [];
    const handlers = {
      lookup: (input: unknown) => {
        handled.push(input);
        return "found";
      },
    };
    const { client, messages, message } = await firstTurn([{ name: "lookup", input: { q: 1 } }]);
    const turn = await runToolUses(message, { codeTool: createCodeTool(first), handlers });
    if (turn.status !== "paused") throw new Error("expected a pause");
    const toolUseId = message.content.find((b) => b.type === "tool_use")?.id;
    expect(turn.approvals).toEqual([
      {
        id: `${toolUseId}:${turn.approvals[0]?.id.split(":")[1]}`,
        toolUseId,
        binding: "payments.refund",
        path: ["payments", "refund"],
        input: { orderId: "B-2", amount: 260 },
        reason: "refund of 260 EUR",
      },
    ]);
    expect(log).toEqual(["get B-2"]);
    expect(handled).toEqual([{ q: 1 }]);

    const state = JSON.parse(JSON.stringify(turn.state)) as string;
    const decisions = { [turn.approvals[0]?.id as string]: { approved: true as const } };
    const done = await resumeToolUses(state, decisions, {
      codeTool: createCodeTool(second),
      handlers,
    });
    if (done.status !== "done") throw new Error("expected the turn to finish");
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
    expect(handled).toHaveLength(1);
    expect(done.results.map((r) => r.tool_use_id)).toEqual(
      message.content.filter((b) => b.type === "tool_use").map((b) => b.id),
    );
    expect(done.results[0]?.content).toContain('"amount":260');
    expect(done.results[1]?.content).toBe("found");

    messages.push({ role: "user", content: done.results });
    const final = await client.messages.create({
      model: "claude-sonnet-5-5",
      max_tokens: 1024,
      messages,
    });
    expect(final.content).toEqual([{ type: "text", text: "Done.", citations: null }]);
    expect(server?.requests[1]?.body.messages[2].content[0]).toMatchObject({
      type: "tool_result",
      tool_use_id: toolUseId,
    });

    await expect(
      resumeToolUses(state, decisions, { codeTool: createCodeTool(second) }),
    ).rejects.toBeInstanceOf(ContinuationConsumedError);
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
  });

  it("a denial reaches the guest as APPROVAL_DENIED; an edit changes the input", async () => {
    const { message } = await firstTurn();
    const codeTool = createCodeTool(first);
    const denied = await runToolUses(message, { codeTool });
    if (denied.status !== "paused") throw new Error("expected a pause");
    const id = denied.approvals[0]?.id as string;
    const refused = await resumeToolUses(
      denied.state,
      { [id]: { approved: false, reason: "over budget" } },
      { codeTool },
    );
    expect(refused.status === "done" && refused.results[0]?.content).toContain("APPROVAL_DENIED");
    expect(log).toEqual(["get B-2"]);

    const again = await runToolUses(message, { codeTool });
    if (again.status !== "paused") throw new Error("expected a pause");
    const edited = await resumeToolUses(
      again.state,
      {
        [again.approvals[0]?.id as string]: {
          approved: true,
          input: { orderId: "B-2", amount: 99 },
        },
      },
      { codeTool },
    );
    expect(edited.status === "done" && edited.results[0]?.content).toContain('"amount":99');
    expect(log).toEqual(["get B-2", "get B-2", "refund B-2 99"]);
  });

  it("checks the state and the decisions before anything runs", async () => {
    const { message } = await firstTurn();
    const codeTool = createCodeTool(first);
    const turn = await runToolUses(message, { codeTool });
    if (turn.status !== "paused") throw new Error("expected a pause");
    const bad = resumeToolUses(turn.state, { "toolu_x:1": { approved: true } }, { codeTool });
    await expect(bad).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(bad).rejects.toThrow("is missing (payments.refund)");
    await expect(bad).rejects.toThrow("decisions.toolu_x:1: is not a pending approval");
    await expect(resumeToolUses("{}", {}, { codeTool })).rejects.toThrow(
      "state: is not a version-1 anthropic.tool-uses state",
    );
    expect(log).toEqual(["get B-2"]);
  });
});

describe("the tool runner", () => {
  it("decides nested calls with the inline approver while the run waits", async () => {
    const asked: unknown[] = [];
    // The runner cannot stop in the middle of a call: the person decides while the run waits.
    const rt = await NodeRuntime.create({
      bindings,
      approvals: {
        approve: async (request) => {
          asked.push(request.input);
          return { approved: false, reason: "not today" };
        },
      },
    });
    try {
      const client = await replay([
        { toolUses: [{ name: "execute_code", input: { code: REFUND_CODE } }] },
        { text: "Refused." },
      ]);
      const final = await client.beta.messages
        .toolRunner({
          model: "claude-test",
          max_tokens: 1024,
          messages: [{ role: "user", content: "Refund order B-2" }],
          tools: [toRunnableTool(createCodeTool(rt))],
        })
        .runUntilDone();
      expect(final.content).toMatchObject([{ type: "text", text: "Refused." }]);
      expect(asked).toEqual([{ orderId: "B-2", amount: 260 }]);
      expect(log).toEqual(["get B-2"]);
      const result = server?.requests[1]?.body.messages.at(-1).content[0];
      expect(result.type).toBe("tool_result");
      expect(result.content).toContain("APPROVAL_DENIED");
      expect(result.content).toContain("not today");
    } finally {
      await rt.dispose();
    }
  });
});
