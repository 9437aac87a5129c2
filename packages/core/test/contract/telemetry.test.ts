// The built package (dist) finds the optional peer `@opentelemetry/api` at run time and reports
// a run and its calls to the SDK the application registered.
import { NodeRuntime } from "@isobind/core";
import { afterAll, describe, expect, it } from "vitest";
import { registerSdk } from "../telemetry/sdk.ts";

const sdk = registerSdk();
afterAll(() => sdk.shutdown());

describe("telemetry from dist", () => {
  it("reports the run span and an execute_tool span per call", async () => {
    await using rt = await NodeRuntime.create({
      isolation: "in-process",
      bindings: {
        echo: { description: "Echoes", inputSchema: { type: "object" }, handler: (i) => i },
      },
    });
    const result = await rt.run(`return await callBinding("echo", { a: 1 });`);
    expect(result.value).toEqual({ a: 1 });
    const spans = sdk.spans.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(["execute_tool echo", "isobind.run"]);
    const call = spans.find((s) => s.name === "execute_tool echo");
    expect(call?.parentSpanContext?.spanId).toBe(
      spans.find((s) => s.name === "isobind.run")?.spanContext().spanId,
    );
    expect((await sdk.metric("isobind.runs"))[0]?.value).toBe(1);
  });
});
