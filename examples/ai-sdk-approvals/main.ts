// Approvals through the AI SDK's own tool-approval flow. The model's code refunds an order; the
// refund needs a person (`needsApproval` above 100 EUR), so the step ends with a signed
// `tool-approval-request` whose reason lists the waiting call, exactly what `useChat` shows for
// any tool approval. The answer (`tool-approval-response`) resumes the same run: the order
// lookup made before the pause is replayed, not run again.
//
// The model is the AI SDK's mock language model, scripted with what a real model would write,
// so the example runs offline. Swap in a real one and nothing else changes.
import { toAISdkApprovalTool } from "@isobind/ai-sdk";
import { type Bindings, createCodeTool, NodeRuntime } from "@isobind/core";
import { generateText, type ModelMessage, stepCountIs } from "ai";
import { MockLanguageModelV4 } from "ai/test";

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

const code = `const order = await tools.orders.get({ id: "B-2" });
return await tools.payments.refund({ orderId: order.id, amount: order.total });`;
const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};
/** Calls the code tool first; answers with the tool result once it has one. */
const model = new MockLanguageModelV4({
  doGenerate: async ({ prompt }) => {
    const result = prompt.findLast((m) => m.role === "tool")?.content[0];
    if (result?.type === "tool-result" && result.output.type === "text") {
      return {
        content: [{ type: "text", text: `Done. ${result.output.value}` }],
        finishReason: { unified: "stop", raw: "end_turn" },
        usage,
        warnings: [],
      };
    }
    return {
      content: [
        {
          type: "tool-call",
          toolCallId: "call_1",
          toolName: "execute_code",
          input: JSON.stringify({ code }),
        },
      ],
      finishReason: { unified: "tool-calls", raw: "tool_use" },
      usage,
      warnings: [],
    };
  },
});

//#region setup
await using rt = await NodeRuntime.create({ bindings });
// One object for the whole app: the tool, and the approval function that shares its store.
const codeMode = toAISdkApprovalTool(createCodeTool(rt));
const settings = {
  model,
  tools: { execute_code: codeMode.tool },
  toolApproval: { execute_code: codeMode.toolApproval },
  // The AI SDK signs each approval request and refuses a forged or altered one.
  experimental_toolApprovalSecret: "an-approval-signing-secret",
  stopWhen: stepCountIs(5),
};
//#endregion

//#region ask
const messages: ModelMessage[] = [{ role: "user", content: "Refund order B-2 in full." }];
const first = await generateText({ ...settings, messages });
const request = first.content.find((part) => part.type === "tool-approval-request");
console.log(`approval request: ${request?.reason}`);
console.log(`signed: ${typeof request?.signature === "string"}`);
//#endregion

//#region answer
// The user approves (useChat: addToolApprovalResponse({ id, approved: true })).
messages.push(...first.response.messages, {
  role: "tool",
  content: [
    { type: "tool-approval-response", approvalId: request?.approvalId ?? "", approved: true },
  ],
});
const second = await generateText({ ...settings, messages });
console.log(second.text);
//#endregion
