/**
 * Metrics through the OpenTelemetry metrics API, read from the real SDK: runs by outcome, run
 * duration, binding call duration by binding, and the hooks left for the shared pool.
 */
import type { Histogram } from "@opentelemetry/sdk-metrics";
import { afterAll, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
import { observePoolSize } from "../../src/telemetry/instruments.ts";
import { createTelemetry } from "../../src/telemetry/telemetry.ts";
import { createLatch, telemetryBindings, WEATHER_CODE } from "./bindings.ts";
import { registerSdk } from "./sdk.ts";

const sdk = registerSdk();
afterAll(() => sdk.shutdown());

const count = (value: number | Histogram) => (typeof value === "number" ? value : value.count);

describe("telemetry metrics", () => {
  it("counts runs by outcome and records durations by binding", async () => {
    await using rt = await NodeRuntime.create({
      isolation: "in-process",
      bindings: telemetryBindings(() => createLatch(1)),
    });
    expect((await rt.run(WEATHER_CODE)).exitCode).toBe(0);
    expect((await rt.run(WEATHER_CODE)).exitCode).toBe(0);
    expect((await rt.run(`await callBinding("fails", {});`)).error?.code).toBe("GUEST_ERROR");
    await rt.run(`try { await callBinding("$nope", {}); } catch {}`);

    const runs = await sdk.metric("isobind.runs");
    const runsBy = Object.fromEntries(
      runs.map((p) => [String(p.attributes["isobind.run.outcome"]), p.value]),
    );
    expect(runsBy).toEqual({ ok: 3, GUEST_ERROR: 1 });
    const failed = runs.find((p) => p.attributes["isobind.run.outcome"] === "GUEST_ERROR");
    expect(failed?.attributes).toEqual({
      "isobind.run.outcome": "GUEST_ERROR",
      "isobind.isolation": "in-process",
      "error.type": "GUEST_ERROR",
    });

    const durations = await sdk.metric("isobind.run.duration");
    expect(durations.reduce((n, p) => n + count(p.value), 0)).toBe(4);

    const calls = await sdk.metric("isobind.binding.duration");
    const callsBy = Object.fromEntries(
      calls.map((p) => [
        `${p.attributes["gen_ai.tool.name"]}/${p.attributes["error.type"] ?? "ok"}`,
        count(p.value),
      ]),
    );
    // A name no binding has is folded into _OTHER: the guest cannot mint metric series.
    expect(callsBy).toEqual({
      "get-weather/ok": 4,
      "calculate/ok": 2,
      "fails/HANDLER_ERROR": 1,
      "_OTHER/UNKNOWN_BINDING": 1,
    });
  });

  it("reports queue wait and pool size through the hooks left for the shared pool", async () => {
    const telemetry = await createTelemetry(
      { captureContent: false, maxContentChars: 10 },
      "process",
      [],
    );
    await telemetry.traceRun(
      { runId: "9.1", code: "", language: "javascript", helpers: {} },
      async (run) => {
        run.queueWait(250);
        return {
          status: "completed",
          exitCode: 0,
          stdout: "",
          stderr: "",
          value: undefined,
          stats: {
            wallMs: 1,
            cpuMs: 1,
            bindingCalls: 0,
            droppedOutputBytes: 0,
            replayedCalls: 0,
            executedCalls: 0,
          },
        };
      },
    );
    const wait = await sdk.metric("isobind.pool.queue.wait");
    expect(wait).toHaveLength(1);
    expect((wait[0]?.value as Histogram | undefined)?.sum).toBeCloseTo(0.25);
    const span = sdk.spans.getFinishedSpans().find((s) => s.attributes["isobind.run.id"] === "9.1");
    expect(span?.attributes["isobind.pool.queue.wait_ms"]).toBe(250);

    const stop = await observePoolSize(() => ({ idle: 3, busy: 1 }));
    const sizes = await sdk.metric("isobind.pool.size");
    expect(
      Object.fromEntries(sizes.map((p) => [p.attributes["isobind.pool.state"], p.value])),
    ).toEqual({
      idle: 3,
      busy: 1,
    });
    stop();
  });
});
