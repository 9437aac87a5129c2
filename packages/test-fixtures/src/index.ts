/**
 * Fixtures the adapters' approval tests share: one approval-gated binding set, the code that
 * calls it, and a secret. Private to this repository (never published); a package's tests list
 * it as a dev dependency.
 * @module
 */
import type { Bindings } from "@isobind/core";

/** An approvals secret long enough for `approvals.secret` (32 bytes or more). */
export const TEST_SECRET = "test-secret-of-at-least-32-bytes-long!";

/**
 * `orders.get` (order `id` → `{ id, total: 260 }`) and `payments.refund` (`{ orderId, amount }`,
 * needs approval above 100 with the reason `refund of <amount> EUR`). Every handler call is
 * pushed to `log` (`get B-2`, `refund B-2 260`), so a test can prove what ran, and how often.
 */
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

/** Looks up order B-2 and refunds it in full; a refused refund is caught and returned. */
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
