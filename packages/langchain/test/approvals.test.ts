// Approvals end to end: createAgent with LangChain's fake model, a MemorySaver checkpointer and
// the approval middleware on a real runtime. A paused code run interrupts in the
// human-in-the-loop shape; a fresh agent on a fresh runtime (same secret), sharing only the
// checkpointer, resumes it; no binding handler runs twice.
import { type CodeTool, createCodeTool, NodeRuntime, type RunResult } from "@isobind/core";
import { REFUND_CODE, refundBindings, TEST_SECRET, TWO_REFUNDS_CODE } from "@isobind/test-fixtures";
import { AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { Command, MemorySaver } from "@langchain/langgraph";
import { createAgent, type HITLRequest } from "langchain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codeModeApprovalMiddleware } from "../src/approvals.ts";
import { createCodeModeTool } from "../src/index.ts";

const log: string[] = [];
const bindings = refundBindings(log);

let first: NodeRuntime;
let second: NodeRuntime;
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

const toolMessages = (messages: BaseMessage[]) =>
  messages.filter((m): m is ToolMessage => ToolMessage.isInstance(m));
const echo = (messages: BaseMessage[]) =>
  new AIMessage(`saw: ${toolMessages(messages).at(-1)?.content}`);

/** An agent whose model calls the code tool once, then answers with what it saw. */
function agentOn(rt: NodeRuntime, checkpointer: MemorySaver, code?: string) {
  const codeTool: CodeTool = createCodeTool(rt);
  const model = code
    ? fakeModel()
        .respondWithTools([{ name: "execute_code", args: { code }, id: "call_1" }])
        .respond(echo)
    : fakeModel().respond(echo);
  return createAgent({
    model,
    tools: [createCodeModeTool(codeTool)],
    middleware: [codeModeApprovalMiddleware(codeTool)],
    checkpointer,
  });
}

async function pause(code: string, thread: string) {
  const checkpointer = new MemorySaver();
  const config = { configurable: { thread_id: thread } };
  const agent = agentOn(first, checkpointer, code);
  const paused = await agent.invoke({ messages: [{ role: "user", content: "refund" }] }, config);
  const request = paused.__interrupt__?.[0]?.value as HITLRequest;
  return { checkpointer, config, paused, request };
}

describe("codeModeApprovalMiddleware", () => {
  it("interrupts in the HITL shape and resumes from a fresh agent sharing only the checkpointer", async () => {
    const { checkpointer, config, paused, request } = await pause(REFUND_CODE, "t-approve");
    expect(request).toEqual({
      actionRequests: [
        {
          name: "payments.refund",
          args: { orderId: "B-2", amount: 260 },
          description: "tools.payments.refund needs approval: refund of 260 EUR",
        },
      ],
      reviewConfigs: [
        { actionName: "payments.refund", allowedDecisions: ["approve", "edit", "reject"] },
      ],
    });
    expect(log).toEqual(["get B-2"]);
    // The model was not asked again while the run waits.
    expect(paused.messages.filter((m) => AIMessage.isInstance(m))).toHaveLength(1);

    // Another process: a new runtime, code tool, model and agent; only the checkpointer is shared.
    const fresh = agentOn(second, checkpointer);
    const done = await fresh.invoke(
      new Command({ resume: { decisions: [{ type: "approve" }] } }),
      config,
    );
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
    const tools = toolMessages(done.messages);
    expect(tools).toHaveLength(1);
    expect(tools[0]?.tool_call_id).toBe("call_1");
    expect(tools[0]?.status).toBe("success");
    const artifact = tools[0]?.artifact as RunResult;
    expect(artifact.status).toBe("completed");
    expect(artifact.stats).toMatchObject({ replayedCalls: 1, executedCalls: 1 });
    expect(done.messages.at(-1)?.content).toContain('saw: Result: {"ok":true,"amount":260}');
  });

  it("applies an edit: the handler gets the edited input", async () => {
    const { checkpointer, config } = await pause(REFUND_CODE, "t-edit");
    const done = await agentOn(second, checkpointer).invoke(
      new Command({
        resume: {
          decisions: [
            {
              type: "edit",
              editedAction: { name: "payments.refund", args: { orderId: "B-2", amount: 200 } },
            },
          ],
        },
      }),
      config,
    );
    expect(log).toEqual(["get B-2", "refund B-2 200"]);
    expect(done.messages.at(-1)?.content).toContain('"amount":200');
  });

  it("a rejection reaches the guest as APPROVAL_DENIED with the message", async () => {
    const { checkpointer, config } = await pause(REFUND_CODE, "t-reject");
    const done = await agentOn(second, checkpointer).invoke(
      new Command({ resume: { decisions: [{ type: "reject", message: "over budget" }] } }),
      config,
    );
    expect(log).toEqual(["get B-2"]);
    const text = String(done.messages.at(-1)?.content);
    expect(text).toContain("APPROVAL_DENIED");
    expect(text).toContain("over budget");
  });

  it("interrupts again when the resumed run reaches another gated call", async () => {
    const { checkpointer, config, request } = await pause(TWO_REFUNDS_CODE, "t-two");
    expect(request.actionRequests.map((a) => a.args)).toEqual([{ orderId: "A-1", amount: 150 }]);
    const agent = agentOn(second, checkpointer);
    const again = await agent.invoke(
      new Command({ resume: { decisions: [{ type: "approve" }] } }),
      config,
    );
    const second_ = again.__interrupt__?.[0]?.value as HITLRequest;
    expect(second_.actionRequests.map((a) => a.args)).toEqual([{ orderId: "B-2", amount: 250 }]);
    expect(log).toEqual(["refund A-1 150"]);
    const done = await agent.invoke(
      new Command({ resume: { decisions: [{ type: "approve" }] } }),
      config,
    );
    expect(log).toEqual(["refund A-1 150", "refund B-2 250"]);
    expect(toolMessages(done.messages)).toHaveLength(1);
    expect(done.messages.at(-1)?.content).toContain("[150,250]");
  });

  it("asks again, with the error, when an answer is refused; nothing runs until one is valid", async () => {
    const { checkpointer, config, request } = await pause(REFUND_CODE, "t-bad");
    const agent = agentOn(second, checkpointer);
    const ask = async (resume: unknown) => {
      const out = await agent.invoke(new Command({ resume }), config);
      return out.__interrupt__?.[0]?.value as HITLRequest & { error?: string };
    };

    const wrongCount = await ask({ decisions: [] });
    expect(wrongCount.actionRequests).toEqual(request.actionRequests);
    expect(wrongCount.error).toContain("resume.decisions: must be a list of 1 decisions");
    const otherBinding = await ask({
      decisions: [{ type: "edit", editedAction: { name: "orders.get", args: { id: "x" } } }],
    });
    expect(otherBinding.error).toContain("an edit changes the input, not the binding");
    // Refused by core's schema check, before the continuation is consumed.
    const badInput = await ask({
      decisions: [
        {
          type: "edit",
          editedAction: { name: "payments.refund", args: { orderId: "B-2", amount: "all" } },
        },
      ],
    });
    expect(badInput.error).toContain("inputSchema");
    expect(log).toEqual(["get B-2"]);

    const done = await agent.invoke(
      new Command({ resume: { decisions: [{ type: "approve" }] } }),
      config,
    );
    expect(done.__interrupt__).toBeUndefined();
    expect(log).toEqual(["get B-2", "refund B-2 260"]);
    expect(done.messages.at(-1)?.content).toContain('"amount":260');
  });

  it("checks its arguments", () => {
    expect(() =>
      codeModeApprovalMiddleware(createCodeTool(first), {
        allowedDecisions: ["approve", "maybe" as "edit"],
      }),
    ).toThrow('options.allowedDecisions: must be a non-empty list of "approve", "edit", "reject"');
  });
});
