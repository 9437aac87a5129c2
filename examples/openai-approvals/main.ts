// Approvals through the Chat Completions loop: the model's code refunds an order, the refund
// needs a person's approval, so the loop stops without answering the model. The paused state
// is a string (kept in a database row here); a person decides, and a runtime with the same
// secret (another process, after a restart) resumes the loop where it stopped.
//
// Runs against the real API with OPENAI_API_KEY set, or against any OpenAI-compatible server
// through OPENAI_BASE_URL (check.ts points it at a local server replaying recorded responses).
import { type Bindings, createCodeTool, NodeRuntime } from "@isobind/core";
import { resumeChatCompletionsLoop, runChatCompletionsLoop } from "@isobind/openai";
import OpenAI from "openai";

//#region bindings
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
// Every process that resumes needs the same secret and bindings.
const approvals = {
  secret: process.env.ISOBIND_SECRET ?? "a-32-byte-or-longer-secret-from-config",
};
//#endregion

const client = new OpenAI();
const params = {
  model: process.env.OPENAI_MODEL ?? "gpt-5",
  messages: [{ role: "user" as const, content: "Refund order B-2 in full." }],
};
const db = new Map<string, string>();

//#region pause
const rt = await NodeRuntime.create({ bindings, approvals });
const paused = await runChatCompletionsLoop(client, params, { codeTool: createCodeTool(rt) });
console.log(`stopReason: ${paused.stopReason}`);
for (const a of paused.approvals) {
  console.log(`waiting: ${a.binding}(${JSON.stringify(a.input)}): ${a.reason}`);
}
if (paused.state) db.set("conversation-1", paused.state);
await rt.dispose();
//#endregion

//#region resume
// Later, in any process: a person approved (or denied: { approved: false, reason }).
const decisions = Object.fromEntries(paused.approvals.map((a) => [a.id, { approved: true }]));
const rt2 = await NodeRuntime.create({ bindings, approvals });
const done = await resumeChatCompletionsLoop(client, params, {
  codeTool: createCodeTool(rt2),
  state: db.get("conversation-1") ?? "",
  decisions,
});
console.log(`stopReason: ${done.stopReason}`);
console.log(`answer: ${done.text}`);
await rt2.dispose();
//#endregion
