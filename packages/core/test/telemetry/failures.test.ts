/**
 * Instrumentation that fails (a span processor that throws, a broken meter provider) is
 * reported through OpenTelemetry's diagnostic logger and never changes a run's result.
 */
import { DiagLogLevel, diag } from "@opentelemetry/api";
import { type SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
import { createLatch, telemetryBindings, WEATHER_CODE } from "./bindings.ts";

const errors: string[] = [];
diag.setLogger(
  {
    error: (message: string) => errors.push(message),
    warn: () => {},
    info: () => {},
    debug: () => {},
    verbose: () => {},
  },
  DiagLogLevel.ERROR,
);
afterAll(() => diag.disable());

const throwing: SpanProcessor = {
  onStart() {
    throw new Error("processor broke on start");
  },
  onEnd() {
    throw new Error("processor broke on end");
  },
  forceFlush: async () => {},
  shutdown: async () => {},
};

describe("failing instrumentation", () => {
  it("leaves the run's result unchanged and says so on the diagnostic logger", async () => {
    await using rt = await NodeRuntime.create({
      isolation: "in-process",
      bindings: telemetryBindings(() => createLatch(1)),
      telemetry: {
        tracerProvider: new TracerProvider({ spanProcessors: [throwing] }),
        meterProvider: {
          getMeter() {
            throw new Error("no meters today");
          },
        },
      },
    });
    const result = await rt.run(WEATHER_CODE);
    expect(result.exitCode).toBe(0);
    expect(result.value).toEqual({ diffF: 14, celsius: (14 * 5) / 9, warmer: "Tokyo" });
    expect(result.stats.bindingCalls).toBe(3);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith("@isobind/core: telemetry failed while"))).toBe(true);
  });
});
