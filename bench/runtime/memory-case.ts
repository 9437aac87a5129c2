/**
 * Case 6: memory per live runtime and per idle pooled sandbox.
 *
 * Every measurement runs in a fresh Node process (memory-probe.ts): once isolates have been
 * created and disposed, the allocator keeps their pages, and new isolates reuse them without
 * growing RSS, so figures taken after other work come out far too low.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { IsolationMode, NodeRuntime, RuntimeOptions } from "@isobind/core";
import type { BenchConfig } from "./config.ts";
import { create, mustRun } from "./helpers.ts";
import { childPids, mb, readMemory, waitForSteadyRss } from "./memory.ts";
import { SEED_BINDINGS, SEED_CODE } from "./seed.ts";

const execFileAsync = promisify(execFile);

/** Case 6 figures (MB). */
export interface MemoryResult {
  runtimes: number;
  /** Host RSS per live runtime (default pool), MB. */
  hostRssPerRuntimeMb: number;
  /** Host V8 heap (used) per live runtime, MB. */
  hostHeapPerRuntimeMb: number;
  /** Sandbox-process RSS per live runtime (process mode; 0 in-process), MB. */
  childRssPerRuntimeMb: number;
  /** Host + sandbox-process RSS per live runtime, MB. */
  totalRssPerRuntimeMb: number;
  poolSize: number;
  /** RSS (host + its sandbox process) per idle pooled sandbox, MB. */
  rssPerPooledSandboxMb: number;
  /** Host V8 heap per idle pooled sandbox, MB. */
  hostHeapPerPooledSandboxMb: number;
}

/** What one probe process measured: growth after creating `count` runtimes (bytes). */
export interface ProbeDelta {
  hostRss: number;
  hostHeapUsed: number;
  /** RSS of the sandbox processes the runtimes started. */
  childRss: number;
}

/**
 * In this process: creates `count` runtimes with `options`, runs the seed once on each, waits
 * until RSS stops growing (pools fill in the background; nothing reports when they are full),
 * and returns the growth. The runtimes are disposed afterwards.
 */
export async function probe(
  mode: IsolationMode,
  count: number,
  options: RuntimeOptions,
): Promise<ProbeDelta> {
  const before = await readMemory([]);
  const pidsBefore = new Set(childPids());
  const own = () => childPids().filter((p) => !pidsBefore.has(p));
  const runtimes: NodeRuntime[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const rt = await create(mode, { bindings: SEED_BINDINGS, ...options });
      runtimes.push(rt);
      await mustRun(rt, SEED_CODE, 5000);
    }
    await waitForSteadyRss(4000, own);
    const after = await readMemory(own());
    return {
      hostRss: after.hostRss - before.hostRss,
      hostHeapUsed: after.hostHeapUsed - before.hostHeapUsed,
      childRss: after.childRss,
    };
  } finally {
    await Promise.all(runtimes.map((rt) => rt.dispose()));
  }
}

/** Runs {@link probe} in a fresh Node process with this process's flags. */
async function probeInFreshProcess(
  mode: IsolationMode,
  count: number,
  poolSize: number | "default",
): Promise<ProbeDelta> {
  const entry = new URL("./memory-probe.ts", import.meta.url);
  const { stdout } = await execFileAsync(
    process.execPath,
    [...process.execArgv, entry.pathname, mode, String(count), String(poolSize)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as ProbeDelta;
}

/** Case 6 in one mode: three fresh processes (live runtimes; pool of 0; pool of N). */
export async function memoryCase(mode: IsolationMode, config: BenchConfig): Promise<MemoryResult> {
  const k = config.memoryRuntimes;
  const p = config.memoryPoolSize;
  const live = await probeInFreshProcess(mode, k, "default");
  const none = await probeInFreshProcess(mode, 1, 0);
  const pooled = await probeInFreshProcess(mode, 1, p);
  const total = (d: ProbeDelta) => d.hostRss + d.childRss;
  return {
    runtimes: k,
    hostRssPerRuntimeMb: mb(live.hostRss / k),
    hostHeapPerRuntimeMb: mb(live.hostHeapUsed / k),
    childRssPerRuntimeMb: mb(live.childRss / k),
    totalRssPerRuntimeMb: mb(total(live) / k),
    poolSize: p,
    rssPerPooledSandboxMb: mb((total(pooled) - total(none)) / p),
    hostHeapPerPooledSandboxMb: mb((pooled.hostHeapUsed - none.hostHeapUsed) / p),
  };
}
