// Approvals in a hand-written Messages API loop: the model's code refunds an order, the refund
// needs a person, so the turn is not answered yet. The paused turn is a string (kept in a
// database row here); a person decides, and a runtime with the same secret (another process,
// after a restart) answers the same tool_use_id with the resumed run's result.
//
// Runs against the real API with ANTHROPIC_API_KEY set, or against any server through
// ANTHROPIC_BASE_URL (check.ts points it at a local server answering with scripted responses).
import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages/messages";
import { resumeToolUses, runToolUses, toAnthropicTool } from "@isobind/anthropic";
import { type Bindings, createCodeTool, NodeRuntime } from "@isobind/core";

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
const client = new Anthropic(); // reads ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL)
const model = process.env.ANTHROPIC_MODEL ?? "claude-sonnet-5-5";
const db = new Map<string, string>();

//#region pause
const rt = await NodeRuntime.create({ bindings, approvals });
const codeTool = createCodeTool(rt);
const messages: MessageParam[] = [{ role: "user", content: "Refund order B-2 in full." }];
const message = await client.messages.create({
  model,
  max_tokens: 1024,
  messages,
  tools: [toAnthropicTool(codeTool)],
});
messages.push({ role: "assistant", content: message.content });
const turn = await runToolUses(message, { codeTool });
if (turn.status === "paused") {
  for (const a of turn.approvals) {
    console.log(`waiting: ${a.binding}(${JSON.stringify(a.input)}): ${a.reason}`);
  }
  db.set("conversation-1", JSON.stringify({ messages, state: turn.state }));
}
await rt.dispose();
//#endregion

//#region resume
// Later, in any process: a person approved (or { approved: false, reason }, or an edited input).
const saved = JSON.parse(db.get("conversation-1") ?? "{}");
const rt2 = await NodeRuntime.create({ bindings, approvals });
const codeTool2 = createCodeTool(rt2);
const decisions = Object.fromEntries(
  turn.status === "paused" ? turn.approvals.map((a) => [a.id, { approved: true }]) : [],
);
const answered = await resumeToolUses(saved.state, decisions, { codeTool: codeTool2 });
if (answered.status === "done") {
  const history: MessageParam[] = [...saved.messages, { role: "user", content: answered.results }];
  const final = await client.messages.create({
    model,
    max_tokens: 1024,
    messages: history,
    tools: [toAnthropicTool(codeTool2)],
  });
  console.log(final.content.map((b) => (b.type === "text" ? b.text : "")).join(""));
}
await rt2.dispose();
//#endregion
