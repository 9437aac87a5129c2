/**
 * isobind's own cases (issue 9, cases 1–6), run once per isolation mode (case 7).
 */
import { type IsolationMode, NodeRuntime, type RuntimeOptions } from "@isobind/core";
import type { BenchConfig } from "./config.ts";
import { childPids, type MemoryReading, mb, readMemory, waitForSteadyRss } from "./memory.ts";
import {
  NOOP_BINDING,
  parallelCallsCode,
  SEED_BINDINGS,
  SEED_CODE,
  SLEEP_BINDING,
  sequentialCallsCode,
} from "./seed.ts";
import { percentile, round3, rounded, type Summary, sample } from "./stats.ts";

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

/** Case 6 figures (MB). */
export interface MemoryResult {
  runtimes: number;
  /** Host RSS per live runtime (default pool), MB. */
  hostRssPerRuntimeMb: number;
  /** Host V8 heap (used) per live runtime, MB. */
  hostHeapPerRuntimeMb: number;
  /** Sandbox-process RSS per live runtime (process mode; 0 in-process), MB. */
  childRssPerRuntimeMb: number;
  /** Host + child RSS per live runtime, MB. */
  totalRssPerRuntimeMb: number;
  poolSize: number;
  /** RSS (host + its sandbox process) per idle pooled sandbox, MB. */
  rssPerPooledSandboxMb: number;
  /** Host V8 heap per idle pooled sandbox, MB. */
  hostHeapPerPooledSandboxMb: number;
}

/** Every case of one mode. */
export interface ModeResult {
  mode: IsolationMode;
  cold: Summary;
  warm: Summary;
  roundTrip: RoundTripResult;
  parallel: { calls: number; handlerMs: number; wall: Summary };
  throughput: ThroughputLevel[];
  memory: MemoryResult;
}

type Log = (line: string) => void;

function create(mode: IsolationMode, options: RuntimeOptions): Promise<NodeRuntime> {
  return NodeRuntime.create({ isolation: mode, ...options });
}

/** Runs `code` and fails loudly unless it succeeded: no figure comes from a failed run. */
async function mustRun(rt: NodeRuntime, code: string, timeout = 30_000): Promise<void> {
  const r = await rt.run(code, { timeout });
  if (r.exitCode !== 0) {
    throw new Error(`isobind run failed (${rt.isolation}): ${r.error?.code}: ${r.error?.message}`);
  }
}

async function coldCase(mode: IsolationMode, config: BenchConfig): Promise<Summary> {
  return sample(async () => {
    const rt = await create(mode, { bindings: SEED_BINDINGS });
    await mustRun(rt, SEED_CODE, 5000);
    await rt.dispose();
  }, config.cold);
}

async function warmCase(mode: IsolationMode, config: BenchConfig): Promise<Summary> {
  await using rt = await create(mode, { bindings: SEED_BINDINGS });
  return await sample(() => mustRun(rt, SEED_CODE, 5000), config.warm);
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

/** Creates runtimes, runs the seed once on each, waits for their pools, and reads memory. */
async function withRuntimes<T>(
  mode: IsolationMode,
  count: number,
  options: RuntimeOptions,
  measure: (before: MemoryReading, after: MemoryReading) => T,
): Promise<T> {
  const pidsBefore = new Set(childPids());
  const own = () => childPids().filter((p) => !pidsBefore.has(p));
  const before = await readMemory([]);
  const runtimes: NodeRuntime[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const rt = await create(mode, { bindings: SEED_BINDINGS, ...options });
      runtimes.push(rt);
      await mustRun(rt, SEED_CODE, 5000);
    }
    await waitForSteadyRss(4000, own);
    const after = await readMemory(own());
    return measure(before, after);
  } finally {
    await Promise.all(runtimes.map((rt) => rt.dispose()));
  }
}

async function memoryCase(mode: IsolationMode, config: BenchConfig): Promise<MemoryResult> {
  const k = config.memoryRuntimes;
  const perRuntime = await withRuntimes(mode, k, {}, (b, a) => ({
    rss: (a.hostRss - b.hostRss) / k,
    heap: (a.hostHeapUsed - b.hostHeapUsed) / k,
    child: a.childRss / k,
  }));
  // One runtime without a pool, then one with `p` pooled sandboxes: the difference is the pool.
  const p = config.memoryPoolSize;
  const delta = (b: MemoryReading, a: MemoryReading) => ({
    total: a.hostRss - b.hostRss + a.childRss,
    heap: a.hostHeapUsed - b.hostHeapUsed,
  });
  const none = await withRuntimes(mode, 1, { poolSize: 0 }, delta);
  const pooled = await withRuntimes(mode, 1, { poolSize: p }, delta);
  return {
    runtimes: k,
    hostRssPerRuntimeMb: mb(perRuntime.rss),
    hostHeapPerRuntimeMb: mb(perRuntime.heap),
    childRssPerRuntimeMb: mb(perRuntime.child),
    totalRssPerRuntimeMb: mb(perRuntime.rss + perRuntime.child),
    poolSize: p,
    rssPerPooledSandboxMb: mb((pooled.total - none.total) / p),
    hostHeapPerPooledSandboxMb: mb((pooled.heap - none.heap) / p),
  };
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
  const warm = await warmCase(mode, config);
  log(`isobind ${mode}: binding round trip`);
  const roundTrip = await roundTripCase(mode, config);
  log(`isobind ${mode}: parallelism probe`);
  const parallel = await parallelCase(mode, config);
  log(`isobind ${mode}: throughput`);
  const throughput = await throughputCase(mode, config);
  log(`isobind ${mode}: memory`);
  const memory = await memoryCase(mode, config);
  return {
    mode,
    cold: rounded(cold),
    warm: rounded(warm),
    roundTrip,
    parallel,
    throughput,
    memory,
  };
}
