// Approvals through the AI SDK's own flow: the real `ai` package (generateText, streamText) with
// its mock model, the real runtime. A paused code run is a signed tool-approval-request; the
// response resumes it; no binding handler runs twice.
import { createCodeTool, NodeRuntime } from "@isobind/core";
import { refundBindings } from "@isobind/test-fixtures";
import { generateText, type ModelMessage, stepCountIs, streamText } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toAISdkApprovalTool } from "../src/index.ts";
import { scriptedModel, toolResultsSeen } from "./support/scripted-model.ts";

const log: string[] = [];
const bindings = refundBindings(log);
const REFUND = `const order = await tools.orders.get({ id: "B-2" });
return await tools.payments.refund({ orderId: order.id, amount: order.total });`;
const SECRET = "approval-signing-secret";
const USER: ModelMessage = { role: "user", content: "Refund order B-2" };

let rt: NodeRuntime;
beforeAll(async () => {
  rt = await NodeRuntime.create({ bindings });
});
afterAll(() => rt.dispose());
beforeEach(() => {
  log.length = 0;
});

/** Runs the first turn: the model calls the code tool with `code`. */
async function firstTurn(code: string, codeMode = toAISdkApprovalTool(createCodeTool(rt))) {
  const { model } = scriptedModel([{ tool: "execute_code", input: { code } }, { text: "ok" }]);
  const result = await generateText({
    model,
    messages: [USER],
    tools: { execute_code: codeMode.tool },
    toolApproval: { execute_code: codeMode.toolApproval },
    experimental_toolApprovalSecret: SECRET,
    stopWhen: stepCountIs(3),
  });
  return { codeMode, result };
}

/** The history after the first turn plus the user's answer to its approval request. */
function answered(
  result: Awaited<ReturnType<typeof firstTurn>>["result"],
  approved: boolean,
  reason?: string,
): ModelMessage[] {
  const request = result.content.find((p) => p.type === "tool-approval-request");
  if (!request) throw new Error("no approval request");
  return [
    USER,
    ...result.response.messages,
    {
      role: "tool",
      content: [
        {
          type: "tool-approval-response",
          approvalId: request.approvalId,
          approved,
          ...(reason ? { reason } : {}),
        },
      ],
    },
  ];
}

describe("toAISdkApprovalTool with generateText", () => {
  it("asks with a signed approval request listing the waiting call, then resumes on approval", async () => {
    const { codeMode, result } = await firstTurn(REFUND);
    const request = result.content.find((p) => p.type === "tool-approval-request");
    expect(request).toMatchObject({
      type: "tool-approval-request",
      toolCall: { toolName: "execute_code" },
      reason: 'tools.payments.refund({"orderId":"B-2","amount":260}): refund of 260 EUR',
      signature: expect.any(String),
    });
    expect(log).toEqual(["get B-2"]);

    const { model, calls } = scriptedModel([{ text: "Refunded." }]);
    const done = await generateText({
      model,
      messages: answered(result, true),
      tools: { execute_code: codeMode.tool },
      toolApproval: { execute_code: codeMode.toolApproval },
      experimental_toolApprovalSecret: SECRET,
    });
    expect(done.text).toBe("Refunded.");
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
    const [seen] = toolResultsSeen(calls[0]);
    expect(seen).toEqual({ type: "text", value: 'Result: {"ok":true,"amount":260}' });
  });

  it("a denial never runs the gated call; the model reads execution-denied", async () => {
    const { codeMode, result } = await firstTurn(REFUND);
    const { model, calls } = scriptedModel([{ text: "Not refunded." }]);
    await generateText({
      model,
      messages: answered(result, false, "over budget"),
      tools: { execute_code: codeMode.tool },
      toolApproval: { execute_code: codeMode.toolApproval },
      experimental_toolApprovalSecret: SECRET,
    });
    expect(log).toEqual(["get B-2"]);
    expect(toolResultsSeen(calls[0])).toEqual([
      { type: "execution-denied", reason: "over budget" },
    ]);
  });

  it("refuses a forged approval request: nothing runs", async () => {
    const { codeMode, result } = await firstTurn(REFUND);
    const messages = answered(result, true);
    for (const m of messages) {
      if (m.role !== "assistant" || typeof m.content === "string") continue;
      for (const p of m.content) if (p.type === "tool-approval-request") p.signature = "AAAA";
    }
    const { model } = scriptedModel([{ text: "unreachable" }]);
    await expect(
      generateText({
        model,
        messages,
        tools: { execute_code: codeMode.tool },
        toolApproval: { execute_code: codeMode.toolApproval },
        experimental_toolApprovalSecret: SECRET,
      }),
    ).rejects.toThrow("signature verification failed");
    expect(log).toEqual(["get B-2"]);
  });

  it("a resumed run that reaches a second gated call stops there and tells the model", async () => {
    const code = `const a = await tools.payments.refund({ orderId: "A-1", amount: 150 });
const b = await tools.payments.refund({ orderId: "B-2", amount: 250 });
return [a.amount, b.amount];`;
    const { codeMode, result } = await firstTurn(code);
    const { model, calls } = scriptedModel([{ text: "I will ask again." }]);
    await generateText({
      model,
      messages: answered(result, true),
      tools: { execute_code: codeMode.tool },
      toolApproval: { execute_code: codeMode.toolApproval },
      experimental_toolApprovalSecret: SECRET,
    });
    expect(log).toEqual(["refund A-1 150"]);
    const [seen] = toolResultsSeen(calls[0]) as { type: string; value: string }[];
    expect(seen?.type).toBe("error-text");
    expect(seen?.value).toContain("reached another call that needs approval");
    expect(seen?.value).toContain('tools.payments.refund({"orderId":"B-2","amount":250})');
  });

  it("a program that needs no approval runs once, in the approval step", async () => {
    const codeMode = toAISdkApprovalTool(createCodeTool(rt));
    const { model } = scriptedModel([
      { tool: "execute_code", input: { code: 'return await tools.orders.get({ id: "A-1" })' } },
      { text: "done" },
    ]);
    const result = await generateText({
      model,
      messages: [USER],
      tools: { execute_code: codeMode.tool },
      toolApproval: { execute_code: codeMode.toolApproval },
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toBe("done");
    expect(log).toEqual(["get A-1"]);
  });

  it("refuses to run again when the paused run is not in the store", async () => {
    const { result } = await firstTurn(REFUND);
    // Another process without a shared store.
    const elsewhere = toAISdkApprovalTool(createCodeTool(rt));
    const { model, calls } = scriptedModel([{ text: "failed" }]);
    await generateText({
      model,
      messages: answered(result, true),
      tools: { execute_code: elsewhere.tool },
      toolApproval: { execute_code: elsewhere.toolApproval },
      experimental_toolApprovalSecret: SECRET,
    });
    expect(log).toEqual(["get B-2"]);
    expect(JSON.stringify(toolResultsSeen(calls[0]))).toContain("is not in the store");
  });
});

describe("toAISdkApprovalTool with streamText", () => {
  it("streams the approval request, and the response resumes the run", async () => {
    const codeMode = toAISdkApprovalTool(createCodeTool(rt));
    const first = scriptedModel([{ tool: "execute_code", input: { code: REFUND } }]);
    const stream = streamText({
      model: first.model,
      messages: [USER],
      tools: { execute_code: codeMode.tool },
      toolApproval: { execute_code: codeMode.toolApproval },
      experimental_toolApprovalSecret: SECRET,
    });
    const types: string[] = [];
    for await (const part of stream.fullStream) types.push(part.type);
    expect(types).toContain("tool-approval-request");
    const content = await stream.content;
    const request = content.find((p) => p.type === "tool-approval-request");
    if (!request) throw new Error("no approval request");

    const second = scriptedModel([{ text: "Refunded." }]);
    const resumed = streamText({
      model: second.model,
      messages: [
        USER,
        ...(await stream.response).messages,
        {
          role: "tool",
          content: [
            { type: "tool-approval-response", approvalId: request.approvalId, approved: true },
          ],
        },
      ],
      tools: { execute_code: codeMode.tool },
      toolApproval: { execute_code: codeMode.toolApproval },
      experimental_toolApprovalSecret: SECRET,
    });
    expect(await resumed.text).toBe("Refunded.");
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
  });
});
