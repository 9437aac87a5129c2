/**
 * How much the suite samples: the full suite (a few minutes on 2 cores) or the smoke mode
 * (`BENCH_QUICK=1`, seconds) that only proves every case runs.
 */
import type { SamplePlan } from "./stats.ts";

/** Sample counts and durations of every case. */
export interface BenchConfig {
  quick: boolean;
  /** Case 1: create + seed run + dispose. */
  cold: SamplePlan;
  /** Case 2: a seed run on a live runtime, after an idle gap (the agent-loop case). */
  warm: SamplePlan;
  /** Case 2: seed runs back to back, no gap (sustained load). */
  warmBackToBack: SamplePlan;
  /** Case 3: an empty run and a run with one no-op call. */
  roundTrip: SamplePlan;
  /** Case 3: a run with 1,000 sequential no-op calls. */
  sequential: SamplePlan;
  /** Sequential calls per run in case 3. */
  sequentialCalls: number;
  /** Case 4: `Promise.all` of sleeping calls. */
  parallel: SamplePlan;
  /** Calls in the parallelism probe. */
  parallelCalls: number;
  /** Case 5: concurrency levels. */
  concurrency: number[];
  /** Case 5: measured time per level, after a warm-up of a fifth of it. */
  throughputMs: number;
  /** Case 6: live runtimes created for the per-runtime figure, per mode. */
  memoryRuntimes: number;
  /** Case 6: pool size compared against `poolSize: 0` for the per-sandbox figure. */
  memoryPoolSize: number;
  /** Case 8: `create()` with the shared pool up. */
  poolCreate: SamplePlan;
  /** Case 8: live runtimes in one host. */
  poolRuntimes: number;
  /** Case 8: alternating rounds of 1 and 2 processes (each `throughputMs` long). */
  poolScalingRounds: number;
  /** Baselines: warm seed runs (rounds are interleaved across engines). */
  baselineWarm: SamplePlan;
  /** Baselines: cold create + run + dispose. */
  baselineCold: SamplePlan;
}

/** The full suite. */
export const FULL: BenchConfig = {
  quick: false,
  cold: { warmup: 3, samples: 10, rounds: 3, budgetMs: 8000 },
  warm: { warmup: 30, samples: 150, rounds: 3, gapMs: 10 },
  warmBackToBack: { warmup: 30, samples: 150, rounds: 3 },
  roundTrip: { warmup: 30, samples: 150, rounds: 3, gapMs: 10 },
  sequential: { warmup: 2, samples: 5, rounds: 2 },
  sequentialCalls: 1000,
  parallel: { warmup: 1, samples: 5, rounds: 1 },
  parallelCalls: 100,
  concurrency: [1, 2, 4, 8],
  throughputMs: 2500,
  memoryRuntimes: 8,
  memoryPoolSize: 16,
  poolCreate: { warmup: 20, samples: 200, rounds: 3 },
  poolRuntimes: 1000,
  poolScalingRounds: 5,
  baselineWarm: { warmup: 10, samples: 50, rounds: 3, budgetMs: 5000, gapMs: 10 },
  baselineCold: { warmup: 2, samples: 10, rounds: 1, budgetMs: 8000 },
};

/** The smoke mode: every case, a handful of samples. */
export const QUICK: BenchConfig = {
  quick: true,
  cold: { warmup: 1, samples: 2, rounds: 1 },
  warm: { warmup: 3, samples: 10, rounds: 1, gapMs: 10 },
  warmBackToBack: { warmup: 3, samples: 10, rounds: 1 },
  roundTrip: { warmup: 3, samples: 10, rounds: 1, gapMs: 10 },
  sequential: { warmup: 0, samples: 1, rounds: 1 },
  sequentialCalls: 1000,
  parallel: { warmup: 0, samples: 1, rounds: 1 },
  parallelCalls: 100,
  concurrency: [1, 4],
  throughputMs: 300,
  memoryRuntimes: 2,
  memoryPoolSize: 4,
  poolCreate: { warmup: 2, samples: 10, rounds: 1 },
  poolRuntimes: 50,
  poolScalingRounds: 1,
  baselineWarm: { warmup: 1, samples: 3, rounds: 1, gapMs: 10 },
  baselineCold: { warmup: 0, samples: 1, rounds: 1 },
};

/** The configuration of the smoke mode or the full suite. */
export function configFor(quick: boolean): BenchConfig {
  return quick ? QUICK : FULL;
}

/** The configuration chosen by the environment (`BENCH_QUICK=1` for the smoke mode). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true" ? QUICK : FULL;
}
