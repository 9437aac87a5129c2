/**
 * `bench/results/telemetry.json`, written by `pnpm bench:telemetry` (bench/runtime/telemetry.ts):
 * what OpenTelemetry costs a run with telemetry off, with the API but no SDK, and with the SDK.
 * Read and checked here so the Observability page renders measured numbers only.
 * @module
 */
import { readResultsFile } from "./bench-results.ts";
import { assertNoShapeIssues, JsonReader } from "./json-reader.ts";

/** The arms of the benchmark, in the order the page shows them. */
export const TELEMETRY_ARMS = ["off", "api, no SDK", "SDK"] as const;

/** One workload in one isolation mode. */
export interface TelemetryCase {
  mode: string;
  workload: string;
  /** p50 in milliseconds and its ratio to `off`, per arm. */
  arms: { arm: string; p50: number; ratio: number }[];
}

/** The whole telemetry benchmark. */
export interface TelemetryResults {
  generatedAt: string;
  rounds: number;
  cases: TelemetryCase[];
}

/** Checks the shape of the file's JSON and keeps what the page shows. */
export function parseTelemetryResults(data: unknown): TelemetryResults {
  const root = new JsonReader(data);
  const results: TelemetryResults = {
    generatedAt: root.field("generatedAt").string(),
    rounds: root.field("rounds").number(),
    cases: root
      .field("cases")
      .items()
      .map((c) => ({
        mode: c.field("mode").string(),
        workload: c.field("workload").string(),
        arms: TELEMETRY_ARMS.map((arm) => ({
          arm,
          p50: c.field("arms").field(arm).field("median").number(),
          ratio: c.field("ratios").field(arm).number(),
        })),
      })),
  };
  assertNoShapeIssues("bench/results/telemetry.json", root.issues, "pnpm bench:telemetry");
  return results;
}

/** The committed results, or `undefined` before `pnpm bench:telemetry` has run. */
export function readTelemetryResults(): TelemetryResults | undefined {
  const file = readResultsFile("telemetry.json");
  return file ? parseTelemetryResults(file.data) : undefined;
}
