/**
 * A paused and resumed run, traced with the real OpenTelemetry SDK in both isolation modes: the
 * first run's span ends `paused`, with an execute_tool span for the call that ran and one marked
 * `isobind.binding.phase: "paused"` for the call that waits (its handler did not run); the resumed
 * run's span is marked resumed, the recorded call appears only as a `replayed` event (never as a
 * second execute_tool span: GenAI conventions, gen-ai-execution.md), and the approved call gets
 * its execute_tool span then.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type IsolationMode, NodeRuntime } from "../../src/index.ts";
import { idOf, parentOf, registerSdk } from "./sdk.ts";

const sdk = registerSdk();
const MODES: IsolationMode[] = ["process", "in-process"];

afterEach(() => sdk.spans.reset());
afterAll(() => sdk.shutdown());

async function spansWhen(count: number): Promise<ReadableSpan[]> {
  await vi.waitFor(() => expect(sdk.spans.getFinishedSpans().length).toBeGreaterThanOrEqual(count));
  return sdk.spans.getFinishedSpans();
}

const CODE = `
const order = await tools.orders.get({ id: "o-1" });
const refund = await tools.payments.refund({ amount: order.total });
return { order: order.id, refunded: refund.amount };
`;

describe.each(MODES)("telemetry of approvals (%s)", (isolation) => {
  it("traces a pause and a resume without reporting the replayed call as executed", async () => {
    const executed: string[] = [];
    await using rt = await NodeRuntime.create({
      isolation,
      poolSize: 1,
      bindings: {
        "orders.get": {
          description: "Look up an order",
          inputSchema: { type: "object", properties: { id: { type: "string" } } },
          handler: (input: { id: string }) => {
            executed.push("orders.get");
            return { id: input.id, total: 250 };
          },
        },
        "payments.refund": {
          description: "Refund an amount",
          inputSchema: { type: "object", properties: { amount: { type: "number" } } },
          needsApproval: (input: { amount: number }) => input.amount > 100,
          handler: (input: { amount: number }) => {
            executed.push("payments.refund");
            return { amount: input.amount };
          },
        },
      },
    });

    const paused = await rt.run(CODE);
    expect(paused.status).toBe("paused");
    if (paused.status !== "paused") return;
    const first = await spansWhen(3);
    const firstRun = first.find((s) => s.name === "isobind.run")!;
    expect(firstRun.attributes["isobind.run.outcome"]).toBe("paused");
    expect(firstRun.attributes["isobind.run.resumed"]).toBeUndefined();
    const calls = first.filter((s) => s.name.startsWith("execute_tool "));
    expect(calls.map((s) => [s.name, s.attributes["isobind.binding.phase"]])).toEqual([
      ["execute_tool orders.get", "execute"],
      ["execute_tool payments.refund", "paused"],
    ]);
    expect(calls.every((s) => s.status.code !== 2)).toBe(true); // no ERROR status
    sdk.spans.reset();

    const id = paused.pending[0]!.id;
    const done = await rt.resume(paused.continuation, { decisions: { [id]: { approved: true } } });
    expect(done.exitCode).toBe(0);
    expect(done.value).toEqual({ order: "o-1", refunded: 250 });
    expect(executed).toEqual(["orders.get", "payments.refund"]);

    const second = await spansWhen(2);
    const run = second.find((s) => s.name === "isobind.run")!;
    expect(run.attributes["isobind.run.resumed"]).toBe(true);
    expect(run.attributes["isobind.run.outcome"]).toBe("ok");
    const tools = second.filter((s) => s.name.startsWith("execute_tool "));
    // Only the approved call executed in the resumed run; the recorded one is an event.
    expect(tools.map((s) => s.name)).toEqual(["execute_tool payments.refund"]);
    expect(parentOf(tools[0]!)).toBe(idOf(run));
    const replayed = run.events.filter((e) => e.name === "isobind.binding.replayed");
    expect(replayed).toHaveLength(1);
    expect(replayed[0]!.attributes?.["gen_ai.tool.name"]).toBe("orders.get");
  });
});
