/**
 * A runtime created before the application registers its SDK (a module-level `create()`, an
 * SDK started later) still reports once the SDK is there.
 */
import { describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
import { createLatch, telemetryBindings, WEATHER_CODE } from "./bindings.ts";
import { registerSdk } from "./sdk.ts";

describe("an SDK registered after create()", () => {
  it("receives the runtime's spans and metrics", async () => {
    await using rt = await NodeRuntime.create({
      isolation: "in-process",
      bindings: telemetryBindings(() => createLatch(1)),
    });
    const sdk = registerSdk();
    try {
      expect((await rt.run(WEATHER_CODE)).exitCode).toBe(0);
      expect(sdk.spans.getFinishedSpans()).toHaveLength(4);
      expect((await sdk.metric("isobind.runs"))[0]?.value).toBe(1);
    } finally {
      await sdk.shutdown();
    }
  });
});
