// An approval-gated refund tool, and API responses (in the shape the real API sends) whose
// code calls it, for the approvals tests.
import type { Bindings } from "@isobind/core";
import type { Exchange } from "./replay-server.ts";

export const SECRET = "test-secret-of-at-least-32-bytes-long!";

/** `orders.get` and `payments.refund` (needs approval above 100); calls land in `log`. */
export function refundBindings(log: string[]): Bindings {
  return {
    "orders.get": {
      description: "Look up an order",
      inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      handler: (input: { id: string }) => {
        log.push(`get ${input.id}`);
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
        input.amount > 100 ? `refund of ${input.amount} EUR` : false,
      handler: (input: { orderId: string; amount: number }) => {
        log.push(`refund ${input.orderId} ${input.amount}`);
        return { ok: true, amount: input.amount };
      },
    },
  };
}

/** Looks up one order and refunds it in full; a denied refund is caught and reported. */
export const REFUND_CODE = `const order = await tools.orders.get({ id: "B-2" });
try {
  return await tools.payments.refund({ orderId: order.id, amount: order.total });
} catch (err) {
  return { refused: err.code, message: err.message };
}`;

/** Two refunds one after the other: the second pauses only after the first is decided. */
export const TWO_REFUNDS_CODE = `const a = await tools.payments.refund({ orderId: "A-1", amount: 150 });
const b = await tools.payments.refund({ orderId: "B-2", amount: 250 });
return [a.amount, b.amount];`;

export function chatToolCallResponse(
  calls: { id: string; name: string; args: unknown }[],
): Exchange {
  return {
    request: { method: "POST", path: "/v1/chat/completions" },
    response: {
      status: 200,
      body: {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1764000000,
        model: "gpt-4.1",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: null,
              refusal: null,
              tool_calls: calls.map((c) => ({
                id: c.id,
                type: "function",
                function: { name: c.name, arguments: JSON.stringify(c.args) },
              })),
            },
            logprobs: null,
            finish_reason: "tool_calls",
          },
        ],
      },
    },
  };
}

export function chatAnswer(text: string): Exchange {
  return {
    request: { method: "POST", path: "/v1/chat/completions" },
    response: {
      status: 200,
      body: {
        id: "chatcmpl-2",
        object: "chat.completion",
        created: 1764000001,
        model: "gpt-4.1",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text, refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
      },
    },
  };
}

function response(id: string, output: unknown[]): Exchange {
  return {
    request: { method: "POST", path: "/v1/responses" },
    response: {
      status: 200,
      body: {
        id,
        object: "response",
        created_at: 1764000040,
        status: "completed",
        error: null,
        incomplete_details: null,
        model: "gpt-4.1",
        output,
        parallel_tool_calls: true,
        tools: [],
      },
    },
  };
}

export function responsesToolCall(id: string, callId: string, code: string): Exchange {
  return response(id, [
    {
      id: `fc_${callId}`,
      type: "function_call",
      status: "completed",
      call_id: callId,
      name: "execute_code",
      arguments: JSON.stringify({ code }),
    },
  ]);
}

export function responsesAnswer(id: string, text: string): Exchange {
  return response(id, [
    {
      id: `msg_${id}`,
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text, annotations: [] }],
    },
  ]);
}
