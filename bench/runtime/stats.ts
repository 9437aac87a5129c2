/**
 * Sampling and summaries: warm-up, several rounds of timed samples, percentiles.
 */
import { setTimeout as sleep } from "node:timers/promises";

/** Percentiles and spread of one measured quantity (milliseconds unless the case says otherwise). */
export interface Summary {
  /** Samples taken (warm-up excluded). */
  n: number;
  median: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  /** The median of each round, in order: how stable the figure is across rounds. */
  roundMedians: number[];
}

/** How many samples to take. */
export interface SamplePlan {
  /** Untimed iterations before each round. */
  warmup: number;
  /** Timed iterations per round. */
  samples: number;
  /** Rounds; each starts with its own warm-up. @defaultValue 1 */
  rounds?: number;
  /**
   * Time budget of one round's timed part in milliseconds: a slow engine stops early, after at
   * least {@link MIN_SAMPLES} samples, so one slow baseline cannot blow the suite's time limit.
   */
  budgetMs?: number;
  /**
   * Untimed pause before every call, in milliseconds: lets a runtime do its between-runs work
   * (isobind refills its pool only while idle), as the seconds a model takes between two tool
   * calls would. `0` runs the calls back to back.
   * @defaultValue 0
   */
  gapMs?: number;
}

/** Samples a round takes even when it is over its budget. */
export const MIN_SAMPLES = 3;

/** Nearest-rank percentile of sorted values (`p` in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function overBudget(plan: SamplePlan, start: number, taken: number): boolean {
  return (
    plan.budgetMs !== undefined && taken >= MIN_SAMPLES && performance.now() - start > plan.budgetMs
  );
}

/** Summarises samples; `rounds` holds each round's samples in order. */
export function summarize(rounds: readonly (readonly number[])[]): Summary {
  const all = rounds.flat().sort((a, b) => a - b);
  const sum = all.reduce((a, b) => a + b, 0);
  return {
    n: all.length,
    median: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    mean: all.length ? sum / all.length : Number.NaN,
    min: all[0] ?? Number.NaN,
    max: all[all.length - 1] ?? Number.NaN,
    roundMedians: rounds.map((r) =>
      percentile(
        [...r].sort((a, b) => a - b),
        50,
      ),
    ),
  };
}

/**
 * One round: `plan.warmup` untimed calls, then up to `plan.samples` timed ones (milliseconds of
 * wall-clock time each), one after another, never overlapping.
 */
export async function sampleRound(fn: () => Promise<unknown>, plan: SamplePlan): Promise<number[]> {
  const gap = plan.gapMs ? () => sleep(plan.gapMs) : async () => {};
  for (let i = 0; i < plan.warmup; i++) {
    await gap();
    await fn();
  }
  const times: number[] = [];
  let paused = 0;
  const start = performance.now();
  for (let i = 0; i < plan.samples; i++) {
    const g0 = performance.now();
    await gap();
    paused += performance.now() - g0;
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    if (overBudget(plan, start + paused, times.length)) break;
  }
  return times;
}

/** Times `fn` over `plan.rounds` rounds (see {@link sampleRound}) and summarises. */
export async function sample(fn: () => Promise<unknown>, plan: SamplePlan): Promise<Summary> {
  const rounds: number[][] = [];
  for (let r = 0; r < (plan.rounds ?? 1); r++) rounds.push(await sampleRound(fn, plan));
  return summarize(rounds);
}

/** Rounds to three decimals for JSON output. */
export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A summary with every figure rounded by {@link round3}. */
export function rounded(s: Summary): Summary {
  return {
    n: s.n,
    median: round3(s.median),
    p95: round3(s.p95),
    p99: round3(s.p99),
    mean: round3(s.mean),
    min: round3(s.min),
    max: round3(s.max),
    roundMedians: s.roundMedians.map(round3),
  };
}
