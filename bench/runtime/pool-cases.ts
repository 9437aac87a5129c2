/**
 * Case 8 (issue 15): one host, many tenants on the shared pool of sandbox processes.
 *
 * - `create()` of a process-isolated runtime while another runtime keeps the shared pool up
 *   (the steady state of a service that creates a runtime per user or per request);
 * - 1,000 live runtimes in one fresh host process (pool-probe.ts): the time to create them
 *   and the host + sandbox-process RSS they hold;
 * - seed runs/s at concurrency 4 on a dedicated pool of 1 process and of 2 processes,
 *   alternating rounds so that other load on the machine hits both alike;
 * - the warm seed run p50 of process isolation over in-process, from case 2 of the same run.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { NodeRuntime } from "@isobind/core";
import type { BenchConfig } from "./config.ts";
import { mustRun } from "./helpers.ts";
import { SEED_BINDINGS, SEED_CODE } from "./seed.ts";
import { round3, rounded, type Summary, sample } from "./stats.ts";

const execFileAsync = promisify(execFile);

/** What pool-probe.ts measured in a fresh host process. */
export interface ManyRuntimesProbe {
  runtimes: number;
  /** Wall time to create all of them, one after another, ms. */
  createAllMs: number;
  /** Host + sandbox-process RSS growth with all of them live (each ran the seed once), MB. */
  totalRssMb: number;
  hostRssMb: number;
  sandboxRssMb: number;
  /** Sandbox processes serving them. */
  processes: number;
}

/** Case 8 figures. */
export interface PoolResult {
  /** `create()` with the shared pool already up, ms. */
  create: Summary;
  many: ManyRuntimesProbe & { rssPerRuntimeMb: number };
  /** Seed runs/s at concurrency 4, per round, on a dedicated pool of 1 and of 2 processes. */
  scaling: { concurrency: number; oneProcess: number[]; twoProcesses: number[]; ratio: number };
}

async function createCase(config: BenchConfig): Promise<Summary> {
  // The anchor keeps the shared pool (and its first process) up, as in a long-lived service.
  await using anchor = await NodeRuntime.create({ bindings: SEED_BINDINGS });
  await mustRun(anchor, SEED_CODE, 5000);
  // `return await`: the anchor must outlive the samples.
  return await sample(async () => {
    const rt = await NodeRuntime.create({ bindings: SEED_BINDINGS });
    // Outside the timed call would be nicer, but sample() times the whole callback; dispose
    // of a runtime that is not a pool's last only releases its handle.
    await rt.dispose();
  }, config.poolCreate);
}

async function manyRuntimes(count: number): Promise<ManyRuntimesProbe> {
  const entry = new URL("./pool-probe.ts", import.meta.url);
  const { stdout } = await execFileAsync(
    process.execPath,
    [...process.execArgv, entry.pathname, String(count)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as ManyRuntimesProbe;
}

async function runsPerSecond(processes: number, concurrency: number, ms: number) {
  await using rt = await NodeRuntime.create({
    bindings: SEED_BINDINGS,
    pool: { mode: "dedicated", processes },
  });
  const drive = async (forMs: number) => {
    let runs = 0;
    const start = performance.now();
    const end = start + forMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          await mustRun(rt, SEED_CODE, 5000);
          runs++;
        }
      }),
    );
    return runs / ((performance.now() - start) / 1000);
  };
  await drive(ms / 2); // warm-up: starts the second process and fills the warm pools
  return Math.round(await drive(ms));
}

async function scalingCase(config: BenchConfig): Promise<PoolResult["scaling"]> {
  const concurrency = 4;
  const one: number[] = [];
  const two: number[] = [];
  for (let round = 0; round < config.poolScalingRounds; round++) {
    one.push(await runsPerSecond(1, concurrency, config.throughputMs));
    two.push(await runsPerSecond(2, concurrency, config.throughputMs));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    concurrency,
    oneProcess: one,
    twoProcesses: two,
    ratio: round3(median(two) / median(one)),
  };
}

/** Runs case 8. */
export async function runPoolCases(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<PoolResult> {
  log("isobind pool: create() with the shared pool up");
  const create = await createCase(config);
  log(`isobind pool: ${config.poolRuntimes} live runtimes (fresh process)`);
  const many = await manyRuntimes(config.poolRuntimes);
  log("isobind pool: 1 vs 2 processes at concurrency 4");
  const scaling = await scalingCase(config);
  return {
    create: rounded(create),
    many: { ...many, rssPerRuntimeMb: round3(many.totalRssMb / many.runtimes) },
    scaling,
  };
}
