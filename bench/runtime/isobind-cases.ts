/**
 * isobind's own cases (issue 9, cases 1–6), run once per isolation mode (case 7).
 */
import type { IsolationMode, NodeRuntime } from "@isobind/core";
import type { BenchConfig } from "./config.ts";
import { create, mustRun } from "./helpers.ts";
import { type MemoryResult, memoryCase } from "./memory-case.ts";
import {
  NOOP_BINDING,
  parallelCallsCode,
  SEED_BINDINGS,
  SEED_CODE,
  SLEEP_BINDING,
  sequentialCallsCode,
} from "./seed.ts";
import { percentile, round3, rounded, type SamplePlan, type Summary, sample } from "./stats.ts";

/** Case 3 figures. */
export interface RoundTripResult {
  /** A run with no binding call (`return 0`), ms. */
  emptyRun: Summary;
  /** A run with one no-op call, ms. */
  oneCallRun: Summary;
  /** p50 of the one-call run minus p50 of the empty run, µs. */
  oneCallDeltaUs: number;
  /** A run with {@link sequentialCalls} sequential calls, ms. */
  sequentialRun: Summary;
  sequentialCalls: number;
  /** (p50 sequential run − p50 empty run) / calls, µs: the per-call round trip. */
  perCallUs: number;
}

/** Case 5 figures for one concurrency level. */
export interface ThroughputLevel {
  concurrency: number;
  runs: number;
  seconds: number;
  runsPerSecond: number;
  /** Latency of one run under this load, ms. */
  latencyP50: number;
  latencyP99: number;
}

/** Every case of one mode. */
export interface ModeResult {
  mode: IsolationMode;
  cold: Summary;
  /** Seed runs after an idle gap (the pool refilled), as in an agent loop. */
  warm: Summary;
  /** The untimed idle gap before each warm run, ms. */
  warmGapMs: number;
  /** Seed runs back to back (the pool drained: sustained load). */
  warmBackToBack: Summary;
  roundTrip: RoundTripResult;
  parallel: { calls: number; handlerMs: number; wall: Summary };
  throughput: ThroughputLevel[];
  memory: MemoryResult;
}

type Log = (line: string) => void;

async function coldCase(mode: IsolationMode, config: BenchConfig): Promise<Summary> {
  return sample(async () => {
    const rt = await create(mode, { bindings: SEED_BINDINGS });
    await mustRun(rt, SEED_CODE, 5000);
    await rt.dispose();
  }, config.cold);
}

async function warmCase(mode: IsolationMode, plan: SamplePlan): Promise<Summary> {
  await using rt = await create(mode, { bindings: SEED_BINDINGS });
  return await sample(() => mustRun(rt, SEED_CODE, 5000), plan);
}

async function roundTripCase(mode: IsolationMode, config: BenchConfig): Promise<RoundTripResult> {
  await using rt = await create(mode, { bindings: NOOP_BINDING });
  const empty = await sample(() => mustRun(rt, "return 0;"), config.roundTrip);
  const one = await sample(() => mustRun(rt, sequentialCallsCode(1)), config.roundTrip);
  const n = config.sequentialCalls;
  const seq = await sample(() => mustRun(rt, sequentialCallsCode(n)), config.sequential);
  return {
    emptyRun: rounded(empty),
    oneCallRun: rounded(one),
    oneCallDeltaUs: round3((one.median - empty.median) * 1000),
    sequentialRun: rounded(seq),
    sequentialCalls: n,
    perCallUs: round3(((seq.median - empty.median) / n) * 1000),
  };
}

async function parallelCase(mode: IsolationMode, config: BenchConfig) {
  await using rt = await create(mode, { bindings: SLEEP_BINDING });
  const wall = await sample(
    () => mustRun(rt, parallelCallsCode(config.parallelCalls)),
    config.parallel,
  );
  return { calls: config.parallelCalls, handlerMs: 100, wall: rounded(wall) };
}

/** `concurrency` workers run the seed back to back for `ms`; returns completed runs and latencies. */
async function drive(rt: NodeRuntime, concurrency: number, ms: number) {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await mustRun(rt, SEED_CODE, 5000);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

async function throughputCase(
  mode: IsolationMode,
  config: BenchConfig,
): Promise<ThroughputLevel[]> {
  await using rt = await create(mode, { bindings: SEED_BINDINGS });
  const levels: ThroughputLevel[] = [];
  for (const c of config.concurrency) {
    await drive(rt, c, config.throughputMs / 5);
    const { latencies, seconds } = await drive(rt, c, config.throughputMs);
    const sorted = latencies.sort((a, b) => a - b);
    levels.push({
      concurrency: c,
      runs: sorted.length,
      seconds: round3(seconds),
      runsPerSecond: Math.round(sorted.length / seconds),
      latencyP50: round3(percentile(sorted, 50)),
      latencyP99: round3(percentile(sorted, 99)),
    });
  }
  return levels;
}

/** Runs cases 1–6 in one isolation mode. */
export async function runIsobindCases(
  mode: IsolationMode,
  config: BenchConfig,
  log: Log,
): Promise<ModeResult> {
  log(`isobind ${mode}: cold`);
  const cold = await coldCase(mode, config);
  log(`isobind ${mode}: warm`);
  const warm = await warmCase(mode, config.warm);
  log(`isobind ${mode}: warm, back to back`);
  const warmBackToBack = await warmCase(mode, config.warmBackToBack);
  log(`isobind ${mode}: binding round trip`);
  const roundTrip = await roundTripCase(mode, config);
  log(`isobind ${mode}: parallelism probe`);
  const parallel = await parallelCase(mode, config);
  log(`isobind ${mode}: throughput`);
  const throughput = await throughputCase(mode, config);
  log(`isobind ${mode}: memory (fresh processes)`);
  const memory = await memoryCase(mode, config);
  return {
    mode,
    cold: rounded(cold),
    warm: rounded(warm),
    warmGapMs: config.warm.gapMs ?? 0,
    warmBackToBack: rounded(warmBackToBack),
    roundTrip,
    parallel,
    throughput,
    memory,
  };
}
