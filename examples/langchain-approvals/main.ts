// Approvals through a LangChain agent: the model's code refunds an order, the refund needs a
// person, so the agent stops with an interrupt in the shape of LangChain's human-in-the-loop
// middleware. Another agent (think: another process after a restart) with its own runtime,
// sharing only the checkpointer, resumes it with the person's decision.
//
// The model is LangChain's fake chat model with scripted replies: no network, no API key.
import { type Bindings, createCodeTool, NodeRuntime } from "@isobind/core";
import { createCodeModeTool } from "@isobind/langchain";
import { codeModeApprovalMiddleware } from "@isobind/langchain/approvals";
import { AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { Command, MemorySaver } from "@langchain/langgraph";
import { createAgent, type HITLRequest } from "langchain";

const bindings: Bindings = {
  "orders.get": {
    description: "Look up an order",
    inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
    handler: (input: { id: string }) => {
      console.log(`  (handler) orders.get ${input.id}`);
      return { id: input.id, total: 260 };
    },
  },
  "payments.refund": {
    description: "Refund an order (EUR)",
    inputSchema: {
      type: "object",
      properties: { orderId: { type: "string" }, amount: { type: "number" } },
      required: ["orderId", "amount"],
      additionalProperties: false,
    },
    needsApproval: (input: { amount: number }) =>
      input.amount > 100 ? `refund of ${input.amount} EUR is over 100 EUR` : false,
    handler: (input: { orderId: string; amount: number }) => {
      console.log(`  (handler) payments.refund ${input.orderId} ${input.amount}`);
      return { ok: true, amount: input.amount };
    },
  },
};
const approvals = { secret: "a-32-byte-or-longer-secret-from-config" };
const code = `const order = await tools.orders.get({ id: "B-2" });
return await tools.payments.refund({ orderId: order.id, amount: order.total });`;
const answer = (messages: BaseMessage[]) =>
  new AIMessage(`Done: ${messages.findLast((m) => ToolMessage.isInstance(m))?.content}`);

//#region agent
// One agent per process: its own runtime and code tool; the checkpointer is what they share.
async function makeAgent(checkpointer: MemorySaver, model: ReturnType<typeof fakeModel>) {
  const rt = await NodeRuntime.create({ bindings, approvals });
  const codeTool = createCodeTool(rt);
  const agent = createAgent({
    model,
    tools: [createCodeModeTool(codeTool)],
    middleware: [codeModeApprovalMiddleware(codeTool)],
    checkpointer,
  });
  return { agent, rt };
}
//#endregion

const checkpointer = new MemorySaver(); // in production: a Postgres or Redis checkpointer
const config = { configurable: { thread_id: "refund-B-2" } };

//#region pause
const one = await makeAgent(
  checkpointer,
  fakeModel().respondWithTools([{ name: "execute_code", args: { code }, id: "call_1" }]),
);
const paused = await one.agent.invoke(
  { messages: [{ role: "user", content: "Refund order B-2 in full." }] },
  config,
);
const request = paused.__interrupt__?.[0]?.value as HITLRequest;
for (const action of request.actionRequests) {
  console.log(`interrupt: ${action.name} ${JSON.stringify(action.args)}: ${action.description}`);
}
console.log(`allowed: ${request.reviewConfigs[0]?.allowedDecisions.join(", ")}`);
await one.rt.dispose();
//#endregion

//#region resume
const two = await makeAgent(checkpointer, fakeModel().respond(answer));
const done = await two.agent.invoke(
  new Command({ resume: { decisions: [{ type: "approve" }] } }), // or edit / reject
  config,
);
console.log(done.messages.at(-1)?.content);
await two.rt.dispose();
//#endregion
