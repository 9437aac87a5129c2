/**
 * `pnpm bench:telemetry`: what OpenTelemetry costs a run (issue 16). Three arms in one
 * process, their rounds interleaved so that changing machine load hits all of them alike:
 *
 * - `off`: `telemetry: false`, the same code path as `@opentelemetry/api` not installed;
 * - `api, no SDK`: the default, with the API loaded but nothing registered (the common case
 *   for users who do not trace: the API's non-recording spans and no-op instruments);
 * - `SDK`: the OpenTelemetry SDK (AsyncLocalStorage context manager registered globally, a
 *   tracer provider with a batch processor and a meter provider), exporting to nowhere. The
 *   providers are passed as `telemetry.tracerProvider` / `meterProvider` rather than
 *   registered globally: a global registration cannot be undone for a tracer already handed
 *   out, so the `api, no SDK` rounds would silently trace too.
 *
 * Workloads: the weather example (3 binding calls) and a run of 100 sequential no-op calls (the
 * per-call cost). Both isolation modes. Results: the p50 of each arm and its ratio to `off`,
 * written to bench/results/telemetry.{json,md} (`BENCH_QUICK=1`: bench/results/tmp/).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { type IsolationMode, NodeRuntime } from "@isobind/core";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { mustRun } from "./helpers.ts";
import { NOOP_BINDING, SEED_BINDINGS, SEED_CODE, sequentialCallsCode } from "./seed.ts";
import { round3, rounded, type SamplePlan, type Summary, sampleRound, summarize } from "./stats.ts";

const QUICK = process.env.BENCH_QUICK === "1" || process.env.BENCH_QUICK === "true";
const ROUNDS = QUICK ? 1 : 5;
const SEED_PLAN: SamplePlan = QUICK ? { warmup: 3, samples: 10 } : { warmup: 20, samples: 100 };
const CALLS_PLAN: SamplePlan = QUICK ? { warmup: 1, samples: 3 } : { warmup: 3, samples: 20 };
const CALLS = 100;
const ARMS = ["off", "api, no SDK", "SDK"] as const;
type Arm = (typeof ARMS)[number];

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Counts exported spans, keeps none: the cost of producing spans, not of shipping them. */
let exportedSpans = 0;
const countingExporter: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    exportedSpans += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
};
const contextManager = new AsyncLocalStorageContextManager();
const tracerProvider = new TracerProvider({
  spanProcessors: [new BatchSpanProcessor({ exporter: countingExporter })],
});
const meterProvider = new MeterProvider({
  readers: [
    new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(AggregationTemporality.DELTA),
      exportIntervalMillis: 3_600_000,
    }),
  ],
});

/** The context manager is read at each use, so it can be switched per round. */
function useContextManager(on: boolean): void {
  context.disable();
  if (on) context.setGlobalContextManager(contextManager.enable());
}

interface CaseResult {
  mode: IsolationMode;
  workload: string;
  arms: Record<Arm, Summary>;
  /** p50 of the arm / p50 of `off`. */
  ratios: Record<Arm, number>;
}

async function measure(
  mode: IsolationMode,
  workload: string,
  bindings: typeof SEED_BINDINGS,
  code: string,
  plan: SamplePlan,
  spansPerRun: number,
): Promise<CaseResult> {
  await using off = await NodeRuntime.create({ isolation: mode, bindings, telemetry: false });
  await using on = await NodeRuntime.create({ isolation: mode, bindings });
  await using sdk = await NodeRuntime.create({
    isolation: mode,
    bindings,
    telemetry: { tracerProvider, meterProvider },
  });
  const runtimes: Record<Arm, NodeRuntime> = { off, "api, no SDK": on, SDK: sdk };
  const samples: Record<Arm, number[][]> = { off: [], "api, no SDK": [], SDK: [] };
  let sdkRuns = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const arm of ARMS) {
      useContextManager(arm === "SDK");
      const rt = runtimes[arm];
      samples[arm].push(
        await sampleRound(async () => {
          await mustRun(rt, code);
          if (arm === "SDK") sdkRuns++;
        }, plan),
      );
    }
  }
  useContextManager(false);
  if (trace.getTracerProvider().getTracer("probe").startSpan("probe").isRecording()) {
    throw new Error("a global tracer provider is registered: the no-SDK arm would trace");
  }
  // No figure from an arm that did not do its work: the SDK arm really produced its spans.
  await tracerProvider.forceFlush();
  if (exportedSpans < sdkRuns * spansPerRun) {
    throw new Error(`${workload}: ${exportedSpans} spans for ${sdkRuns} SDK runs`);
  }
  exportedSpans = 0;
  const arms = Object.fromEntries(ARMS.map((a) => [a, rounded(summarize(samples[a]))])) as Record<
    Arm,
    Summary
  >;
  const ratios = Object.fromEntries(
    ARMS.map((a) => [a, round3(arms[a].median / arms.off.median)]),
  ) as Record<Arm, number>;
  log(`${mode} ${workload}: ${ARMS.map((a) => `${a} ${arms[a].median} ms`).join(", ")}`);
  return { mode, workload, arms, ratios };
}

const started = performance.now();
const loadAverageStart = os.loadavg()[0] ?? 0;
const cases: CaseResult[] = [];
for (const mode of ["in-process", "process"] as IsolationMode[]) {
  cases.push(await measure(mode, "weather example", SEED_BINDINGS, SEED_CODE, SEED_PLAN, 4));
  const calls = sequentialCallsCode(CALLS);
  cases.push(await measure(mode, `${CALLS} sequential calls`, NOOP_BINDING, calls, CALLS_PLAN, 1));
}
await tracerProvider.shutdown();
await meterProvider.shutdown();

const results = {
  schemaVersion: 1,
  generatedAt: new Date().toISOString(),
  quick: QUICK,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  environment: {
    node: process.versions.node,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    loadAverageStart,
    loadAverageEnd: os.loadavg()[0] ?? 0,
  },
  rounds: ROUNDS,
  cases,
};

function markdown(): string {
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
  const lines = [
    "# Telemetry overhead",
    "",
    `Generated by \`pnpm bench:telemetry\` on ${results.generatedAt.slice(0, 10)}, in ${results.durationSeconds} s; Node ${results.environment.node}, ${results.environment.cpus} × ${results.environment.cpuModel}; 1-minute load average ${results.environment.loadAverageStart.toFixed(2)} before, ${results.environment.loadAverageEnd.toFixed(2)} after.`,
    "",
    "Wall-clock milliseconds per run, p50 (ratio to `off`), over every sample of " +
      `${ROUNDS} interleaved rounds. \`off\`: \`telemetry: false\` (the same path as ` +
      "`@opentelemetry/api` not installed). `api, no SDK`: the default with nothing registered. " +
      "`SDK`: the OpenTelemetry SDK registered (context manager, batch span processor, meter provider).",
    "",
    `| mode | workload | ${ARMS.join(" | ")} |`,
    `|---|---|${ARMS.map(() => "---").join("|")}|`,
  ];
  for (const c of cases) {
    const cells = ARMS.map((a) => `${fmt(c.arms[a].median)} (${c.ratios[a].toFixed(2)}×)`);
    lines.push(`| ${c.mode} | ${c.workload} | ${cells.join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}

const dir = new URL(QUICK ? "../results/tmp/" : "../results/", import.meta.url);
mkdirSync(dir, { recursive: true });
const base = QUICK ? "telemetry.quick" : "telemetry";
writeFileSync(new URL(`${base}.json`, dir), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL(`${base}.md`, dir), markdown());
process.stdout.write(
  `${new URL(`${base}.json`, dir).pathname}\n${new URL(`${base}.md`, dir).pathname}\n`,
);
