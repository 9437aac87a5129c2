import { describe, expect, it } from "vitest";
import { parseTelemetryResults, readTelemetryResults } from "./telemetry-results.ts";

describe("telemetry results", () => {
  it("reads the committed file: every case has the three arms, off at ratio 1", () => {
    const results = readTelemetryResults();
    expect(results?.cases.length).toBeGreaterThan(0);
    for (const c of results?.cases ?? []) {
      expect(c.arms.map((a) => a.arm)).toEqual(["off", "api, no SDK", "SDK"]);
      expect(c.arms[0]?.ratio).toBe(1);
    }
  });

  it("lists every field that is wrong", () => {
    expect(() =>
      parseTelemetryResults({ generatedAt: "x", rounds: 1, cases: [{ mode: 1, arms: {} }] }),
    ).toThrow(/cases\[0\]\.mode: expected a string[\s\S]*cases\[0\]\.workload/);
  });
});
