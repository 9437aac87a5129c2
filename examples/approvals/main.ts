// Approvals: a refund tool that needs a person's approval above 100 EUR. The run pauses at that
// call, the continuation travels (to a browser, a queue, another process), and a runtime with
// the same secret and bindings resumes it: recorded calls are replayed, not run again.
import { type Bindings, NodeRuntime, type PausedRunResult } from "@isobind/core";

/** Who the run acts for: handlers and policies see it, the sandbox never does. */
interface Ctx {
  agent: string;
}
const refunded: string[] = [];

//#region bindings
const bindings: Bindings<Ctx> = {
  "orders.get": {
    description: "Look up an order",
    inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
    handler: (input: { id: string }) => ({ id: input.id, total: input.id === "A-1" ? 40 : 260 }),
  },
  "payments.refund": {
    description: "Refund an order (EUR)",
    inputSchema: {
      type: "object",
      properties: { orderId: { type: "string" }, amount: { type: "number", exclusiveMinimum: 0 } },
      required: ["orderId", "amount"],
      additionalProperties: false,
    },
    // Argument-aware: small refunds go through, larger ones wait for a person.
    needsApproval: (input: { amount: number }) =>
      input.amount > 100 ? `refund of ${input.amount} EUR is over 100 EUR` : false,
    handler: (input: { orderId: string; amount: number }, ctx) => {
      refunded.push(`${input.orderId}:${input.amount}:${ctx.context.agent}`);
      return { ok: true, orderId: input.orderId, amount: input.amount };
    },
  },
};
const secret = "a-32-byte-or-longer-secret-from-your-config";
//#endregion

//#region pause
const rt = await NodeRuntime.create<Ctx>({ bindings, approvals: { secret } });
const code = `
  const out = [];
  for (const id of ["A-1", "B-2"]) {
    const order = await tools.orders.get({ id });
    try {
      out.push(await tools.payments.refund({ orderId: id, amount: order.total }));
    } catch (err) {
      out.push({ orderId: id, refused: err.code });
    }
  }
  return out;
`;
const first = await rt.run(code, { context: { agent: "support-bot" } });
console.log(first.status, first.exitCode, first.error?.code);
if (first.status !== "paused") throw new Error("expected a paused run");
for (const p of first.pending)
  console.log("pending:", p.binding, JSON.stringify(p.input), "-", p.reason);
await rt.dispose();
//#endregion

//#region resume
// Later, anywhere: a runtime with the same secret and bindings resumes the continuation.
const other = await NodeRuntime.create<Ctx>({ bindings, approvals: { secret } });
const decisions = Object.fromEntries(first.pending.map((p) => [p.id, { approved: true as const }]));
const done = await other.resume(first.continuation, {
  decisions,
  context: { agent: "support-lead" },
});
console.log(done.status, done.exitCode, JSON.stringify(done.value));
console.log("replayed:", done.stats.replayedCalls, "executed:", done.stats.executedCalls);
//#endregion

//#region once
try {
  await other.resume(first.continuation, { decisions });
} catch (err) {
  console.log("second resume:", (err as { code?: string }).code);
}
//#endregion

//#region deny
const again = (await other.run(code, { context: { agent: "support-bot" } })) as PausedRunResult;
const denied = await other.resume(again.continuation, {
  decisions: { [again.pending[0]?.id ?? ""]: { approved: false, reason: "needs a manager" } },
  context: { agent: "support-lead" },
});
console.log("denied:", JSON.stringify(denied.value));
//#endregion

//#region inline
const cli = await other.run(code, {
  context: { agent: "cli" },
  // Inline: decide while the run waits (inside its timeout); here, approve 200 of the 260.
  approve: (request) => ({ approved: true, input: { ...(request.input as object), amount: 200 } }),
});
console.log("inline:", cli.status, JSON.stringify(cli.value));
await other.dispose();
//#endregion

console.log("handlers ran:", refunded.join(" "));
// Self-check: each refund ran exactly once, with the context of whoever ran it.
const want = "A-1:40:support-bot B-2:260:support-lead A-1:40:support-bot A-1:40:cli B-2:200:cli";
if (refunded.join(" ") !== want) throw new Error(`refunds differ: ${refunded.join(" ")}`);
