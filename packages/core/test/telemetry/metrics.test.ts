/**
 * Metrics through the OpenTelemetry metrics API, read from the real SDK: runs by outcome, run
 * duration, binding call duration by binding, the shared pool's queue wait and size.
 */
import type { Histogram } from "@opentelemetry/sdk-metrics";
import { afterAll, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
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

  it("reports each run's wait for the shared pool, and the pool's processes by state once", async () => {
    // Runtime B's first run waits in the queue while A's run holds the only process slot.
    let releaseA: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    let aStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      aStarted = resolve;
    });
    const bindings = {
      ...telemetryBindings(() => createLatch(1)),
      hold: {
        description: "Waits until the test lets go",
        inputSchema: { type: "object" },
        handler: async () => {
          aStarted();
          await held;
          return null;
        },
      },
    };
    const pool = { mode: "dedicated", processes: 1, maxRunsPerProcess: 1 } as const;
    const a = await NodeRuntime.create({ isolation: "process", bindings, pool });
    try {
      // A runtime's pool is reported from its first run on (the SDK may be registered later).
      expect((await a.run(WEATHER_CODE)).exitCode).toBe(0);
      const b = await NodeRuntime.create({
        isolation: "process",
        bindings,
        pool: { processes: 1, maxRunsPerProcess: 1 },
      });
      const c = await NodeRuntime.create({
        isolation: "process",
        bindings,
        pool: { processes: 1, maxRunsPerProcess: 1 },
      });
      try {
        const first = b.run(`await callBinding("hold", {}); return 1;`);
        await started;
        const second = c.run(WEATHER_CODE);
        const heldFor = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 60));
        // A dedicated pool and a shared pool (of B and C), one process each: the shared one is
        // counted once however many runtimes use it, and the two pools add up.
        const during = await sdk.metric("isobind.pool.size");
        expect(
          Object.fromEntries(during.map((p) => [p.attributes["isobind.pool.state"], p.value])),
        ).toEqual({ idle: 1, busy: 1 });
        releaseA();
        const waitedAtLeast = performance.now() - heldFor;
        expect((await first).exitCode).toBe(0);
        expect((await second).exitCode).toBe(0);
        expect((await a.run(WEATHER_CODE)).exitCode).toBe(0);

        const waits = sdk.spans
          .getFinishedSpans()
          .filter(
            (s) => s.attributes["isobind.isolation"] === "process" && s.name === "isobind.run",
          )
          .map((s) => s.attributes["isobind.pool.queue.wait_ms"]);
        expect(waits).toHaveLength(4);
        for (const w of waits) expect(typeof w).toBe("number");
        // C's run waited in the queue at least as long as the test held B's run.
        expect(Math.max(...(waits as number[]))).toBeGreaterThanOrEqual(waitedAtLeast - 1);
        const histogram = await sdk.metric("isobind.pool.queue.wait");
        expect(histogram).toHaveLength(1);
        expect(histogram[0]?.attributes).toEqual({ "isobind.isolation": "process" });
        expect((histogram[0]?.value as Histogram | undefined)?.count).toBe(4);
      } finally {
        await b.dispose();
        await c.dispose();
      }
      const afterShared = await sdk.metric("isobind.pool.size");
      expect(
        Object.fromEntries(afterShared.map((p) => [p.attributes["isobind.pool.state"], p.value])),
      ).toEqual({ idle: 1, busy: 0 });
    } finally {
      await a.dispose();
    }
    const after = await sdk.metric("isobind.pool.size");
    expect(
      Object.fromEntries(after.map((p) => [p.attributes["isobind.pool.state"], p.value])),
    ).toEqual({ idle: 0, busy: 0 });
  });
});
