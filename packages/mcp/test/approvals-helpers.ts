import { type Bindings, createCodeTool, NodeRuntime } from "@isobind/core";
import { Client as ClientV2 } from "@modelcontextprotocol/client";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { createCodeModeServer } from "../src/server.ts";

/** Tests share one secret, as two processes behind a load balancer would. */
export const SECRET = "approvals-test-secret-approvals-test-secret";

/** What the handlers did, in order. */
export type Ledger = string[];

/** A refund that needs approval above 100, and a lookup that never does. */
export function approvalBindings(ledger: Ledger): Bindings {
  return {
    "payments.refund": {
      description: "Refund an order",
      inputSchema: {
        type: "object",
        properties: { order: { type: "string" }, amount: { type: "number" } },
        required: ["order", "amount"],
        additionalProperties: false,
      },
      needsApproval: (input: { amount: number }) =>
        input.amount > 100 ? `refund of ${input.amount} EUR` : false,
      handler: (input: { order: string; amount: number }) => {
        ledger.push(`refund ${input.order} ${input.amount}`);
        return { refunded: input.amount };
      },
    },
    "orders.get": {
      description: "Look up an order",
      inputSchema: { type: "object", properties: { order: { type: "string" } } },
      handler: (input: { order: string }) => {
        ledger.push(`get ${input.order}`);
        return { order: input.order, total: 250 };
      },
    },
  };
}

/** A runtime over {@link approvalBindings} with the shared secret, and its server factory. */
export async function approvalServer(ledger: Ledger): Promise<{
  rt: NodeRuntime;
  createServer: () => Server;
}> {
  const rt = await NodeRuntime.create({
    bindings: approvalBindings(ledger),
    approvals: { secret: SECRET },
    isolation: "in-process",
  });
  const tool = createCodeTool(rt);
  return { rt, createServer: () => createCodeModeServer({ tool, runtime: rt }) };
}

/** The code the tests run: one free lookup, then two refunds that need approval, in two rounds. */
export const TWO_ROUNDS = `
const order = await tools.orders.get({ order: "A1" });
const first = await tools.payments.refund({ order: "A1", amount: order.total });
let second;
try { second = await tools.payments.refund({ order: "A1", amount: 150 }); }
catch (e) { second = e.code; }
return { first, second };`;

/** An elicitation answer. */
export type Answer = {
  action: "accept" | "decline" | "cancel";
  content?: Record<string, string | boolean>;
};

/** A v2 client pinned to 2026-07-28 that answers every elicitation with `answer(message)`. */
export function modernClient(
  answer: (message: string) => Answer,
  asked: string[],
  elicitation = true,
): ClientV2 {
  const client = new ClientV2(
    { name: "test-v2", version: "1.0.0" },
    {
      capabilities: elicitation ? { elicitation: { form: {} } } : {},
      versionNegotiation: { mode: { pin: "2026-07-28" } },
    },
  );
  if (elicitation) {
    client.setRequestHandler("elicitation/create", (request) => {
      const message = (request.params as { message: string }).message;
      asked.push(message);
      return answer(message);
    });
  }
  return client;
}
